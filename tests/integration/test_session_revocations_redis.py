"""Instances sharing PostgreSQL and Redis: a sign-in ended on one is refused by the others at
once; an instance that cannot reach Redis asks the refresh-token table and refuses it too."""

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
EMAIL = "sessions@acme.example"


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


def _settings(database_url: str, redis_url: str, data_dir: Path) -> Settings:
    return Settings(
        database_url=database_url,
        redis_url=redis_url,
        data_dir=data_dir,
        jwt_secret="r" * 40,
        log_level="CRITICAL",
        _env_file=None,
    )


def _bearer(pair: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {pair['access_token']}"}


def test_a_logout_on_one_instance_is_refused_by_every_instance(
    database_url: str, tmp_path: Path
) -> None:
    shared = _settings(database_url, require_redis(), tmp_path)
    # nothing listens on port 9: this instance's session revocations are down
    cut_off = _settings(database_url, "redis://127.0.0.1:9/0", tmp_path)
    with (
        TestClient(create_app(shared)) as one,
        TestClient(create_app(shared)) as two,
        TestClient(create_app(cut_off)) as three,
    ):
        registered = one.post(
            f"{API}/auth/register",
            json={"email": EMAIL, "password": PASSWORD, "organization_name": "Sessions"},
        )
        assert registered.status_code == 202, registered.text
        ended = one.post(f"{API}/auth/token", json={"email": EMAIL, "password": PASSWORD}).json()
        kept = one.post(f"{API}/auth/token", json={"email": EMAIL, "password": PASSWORD}).json()
        for instance in (one, two, three):
            assert instance.get(f"{API}/me", headers=_bearer(ended)).status_code == 200

        out = two.post(f"{API}/auth/logout", json={"refresh_token": ended["refresh_token"]})
        assert out.status_code == 204, out.text

        for instance in (one, two, three):
            refused = instance.get(f"{API}/me", headers=_bearer(ended))
            assert refused.status_code == 401, refused.text
            assert refused.headers["content-type"].startswith("application/problem+json")
            assert instance.get(f"{API}/me", headers=_bearer(kept)).status_code == 200
