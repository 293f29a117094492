"""Idempotency keys in real Redis in front of real PostgreSQL: one effect per key."""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from tests.support.postgres import throwaway_database
from tests.support.redis import redis_client, require_redis

from umt.adapters.redis.idempotency_store import PREFIX
from umt.entrypoints.http.app import create_app
from umt.entrypoints.settings import Settings

API = "/api/v1"
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


def app_settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        redis_url=require_redis(),
        data_dir=tmp_path,
        jwt_secret="r" * 40,
        log_level="CRITICAL",
        _env_file=None,
    )


def test_concurrent_duplicates_through_redis_have_one_effect_each(
    database_url: str, tmp_path: Path
) -> None:
    settings = app_settings(database_url, tmp_path)
    with TestClient(create_app(settings)) as client:
        client.post(
            f"{API}/auth/register",
            json={"email": "idem@acme.example", "password": PASSWORD, "organization_name": "Idem"},
        )
        token = client.post(
            f"{API}/auth/token", json={"email": "idem@acme.example", "password": PASSWORD}
        )
        auth = {"Authorization": f"Bearer {token.json()['access_token']}"}
        run = os.urandom(4).hex()  # keys live in a shared Redis: make them this run's own
        keys = [f"{run}-{i}" for i in range(30)]

        def post(key: str) -> tuple[str, int, bytes]:
            response = client.post(
                f"{API}/brands",
                json={"name": f"Brand {key}"},
                headers={**auth, "Idempotency-Key": key},
            )
            return key, response.status_code, response.content

        with ThreadPoolExecutor(max_workers=16) as pool:
            results: list[tuple[str, int, Any]] = list(
                pool.map(post, [k for k in keys for _ in range(10)])
            )
        listed = client.get(f"{API}/brands?limit=200", headers=auth).json()["items"]
    assert sorted(b["name"] for b in listed) == sorted(f"Brand {k}" for k in keys)
    for key in keys:
        answers = {(status, body) for k, status, body in results if k == key}
        assert len(answers) == 1
        assert next(iter(answers))[0] == 201


def test_the_record_kept_in_redis_holds_no_api_key(database_url: str, tmp_path: Path) -> None:
    """The stored replay of POST /api-keys, read straight from Redis, has the key's id but
    not its text (one_time_secrets.py); the replay says it was shown once."""
    settings = app_settings(database_url, tmp_path)
    email = f"keys-{os.urandom(4).hex()}@acme.example"
    with TestClient(create_app(settings)) as client:
        client.post(
            f"{API}/auth/register",
            json={"email": email, "password": PASSWORD, "organization_name": "Keys"},
        )
        token = client.post(f"{API}/auth/token", json={"email": email, "password": PASSWORD})
        auth = {"Authorization": f"Bearer {token.json()['access_token']}"}
        me = client.get(f"{API}/me", headers=auth).json()
        idempotency_key = os.urandom(8).hex()
        body = {
            "name": "ci",
            "scopes": ["brand:read"],
            "expires_at": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
        }
        headers = {**auth, "Idempotency-Key": idempotency_key}
        first = client.post(f"{API}/api-keys", json=body, headers=headers)
        again = client.post(f"{API}/api-keys", json=body, headers=headers)
    assert first.status_code == again.status_code == 201, again.text
    assert again.json()["key"] is None
    assert "shown once" in again.json()["notice"]
    scoped = f"{me['organization']['id']}:{me['user']['id']}:"
    scoped += hashlib.sha256(idempotency_key.encode()).hexdigest()

    async def stored() -> bytes:
        client = await redis_client()
        try:
            outcome: bytes = await client.hget(PREFIX + scoped, "out")
            return outcome
        finally:
            await client.aclose()

    record = asyncio.run(stored())
    assert first.json()["id"].encode() in record
    assert first.json()["key"].encode() not in record
    assert first.json()["key"].rsplit("_", 1)[1].encode() not in record
