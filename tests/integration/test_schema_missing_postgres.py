"""A PostgreSQL database that was never migrated: the same one clear line as on SQLite.

PostgreSQL reports a missing table by its SQLSTATE (42P01) where SQLite reports an
OperationalError, so the detection is checked on the real server too.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from litestar.testing import TestClient
from tests.support.postgres import throwaway_database
from tests.unit.entrypoints.test_schema_missing import HINT, query_the_outbox, settings_for

import umt
from umt.entrypoints.http.app import create_app
from umt.ports.errors import SchemaMissing


def test_an_unmigrated_postgres_database_is_schema_missing(tmp_path: Path) -> None:
    with throwaway_database(migrate=False) as url:
        query_the_outbox(url)  # SQLSTATE 42P01, where SQLite says "no such table"

        async def open_it() -> None:
            async with umt.connect(settings_for(tmp_path, database_url=url)):
                pytest.fail("a platform opened on a database with no schema")

        with pytest.raises(SchemaMissing, match="the database has no umt schema"):
            asyncio.run(open_it())

        with TestClient(create_app(settings_for(tmp_path, database_url=url))) as client:
            ready = client.get("/health/ready").json()
            assert ready["checks"]["database"] == f"down: the database has no umt schema: {HINT}"
            assert client.app.state.container.outbox_relay().stats.rounds == 0


def test_migrate_on_postgres_reports_what_it_applied(tmp_path: Path) -> None:
    with throwaway_database(migrate=False) as url:
        settings = settings_for(tmp_path, database_url=url)
        applied = asyncio.run(umt.migrate(settings))
        assert applied[0] == "0001"
        assert asyncio.run(umt.migrate(settings)) == []
        with TestClient(create_app(settings)) as client:
            assert client.get("/health/ready").json()["checks"]["database"] == "ok"
