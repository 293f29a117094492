"""A database that was never migrated: one clear line that says what to run, no retry storm.

Before, ``umt.connect`` on such a database failed as "the database is unavailable" at the
first call while the outbox relay, the webhook sender and the integration scheduler retried
"no such table" in the log forever.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient
from sqlalchemy import text

import umt
from umt.adapters.sql.engine import create_engine, translate_errors
from umt.adapters.sql.migrate import revisions
from umt.entrypoints import schema
from umt.entrypoints.http.app import create_app
from umt.entrypoints.settings import ConfigurationError, Settings
from umt.ports.errors import SchemaMissing

PASSWORD = "correct horse battery staple"
HINT = "run `umt migrate` (or `await umt.migrate(settings)`)"


def settings_for(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "_env_file": None,
        "data_dir": tmp_path,
        "environment": "development",
        "broker_url": "",
        "redis_url": "",
        "rate_limits": False,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]  # the keywords are Settings fields


class Recorded(logging.Handler):
    """Every record umt's loggers emit during a test (the app replaces the root's handlers)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def messages(self, level: int = logging.WARNING) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= level]

    def from_loops(self) -> list[str]:
        """Warnings of the outbox relay, the webhook sender and the integration scheduler."""
        loops = ("umt.outbox", "umt.webhooks", "umt.application.integration")
        return [
            r.getMessage()
            for r in self.records
            if r.levelno >= logging.WARNING and r.name.startswith(loops)
        ]


@pytest.fixture
def umt_log() -> Iterator[Recorded]:
    handler = Recorded()
    logger = logging.getLogger("umt")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def wait_until(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    """Poll ``condition`` (a generous deadline: this asserts behaviour, not speed)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_connect_to_an_unmigrated_database_says_what_to_run(
    tmp_path: Path, umt_log: Recorded
) -> None:
    async def open_it() -> None:
        async with umt.connect(settings_for(tmp_path)):
            pytest.fail("a platform opened on a database with no schema")

    with pytest.raises(SchemaMissing) as raised:
        asyncio.run(open_it())
    assert str(raised.value) == f"the database has no umt schema: {HINT}"
    assert umt_log.messages() == []  # nothing started, so nothing retried


def test_connect_can_migrate_an_embedded_sqlite_database(tmp_path: Path) -> None:
    async def journey() -> str:
        async with umt.connect(settings_for(tmp_path), migrate=True) as platform:
            await platform.register("ana@acme.example", PASSWORD, organization_name="A")
        # the next connection finds the schema in place, and migrating again is a no-op
        async with umt.connect(settings_for(tmp_path), migrate=True) as platform:
            return (await platform.login("ana@acme.example", PASSWORD)).principal.role.value

    assert asyncio.run(journey()) == "owner"


def test_connect_does_not_migrate_a_server_database(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, database_url="postgresql+asyncpg://umt@db.invalid/umt")
    with pytest.raises(ConfigurationError, match="embedded SQLite database only"):
        asyncio.run(umt.connect(settings, migrate=True).__aenter__())


def test_migrate_applies_every_revision_once(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    assert asyncio.run(umt.migrate(settings)) == revisions()
    assert asyncio.run(umt.migrate(settings)) == []
    assert asyncio.run(umt.migrate(settings_for(tmp_path, database_url="memory://"))) == []


def test_an_older_schema_names_its_revision(tmp_path: Path) -> None:
    from umt.adapters.sql.migrate import upgrade_async

    older = revisions()[-2]
    asyncio.run(upgrade_async(settings_for(tmp_path).resolved_database_url, older))

    async def open_it() -> None:
        async with umt.connect(settings_for(tmp_path)):
            pass

    with pytest.raises(SchemaMissing, match=f"at schema revision {older}, older than"):
        asyncio.run(open_it())


def query_the_outbox(url: str) -> None:
    """What the relay's first round does, as an adapter does it (through translate_errors);
    on a database with no schema it raises SchemaMissing, which says what to run."""

    async def query() -> None:
        engine = create_engine(url)
        try:
            async with translate_errors("claiming outbox rows"), engine.connect() as conn:
                await conn.execute(text("SELECT id FROM outbox"))
        finally:
            await engine.dispose()

    with pytest.raises(SchemaMissing, match=r"claiming outbox rows failed: .* `umt migrate`"):
        asyncio.run(query())


def test_a_missing_table_is_schema_missing_not_an_outage(tmp_path: Path) -> None:
    query_the_outbox(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")


def test_the_app_waits_for_the_schema_without_retrying(
    tmp_path: Path, umt_log: Recorded, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "RECHECK_SECONDS", 0.05)
    settings = settings_for(tmp_path)
    with TestClient(app=create_app(settings)) as client:
        relay = client.app.state.container.outbox_relay()
        ready = client.get("/health/ready")
        assert ready.status_code == 503
        assert ready.json()["down"] == ["database"]
        assert ready.json()["checks"]["database"] == f"down: the database has no umt schema: {HINT}"
        response = client.post(
            "/api/v1/auth/token", json={"email": "a@b.example", "password": PASSWORD}
        )
        assert response.status_code == 503
        assert response.json()["code"] == "dependency_unavailable"
        # the loops never ran a round: the one error line is the gate's, once
        assert relay.stats.rounds == 0
        errors = umt_log.messages(logging.ERROR)
        assert errors == [f"the database has no umt schema: {HINT}; background work waits for it"]
        assert umt_log.from_loops() == []

        # an operator migrates: the loops start and the instance becomes ready
        asyncio.run(umt.migrate(settings))
        assert wait_until(lambda: relay.stats.rounds > 0)
        assert client.get("/health/ready").status_code == 200
    assert umt_log.messages(logging.ERROR) == errors


def test_the_schema_check_knows_the_revisions_alembic_knows_in_the_same_order() -> None:
    # the start-up check reads the scripts' revision lines without Alembic (10 MiB resident)
    from umt.adapters.sql.migrate import head_revision, revisions
    from umt.adapters.sql.schema_check import script_revisions

    assert list(script_revisions()) == revisions()
    assert script_revisions()[-1] == head_revision()
