"""Readiness names the broker when it cannot answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.unit.entrypoints.http.helpers import running_client

from umt.ports.errors import StorageUnavailable


def test_readiness_names_a_broker_that_does_not_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running_client(tmp_path) as client:
        assert client.get("/health/ready").json()["checks"]["broker"] == "ok"
        broker = client.app.state.container.broker()

        async def unreachable() -> None:
            raise StorageUnavailable("connection closed")

        monkeypatch.setattr(broker, "ping", unreachable)
        response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["down"] == ["broker"]
    assert body["checks"] == {"database": "ok", "broker": "down: StorageUnavailable"}
