"""``umt jobs``, ``umt outbox status`` (on SQLite, through ``umt``'s main) and ``umt agents``
(on the in-process broker)."""

from __future__ import annotations

import asyncio
import io
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.contracts.builders import append_events, thing_event
from tests.contracts.conftest import RandomIds
from tests.unit.application.agents.test_directory_and_system import heartbeat

from umt.adapters.memory.broker import InProcessBroker
from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.migrate import upgrade_to_head
from umt.adapters.sql.shared.job_store import SqlJobStore
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.application.agents.directory import AgentDirectory
from umt.application.agents.worker import HEARTBEAT_EVENT
from umt.application.audit.entries import entry_for_event
from umt.application.messaging.envelope import AgentStatus
from umt.entrypoints.cli import main
from umt.entrypoints.operator.agents import hearing, show_agents
from umt.entrypoints.operator.output import Output
from umt.ports.job_store import Job, JobStatus

NOW = datetime.now(UTC)


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'umt.db'}"
    asyncio.run(upgrade_to_head(url))
    monkeypatch.setenv("UMT_DATABASE_URL", url)
    monkeypatch.delenv("UMT_BROKER_URL", raising=False)
    return url


def job(agent: str, minutes: int, organization: uuid.UUID | None = None) -> Job:
    at = NOW - timedelta(minutes=minutes)
    return Job(
        id=uuid.uuid4(),
        organization_id=organization or uuid.uuid4(),
        user_id=uuid.uuid4(),
        agent=agent,
        task_type="brand.create",
        status=JobStatus.QUEUED,
        created_at=at,
        updated_at=at,
    )


def stored(url: str, *jobs: Job, failed: Job | None = None) -> None:
    async def store() -> None:
        engine = create_engine(url)
        try:
            sql = SqlJobStore(engine)
            for each in jobs:
                await sql.create(each)
            if failed is not None:
                await sql.finish(
                    failed.id, succeeded=False, result=None, error={"code": "bug"}, at=NOW
                )
        finally:
            await engine.dispose()

    asyncio.run(store())


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_jobs_list_newest_first_with_filters(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = job("brand-project", 10), job("content-creation", 1)
    stored(database, old, new, failed=old)

    code, out, _ = run(capsys, "jobs", "list", "--json")
    assert code == 0
    assert [row["id"] for row in json.loads(out)] == [str(new.id), str(old.id)]

    code, out, _ = run(capsys, "jobs", "list", "--json", "--status", "failed")
    assert [(row["id"], row["error"]) for row in json.loads(out)] == [
        (str(old.id), {"code": "bug"})
    ]
    code, out, _ = run(capsys, "jobs", "list", "--organization", str(new.organization_id))
    assert code == 0
    assert str(new.id) in out
    assert str(old.id) not in out


def test_jobs_show_finds_a_job_of_any_organization(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    one = job("brand-project", 3)
    stored(database, one)

    code, out, _ = run(capsys, "jobs", "show", str(one.id), "--json")
    assert code == 0
    shown = json.loads(out)
    assert (shown["organization_id"], shown["status"]) == (str(one.organization_id), "queued")

    code, _, err = run(capsys, "jobs", "show", str(uuid.uuid4()))
    assert code == 1
    assert "no job" in err


def test_jobs_bad_input_is_a_usage_error(database: str) -> None:
    for argv in (["jobs", "show", "not-a-uuid"], ["jobs", "list", "--limit", "0"]):
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 2


def test_outbox_status_counts_pending_events_and_their_lag(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "outbox", "status", "--json")
    assert (code, json.loads(out)) == (
        0,
        {"pending": 0, "oldest_occurred_at": None, "lag_seconds": 0.0},
    )

    async def append() -> None:
        engine = create_engine(database)
        try:
            uow = SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event)
            aggregate = uuid.uuid4()
            an_hour_ago = NOW - timedelta(hours=1)
            await append_events(uow, [thing_event(aggregate, n, now=an_hour_ago) for n in (1, 2)])
        finally:
            await engine.dispose()

    asyncio.run(append())
    code, out, _ = run(capsys, "outbox", "status", "--json")
    status = json.loads(out)
    assert code == 0
    assert status["pending"] == 2
    assert 3600 <= status["lag_seconds"] < 86_400
    code, out, err = run(capsys, "outbox", "status", "--max-lag", "60")
    assert code == 1
    assert "pending events" in out
    assert "behind" in err


def test_memory_or_in_process_backends_are_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("UMT_DATABASE_URL", "memory://")
    monkeypatch.delenv("UMT_BROKER_URL", raising=False)
    for argv in (
        ["jobs", "list"],
        ["outbox", "status"],
        ["dlq", "list", "--agent", "brand-project"],
        ["agents"],
    ):
        code, _, err = run(capsys, *argv)
        assert code == 2, argv
        assert "configuration error" in err


class Answer:
    def __init__(self, *, json_mode: bool) -> None:
        self.stdout, self.stderr = io.StringIO(), io.StringIO()
        self.output = Output(json_mode=json_mode, stdout=self.stdout, stderr=self.stderr)

    def document(self) -> Any:
        return json.loads(self.stdout.getvalue())


async def test_agents_shows_what_the_heartbeats_said() -> None:
    broker = InProcessBroker()
    directory = AgentDirectory(FixedClock(NOW), stale_after_seconds=15)
    async with hearing(broker, directory):
        await broker.publish_event(
            HEARTBEAT_EVENT, heartbeat("brand-project", "i-1", AgentStatus.RUNNING, in_flight=2)
        )
    await broker.publish_event(  # after the command stopped listening: not heard
        HEARTBEAT_EVENT, heartbeat("content-creation", "i-2", AgentStatus.RUNNING)
    )
    answer = Answer(json_mode=True)

    assert show_agents(directory.agents(), answer.output) == 0

    agents = {a["name"]: a for a in answer.document()["items"]}
    assert (agents["brand-project"]["status"], agents["brand-project"]["load"]) == ("up", 2)
    assert [i["instance_id"] for i in agents["brand-project"]["instances"]] == ["i-1"]
    assert agents["content-creation"]["status"] == "down"
    table = Answer(json_mode=False)
    assert show_agents(directory.agents(), table.output) == 0
    assert "brand-project" in table.stdout.getvalue()


async def test_agents_with_no_instance_heard_fails() -> None:
    directory = AgentDirectory(FixedClock(NOW))
    answer = Answer(json_mode=True)

    assert show_agents(directory.agents(), answer.output) == 1
    assert all(a["status"] == "down" for a in answer.document()["items"])
    assert "no agent instance was heard" in answer.stderr.getvalue()
