"""From generation to a promoted winner on the real services: PostgreSQL (a throwaway database
migrated to head), Redis (cache, idempotency, revocations) and RabbitMQ (a throwaway vhost), the
API in this process and `umt worker --agent content-creation` as its own process. The API hands
the five-variant generation to the worker over RabbitMQ; the rest of the journey (review, the
experiment, its analysis against reference computations, conclusion and promotion) is the one of
tests/unit/entrypoints/http/test_generation_to_promotion_journey.py, and the events are checked
as relayed from the PostgreSQL outbox to the broker."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import text
from tests.support.polling import wait_for
from tests.support.postgres import run, throwaway_database
from tests.support.rabbitmq import throwaway_vhost
from tests.support.redis import require_redis
from tests.unit.entrypoints.http.helpers import API, Account, add_member, register
from tests.unit.entrypoints.http.test_generation_to_promotion_journey import Published, journey

from umt.adapters.sql.engine import create_engine
from umt.domain.identity.permissions import Role
from umt.entrypoints.http.app import create_app
from umt.entrypoints.settings import Settings


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


@pytest.fixture(scope="module")
def api(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    redis_url = require_redis()
    data_dir: Path = tmp_path_factory.mktemp("journey")
    with throwaway_vhost() as broker_url:
        env = {
            **os.environ,
            "UMT_DATABASE_URL": database_url,
            "UMT_BROKER_URL": broker_url,
            "UMT_REDIS_URL": redis_url,
            "UMT_DATA_DIR": str(data_dir),
            "UMT_JWT_SECRET": "w" * 40,
            "UMT_LOG_LEVEL": "WARNING",
            "UMT_HEARTBEAT_SECONDS": "0.5",
        }
        worker = subprocess.Popen(  # our own CLI, with this interpreter
            [sys.executable, "-m", "umt.entrypoints.cli", "worker", "--agent", "content-creation"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        settings = Settings(
            database_url=database_url,
            broker_url=broker_url,
            redis_url=redis_url,
            data_dir=data_dir,
            jwt_secret="w" * 40,
            log_level="WARNING",
            rate_limits=False,  # Redis keeps the sign-in budget of earlier runs for a minute
            _env_file=None,
        )
        try:
            assert not settings.broker.serves_agents_in_process  # the worker process generates
            with TestClient[Litestar](create_app(settings)) as client:
                yield client
        finally:
            worker.terminate()
            output = worker.communicate(timeout=60)[0].decode(errors="replace")
            assert worker.returncode == 0, output


def published_from_postgres(database_url: str) -> Published:
    """The payloads of the events of (type, aggregate id) once the relay has published all of
    them from the PostgreSQL outbox to RabbitMQ."""

    async def rows(event_type: str, aggregate_id: str) -> list[Any]:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                result = await connection.execute(
                    text(
                        "SELECT payload, published_at FROM outbox"
                        " WHERE event_type = :t AND aggregate_id = :a ORDER BY position"
                    ),
                    {"t": event_type, "a": UUID(aggregate_id)},
                )
                return list(result)
        finally:
            await engine.dispose()

    def published(event_type: str, aggregate_id: str) -> list[dict[str, Any]]:
        def check() -> list[Any] | None:
            found = run(rows(event_type, aggregate_id))
            return found if found and all(r.published_at is not None for r in found) else None

        return [row.payload for row in wait_for(check, within=30)]

    return published


def test_the_journey_on_postgres_redis_and_rabbitmq(
    api: TestClient[Litestar], database_url: str
) -> None:
    client = api

    def content_creation_up() -> bool:
        agents = client.get(f"{API}/agents", headers=owner.headers).json()["items"]
        found = next(a for a in agents if a["name"] == "content-creation")
        return bool(found["status"] == "up")

    owner: Account = register(client, organization_name="Lumen")
    # the agent's queue is bound before work is sent (RabbitMQ drops what nobody follows)
    wait_for(content_creation_up)
    manager = add_member(client, owner, Role.BRAND_MANAGER)
    creator = add_member(client, owner, Role.CONTENT_CREATOR)
    journey(client, owner, manager, creator, published_from_postgres(database_url))

    # the five variants were generated by the worker process and stored in PostgreSQL
    async def generated() -> list[Any]:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                result = await connection.execute(
                    text(
                        "SELECT count(*), count(DISTINCT v.body) FROM content_versions v"
                        " JOIN content_pieces p ON p.id = v.content_id"
                        " WHERE p.organization_id = :o AND v.number = 1"
                        " AND v.author = 'agent:content-creation'"
                    ),
                    {"o": UUID(owner.organization_id)},
                )
                return list(result.one())
        finally:
            await engine.dispose()

    assert run(generated()) == [5, 5]

    async def generation_jobs() -> list[Any]:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                result = await connection.execute(
                    text(
                        "SELECT agent, status FROM jobs"
                        " WHERE organization_id = :o AND task_type = 'content.generate_variants'"
                    ),
                    {"o": UUID(owner.organization_id)},
                )
                return [tuple(row) for row in result]
        finally:
            await engine.dispose()

    assert run(generation_jobs()) == [("content-creation", "succeeded")]
