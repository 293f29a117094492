"""Webhooks on the production set-up: PostgreSQL, RabbitMQ and Redis, the API in this
process and `umt worker --agent auth-integration` as its own process, which fans the relayed
events out into deliveries and sends them to a real loopback receiver."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import text
from tests.support.postgres import run, throwaway_database
from tests.support.rabbitmq import throwaway_vhost
from tests.support.redis import require_redis
from tests.support.webhook_receiver import dead_url, verify_standard_webhook, webhook_receiver

from umt.adapters.sql.engine import create_engine
from umt.domain.integration.signatures import standard
from umt.entrypoints.http.app import create_app
from umt.entrypoints.settings import Settings

API = "/api/v1"
PASSWORD = "correct horse battery staple"
KEYS = "it-1:" + base64.b64encode(b"k" * 32).decode()
SANDBOX = standard.new_secret()
WEBHOOK_ENV = {
    "UMT_WEBHOOK_ALLOW_PRIVATE_URLS": "true",
    "UMT_WEBHOOK_RETRY_BASE_SECONDS": "0.1",
    "UMT_WEBHOOK_RETRY_MAX_SECONDS": "0.3",
    "UMT_WEBHOOK_MAX_ATTEMPTS": "3",
    "UMT_WEBHOOK_POLL_SECONDS": "0.1",
    "UMT_WEBHOOK_TIMEOUT_SECONDS": "3",
    "UMT_WEBHOOK_SANDBOX_SECRET": SANDBOX,
    "UMT_CREDENTIAL_KEYS": KEYS,
}


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


def wait_for(check: Any, within: float = 30.0) -> Any:
    deadline = time.monotonic() + within
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def platform(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    redis_url = require_redis()
    data_dir = tmp_path_factory.mktemp("webhooks")
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
            **WEBHOOK_ENV,
        }
        worker = subprocess.Popen(  # our own CLI, with this interpreter
            [sys.executable, "-m", "umt.entrypoints.cli", "worker", "--agent", "auth-integration"],
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
            _env_file=None,
            **{k.removeprefix("UMT_").lower(): v for k, v in WEBHOOK_ENV.items()},
        )
        try:
            assert not settings.serves_agents_in_process  # the worker does the sending
            with TestClient[Litestar](create_app(settings)) as client:
                # the agent's queue must be bound before events are relayed: RabbitMQ drops
                # an event nobody follows (a durable queue, once declared, keeps them)
                auth = account(client, "ops@umbrella.example", "Umbrella")

                def auth_integration_up() -> bool:
                    agents = client.get(f"{API}/agents", headers=auth).json()["items"]
                    found = next(a for a in agents if a["name"] == "auth-integration")
                    return bool(found["status"] == "up")

                wait_for(auth_integration_up, within=60)
                yield client
        finally:
            worker.terminate()
            output = worker.communicate(timeout=60)[0].decode(errors="replace")
            assert worker.returncode == 0, output


def account(client: TestClient[Litestar], email: str, org: str) -> dict[str, str]:
    created = client.post(
        f"{API}/auth/register",
        json={"email": email, "password": PASSWORD, "organization_name": org},
    )
    assert created.status_code == 201, created.text
    token = client.post(f"{API}/auth/token", json={"email": email, "password": PASSWORD})
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def subscribe(client: TestClient[Litestar], auth: dict[str, str], url: str) -> dict[str, Any]:
    response = client.post(
        f"{API}/webhook-subscriptions",
        json={"url": url, "event_types": ["brand.*"]},
        headers=auth,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def settled(client: TestClient[Litestar], auth: dict[str, str], sub: str, count: int = 1) -> Any:
    def check() -> Any:
        items = client.get(f"{API}/webhook-subscriptions/{sub}/deliveries", headers=auth).json()[
            "items"
        ]
        done = len(items) >= count and all(d["status"] != "pending" for d in items)
        return items if done else None

    return wait_for(check)


def test_retries_until_delivered_and_tenancy(platform: TestClient[Litestar]) -> None:
    client = platform
    acme = account(client, "a@acme.example", "Acme")
    globex = account(client, "b@globex.example", "Globex")
    with webhook_receiver(script=[503, 500, 200]) as receiver:
        sub = subscribe(client, acme, receiver.url)
        assert client.post(f"{API}/brands", json={"name": "G"}, headers=globex).status_code == 201
        assert client.post(f"{API}/brands", json={"name": "A"}, headers=acme).status_code == 201
        requests = receiver.wait_for(3)
        [delivery] = settled(client, acme, sub["id"])
        time.sleep(0.5)
    assert delivery["status"] == "delivered"
    assert [a["status_code"] for a in delivery["attempt_log"]] == [503, 500, 200]
    assert len(receiver.requests) == 3  # Globex's brand reached nobody here
    for request in requests:
        assert verify_standard_webhook(sub["secret"], request)
        assert json.loads(request.body)["data"]["name"] == "A"


def test_a_dead_receiver_fails_and_replay_delivers(platform: TestClient[Litestar]) -> None:
    client = platform
    auth = account(client, "c@initech.example", "Initech")
    with dead_url() as url:
        sub = subscribe(client, auth, url)
        client.post(f"{API}/brands", json={"name": "Dead"}, headers=auth)
        [failed] = settled(client, auth, sub["id"])
    assert failed["status"] == "failed"
    assert failed["attempts"] == 3
    with webhook_receiver() as receiver:
        patched = client.patch(
            f"{API}/webhook-subscriptions/{sub['id']}", json={"url": receiver.url}, headers=auth
        )
        assert patched.status_code == 200, patched.text
        replay = client.post(f"{API}/webhook-deliveries/{failed['id']}/replay", headers=auth)
        assert replay.status_code == 201, replay.text
        [request] = receiver.wait_for(1)
    assert request.headers["webhook-id"] == replay.json()["id"]
    assert verify_standard_webhook(sub["secret"], request)


def test_inbound_replays_are_stored_once(platform: TestClient[Litestar], database_url: str) -> None:
    body = b'{"event":"post.published","id":"it-1"}'
    headers = standard.headers(SANDBOX, "msg_it_1", int(time.time()), body)
    answers = [
        platform.post(f"{API}/webhooks/sandbox", content=body, headers=headers).json()
        for _ in range(2)
    ]
    assert [a["duplicate"] for a in answers] == [False, True]

    async def count() -> tuple[int, int]:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                stored = await connection.scalar(text("SELECT count(*) FROM inbound_webhooks"))
                announced = await connection.scalar(
                    text(
                        "SELECT count(*) FROM outbox"
                        " WHERE event_type = 'integration.webhook_received'"
                    )
                )
        finally:
            await engine.dispose()
        return int(stored or 0), int(announced or 0)

    assert run(count()) == (1, 1)
