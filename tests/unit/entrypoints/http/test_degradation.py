"""An open breaker over HTTP: 503 problem+json with the breaker's Retry-After, and readiness
names it."""

from __future__ import annotations

from pathlib import Path

from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, assert_problem, build_app, register

from umt.adapters.resilience.breaker import Breaker
from umt.adapters.resilience.retry import NO_RETRY
from umt.adapters.resilience.unit_of_work import ResilientUnitOfWorkFactory
from umt.application.bus import MessageBus
from umt.application.handlers import HANDLERS
from umt.ports.errors import StorageUnavailable


def trip(breaker: Breaker) -> None:
    for _ in range(breaker.config.failure_threshold):
        breaker.record(breaker.admit(), StorageUnavailable("down"))


def test_an_open_database_breaker_answers_503_with_retry_after_and_readiness_names_it(
    tmp_path: Path,
) -> None:
    app = build_app(tmp_path, breaker_reset_seconds=42)
    with TestClient(app=app) as client:
        owner = register(client)
        container = client.app.state.container
        breaker = container.breakers().get("database")
        client.app.state.bus = MessageBus(
            uow_factory=ResilientUnitOfWorkFactory(
                container.unit_of_work_factory(), breaker, NO_RETRY
            ),
            services=container.services(),
            handlers=HANDLERS,
        )
        assert client.get(f"{API}/brands", headers=owner.headers).status_code == 200
        assert client.get("/health/ready").json()["breakers"] == {"database": "closed"}

        client.blocking_portal.call(_trip_async, breaker)
        response = client.get(f"{API}/brands", headers=owner.headers)
        assert_problem(response, 503, "dependency_unavailable")
        assert response.headers["retry-after"] == "42"
        created = client.post(
            f"{API}/brands",
            json={"name": "During the outage"},
            headers={**owner.headers, "Idempotency-Key": "k-1"},
        )
        assert_problem(created, 503, "dependency_unavailable")
        assert int(created.headers["retry-after"]) in (41, 42)

        ready = client.get("/health/ready")
        assert ready.status_code == 503
        assert ready.json()["breakers"] == {"database": "open"}
        assert ready.json()["down"] == ["database"]


async def _trip_async(breaker: Breaker) -> None:
    trip(breaker)
