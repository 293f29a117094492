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
from tests.support.polling import wait_for
from tests.support.postgres import run, throwaway_database
from tests.support.rabbitmq import throwaway_vhost
from tests.support.redis import require_redis
from tests.support.webhook_receiver import dead_url, verify_standard_webhook, webhook_receiver

from umt.adapters.sql.engine import create_engine
from umt.application.audit.entries import entry_for_event
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
            rate_limits=False,  # Redis keeps the sign-in budget of earlier runs for a minute
            _env_file=None,
            **{k.removeprefix("UMT_").lower(): v for k, v in WEBHOOK_ENV.items()},
        )
        try:
            assert not settings.broker.serves_agents_in_process  # the worker does the sending
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
    assert created.status_code == 202, created.text
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
            f"{API}/webhook-subscriptions/{sub['id']}",
            json={"url": receiver.url},
            headers={**auth, "If-Match": "*"},
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


def test_two_senders_share_the_work_and_send_each_delivery_once(database_url: str) -> None:
    """Two dispatchers (and the worker process, when it runs) on one PostgreSQL database:
    every delivery goes out exactly once."""
    import asyncio
    import uuid
    from datetime import UTC, datetime

    from umt.adapters.crypto.key_ring import AesGcmKeyRing, parse_key_ring
    from umt.adapters.httpx.webhook_sender import HttpxWebhookSender
    from umt.adapters.memory.cache import InMemoryCache
    from umt.adapters.sql.unit_of_work import SqlUnitOfWork
    from umt.adapters.system.clock import SystemClock
    from umt.adapters.system.ids import UuidV7Generator
    from umt.application.webhooks.config import WebhookConfig, seal_secret
    from umt.application.webhooks.dispatcher import WebhookDispatcher
    from umt.domain.integration.deliveries import WebhookDelivery
    from umt.domain.integration.webhooks import WebhookSubscription
    from umt.domain.shared.values import Url

    cipher = AesGcmKeyRing(parse_key_ring(KEYS))
    config = WebhookConfig(
        cipher=lambda: cipher, replay_cache=InMemoryCache(), allow_private_urls=True
    )
    secret = standard.new_secret()

    async def scenario(url: str) -> tuple[int, list[int]]:
        engine = create_engine(database_url, pool_size=6)
        ids = UuidV7Generator()

        def factory() -> SqlUnitOfWork:
            return SqlUnitOfWork(engine, ids, audit=entry_for_event)

        now = datetime.now(UTC)
        sub_id, org_id = uuid.uuid4(), uuid.uuid4()
        subscription = WebhookSubscription.create(
            id=sub_id,
            organization_id=org_id,
            url=Url(url),
            event_types=["brand.*"],
            description="",
            secret=seal_secret(config, secret, organization_id=org_id, subscription_id=sub_id),
            now=now,
        )
        async with factory() as uow:
            await uow.webhook_subscriptions.add(subscription)
            for _ in range(40):
                await uow.webhook_deliveries.add(
                    WebhookDelivery.for_event(
                        id=uuid.uuid4(),
                        subscription=subscription,
                        event_id=uuid.uuid4(),
                        event_type="brand.created",
                        payload={"n": 1},
                        now=now,
                    )
                )
            await uow.commit()
        senders = [HttpxWebhookSender(allow_private=True) for _ in range(2)]
        dispatchers = [
            WebhookDispatcher(factory, s, config, SystemClock(), batch_size=5) for s in senders
        ]
        try:
            sent = 0
            while True:
                rounds = await asyncio.gather(*(d.run_once() for d in dispatchers))
                if sum(rounds) == 0:
                    break
                sent += sum(rounds)
            return sent, [d.stats.attempts for d in dispatchers]
        finally:
            for sender in senders:
                await sender.close()
            await engine.dispose()

    with webhook_receiver() as receiver:
        sent, per_sender = run(scenario(receiver.url))
        ids = [r.headers["webhook-id"] for r in receiver.wait_for(40)]
    # the module's worker process may be sending too (a third sender): together, each once
    assert 0 < sent <= 40
    assert sum(per_sender) == sent
    assert len(ids) == len(set(ids)) == 40
    assert all(verify_standard_webhook(secret, r) for r in receiver.requests)
