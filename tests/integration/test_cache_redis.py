"""Two instances sharing PostgreSQL and Redis: a change on one is never served stale by the
other from the cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient
from tests.support.postgres import throwaway_database
from tests.support.redis import require_redis

from umt.entrypoints.http.app import create_app
from umt.entrypoints.settings import Settings

API = "/api/v1"
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


def test_an_update_on_one_instance_invalidates_the_shared_cache(
    database_url: str, tmp_path: Path
) -> None:
    redis_url = require_redis()
    settings = Settings(
        database_url=database_url,
        redis_url=redis_url,
        cache_ttl_seconds=600,
        data_dir=tmp_path,
        jwt_secret="c" * 40,
        log_level="CRITICAL",
        _env_file=None,
    )
    with TestClient(create_app(settings)) as one, TestClient(create_app(settings)) as two:
        one.post(
            f"{API}/auth/register",
            json={"email": "cache@acme.example", "password": PASSWORD, "organization_name": "C"},
        )
        token = one.post(
            f"{API}/auth/token", json={"email": "cache@acme.example", "password": PASSWORD}
        )
        auth = {"Authorization": f"Bearer {token.json()['access_token']}"}
        brand = one.post(f"{API}/brands", json={"name": "Cached"}, headers=auth).json()
        url = f"{API}/brands/{brand['id']}"
        assert one.get(url, headers=auth).json()["version"] == 1  # fills the cache
        assert (
            two.patch(url, json={"industry": "tea"}, headers={**auth, "If-Match": "*"}).status_code
            == 200
        )
        seen = one.get(url, headers=auth).json()
        assert (seen["version"], seen["industry"]) == (2, "tea")


def test_readiness_names_redis_when_it_is_down(tmp_path: Path) -> None:
    settings = Settings(
        database_url="memory://",
        redis_url="redis://127.0.0.1:9/0",
        data_dir=tmp_path,
        log_level="CRITICAL",
        _env_file=None,
    )
    with TestClient(create_app(settings)) as client:
        ready = client.get("/health/ready")
    assert ready.status_code == 503
    assert ready.json()["down"] == ["cache"]
    assert ready.headers["retry-after"] == "5"


def test_readiness_checks_a_live_redis(tmp_path: Path) -> None:
    settings = Settings(
        database_url="memory://",
        redis_url=require_redis(),
        data_dir=tmp_path,
        log_level="CRITICAL",
        _env_file=None,
    )
    with TestClient(create_app(settings)) as client:
        ready = client.get("/health/ready").json()
    assert ready["checks"] == {"database": "ok", "broker": "ok", "cache": "ok"}
