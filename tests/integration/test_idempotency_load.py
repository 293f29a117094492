"""1,000 concurrent POSTs carrying 100 idempotency keys, over real HTTP, PostgreSQL and Redis:
exactly 100 effects, and every duplicate gets the first answer byte for byte."""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from tests.support.postgres import throwaway_database
from tests.support.redis import require_redis

from umt.entrypoints.http.app import create_app
from umt.entrypoints.settings import Settings

API = "/api/v1"
PASSWORD = "correct horse battery staple"
KEYS, COPIES = 100, 10
KEEP_ALIVE_SECONDS = 600


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[str]:
    settings = Settings(
        database_url=database_url,
        redis_url=require_redis(),
        data_dir=tmp_path,
        jwt_secret="i" * 40,
        log_level="CRITICAL",
        _env_file=None,
    )
    port = free_port()
    config = uvicorn.Config(
        create_app(settings),
        host="127.0.0.1",
        port=port,
        log_config=None,
        access_log=False,
        # the client reuses a connection the server may be closing as idle (both sides give
        # up at 5 s by default): on a stalled machine that race resets a request. The test is
        # about idempotency, so the server keeps idle connections for longer than it runs.
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120  # generous: the server starts slowly on a loaded machine
    while not instance.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(timeout=20)


async def storm(base: str) -> tuple[list[tuple[str, int, bytes]], list[str]]:
    limits = httpx.Limits(max_connections=1_000, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        email = f"idem-{os.urandom(3).hex()}@acme.example"
        await client.post(
            f"{API}/auth/register",
            json={"email": email, "password": PASSWORD, "organization_name": "Idem"},
        )
        token = await client.post(f"{API}/auth/token", json={"email": email, "password": PASSWORD})
        auth = {"Authorization": f"Bearer {token.json()['access_token']}"}
        run = os.urandom(4).hex()  # Redis is shared: this run's own keys
        keys = [f"{run}-{i}" for i in range(KEYS)]
        start = asyncio.Event()

        async def post(key: str) -> tuple[str, int, bytes]:
            await start.wait()  # all 1,000 leave together
            response = await client.post(
                f"{API}/brands",
                json={"name": f"Brand {key}"},
                headers={**auth, "Idempotency-Key": key},
            )
            return key, response.status_code, response.content

        requests = [asyncio.create_task(post(k)) for k in keys for _ in range(COPIES)]
        await asyncio.sleep(0.1)
        start.set()
        results = await asyncio.gather(*requests)
        names: list[str] = []
        cursor: str | None = None
        while True:
            params = {"limit": 200, **({"cursor": cursor} if cursor else {})}
            page = (await client.get(f"{API}/brands", params=params, headers=auth)).json()
            names.extend(b["name"] for b in page["items"])
            cursor = page["next_cursor"]
            if not cursor:
                break
    return list(results), names


def test_a_thousand_concurrent_posts_with_a_hundred_keys_have_a_hundred_effects(
    server: str,
) -> None:
    results, names = asyncio.run(storm(server))
    assert len(results) == KEYS * COPIES
    assert len(names) == KEYS  # exactly one effect per key
    assert sorted(names) == sorted({f"Brand {key}" for key, _, _ in results})
    by_key: dict[str, set[tuple[int, bytes]]] = {}
    for key, status, body in results:
        by_key.setdefault(key, set()).add((status, body))
    for key, answers in by_key.items():
        assert len(answers) == 1, f"{key}: {len(answers)} different answers"
        ((status, _),) = answers
        assert status == 201, answers
