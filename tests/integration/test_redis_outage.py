"""Redis stopped: a cache failure never fails a request, idempotent POSTs answer 503 fast,
and everything recovers by itself when Redis is back."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from litestar.testing import TestClient
from tests.support.redis import require_redis
from tests.support.tcp_proxy import TcpProxy, tcp_proxy

from umt.entrypoints.http.app import create_app
from umt.entrypoints.settings import Settings

API = "/api/v1"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def redis_proxy() -> Iterator[TcpProxy]:
    target = urlsplit(require_redis())
    with tcp_proxy(target.hostname or "127.0.0.1", target.port or 6379) as proxy:
        yield proxy


def test_redis_stopped_and_restored(redis_proxy: TcpProxy, tmp_path: Path) -> None:
    database = urlsplit(require_redis()).path  # this test process's own (tests/support/redis.py)
    settings = Settings(
        database_url="memory://",
        redis_url=f"redis://127.0.0.1:{redis_proxy.port}{database}",
        data_dir=tmp_path,
        log_level="CRITICAL",
        breaker_failure_threshold=2,
        # long enough that the breaker is still open for the fast-refusal check below on a
        # loaded machine (every request also checks its session in Redis)
        breaker_reset_seconds=3.0,
        _env_file=None,
    )
    with TestClient(create_app(settings)) as client:
        client.post(
            f"{API}/auth/register",
            json={"email": "r@acme.example", "password": PASSWORD, "organization_name": "R"},
        )
        token = client.post(
            f"{API}/auth/token", json={"email": "r@acme.example", "password": PASSWORD}
        )
        auth = {"Authorization": f"Bearer {token.json()['access_token']}"}
        brand = client.post(f"{API}/brands", json={"name": "Kept"}, headers=auth).json()
        url = f"{API}/brands/{brand['id']}"
        assert client.get(url, headers=auth).status_code == 200

        redis_proxy.cut()
        for _ in range(5):  # reads go to the database; writes' invalidations are skipped
            assert client.get(url, headers=auth).status_code == 200
        assert (
            client.patch(
                url, json={"industry": "tea"}, headers={**auth, "If-Match": "*"}
            ).status_code
            == 200
        )
        assert client.get(url, headers=auth).json()["industry"] == "tea"
        started = time.monotonic()
        keyed = client.post(
            f"{API}/brands", json={"name": "Keyed"}, headers={**auth, "Idempotency-Key": "k1"}
        )
        assert time.monotonic() - started < 0.2
        assert keyed.status_code == 503
        assert keyed.headers["content-type"].startswith("application/problem+json")
        assert int(keyed.headers["retry-after"]) >= 1
        ready = client.get("/health/ready").json()
        assert ready["breakers"]["redis"] == "open"
        assert ready["down"] == ["cache"]

        redis_proxy.restore()
        time.sleep(settings.resilience.breaker_reset_seconds)
        # the invalidation refused during the outage is replayed: no pre-outage copy
        assert client.get(url, headers=auth).json()["industry"] == "tea"
        assert client.get(url, headers=auth).json()["industry"] == "tea"
        keyed = client.post(
            f"{API}/brands", json={"name": "Keyed"}, headers={**auth, "Idempotency-Key": "k2"}
        )
        assert keyed.status_code == 201, keyed.text
        replay = client.post(
            f"{API}/brands", json={"name": "Keyed"}, headers={**auth, "Idempotency-Key": "k2"}
        )
        assert replay.headers.get("idempotent-replayed") == "true"
        ready = client.get("/health/ready").json()
        assert ready["breakers"]["redis"] == "closed"
        assert ready["down"] == []
