"""A distinctive secret flows through connect (OAuth and form), health checks, token
refreshes (on demand, scheduled through RabbitMQ, failing) and disconnect, on PostgreSQL,
Redis and RabbitMQ; then it is looked for everywhere it must never be: log output (DEBUG),
every HTTP response, every Redis key and value, every message published on the broker (all
events, and the tasks), every row of every table, and the text of every exception raised."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from dependency_injector import providers
from litestar.testing import TestClient
from sqlalchemy import text
from tests.support.fake_platform import SECRET, FakePlatformConnector
from tests.support.postgres import run, throwaway_database
from tests.support.rabbitmq import throwaway_vhost
from tests.support.redis import redis_client, require_redis

from umt.adapters.rabbitmq.broker import RabbitMqBroker
from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.tables import metadata
from umt.adapters.system.clock import SystemClock
from umt.domain.integration.errors import PlatformError, PlatformUnavailable, TokenRevoked
from umt.domain.integration.platforms import AuthMethod, Platform
from umt.entrypoints.container import build_container
from umt.entrypoints.http.app import create_app
from umt.entrypoints.logging import configure_logging
from umt.entrypoints.settings import Settings

API = "/api/v1"
PASSWORD = "correct horse battery staple"
SECRET_BYTES = SECRET.encode()


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


@pytest.fixture(scope="module")
def amqp_url() -> Iterator[str]:
    with throwaway_vhost() as url:
        yield url


DEBUG_LOGGERS = ("sqlalchemy.engine", "httpx", "aio_pika", "aiormq", "umt")


class Collector(logging.Handler):
    """Every log record, formatted as the configured handler writes it (exceptions too)."""

    def __init__(self, formatter: logging.Formatter | None) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        if formatter is not None:
            self.setFormatter(formatter)

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))
        self.lines.append(repr(record.__dict__))


def _wait(predicate: Any, what: str, within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_secret_never_leaks(database_url: str, amqp_url: str, tmp_path: Path) -> None:
    redis_url = require_redis()
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        broker_url=amqp_url,
        redis_url=redis_url,
        run_agents="always",
        data_dir=tmp_path,
        environment="development",
        log_level="DEBUG",
        rate_limits=True,
        integration_scheduler_seconds=0.2,
        public_base_url="https://umt.example",
    )
    levels = {name: logging.getLogger(name).level for name in DEBUG_LOGGERS}
    configure_logging(settings)
    root = logging.getLogger()
    collector = Collector(root.handlers[0].formatter if root.handlers else None)

    clock = SystemClock()
    # tokens live 5 minutes, less than the 10-minute refresh lead: always due for refresh
    oauth = FakePlatformConnector(clock, lifetime=timedelta(minutes=5))
    form = FakePlatformConnector(clock, platform=Platform.MAILCHIMP, auth_method=AuthMethod.API_KEY)
    container = build_container(settings)
    container.platform_connectors.override(
        providers.Object({Platform.SANDBOX: oauth, Platform.MAILCHIMP: form})
    )
    # every task published, as the broker receives it
    tasks: list[bytes] = []
    raw_publish = RabbitMqBroker.publish_task

    async def spy(self: RabbitMqBroker, agent: str, body: bytes, **kw: Any) -> None:
        tasks.append(body)
        await raw_publish(self, agent, body, **kw)

    events: list[bytes] = []
    responses: list[str] = []
    raised: list[PlatformError] = []

    async def record(body: bytes) -> None:
        events.append(body)

    monkey = pytest.MonkeyPatch()
    monkey.setattr(RabbitMqBroker, "publish_task", spy)
    # every typed platform error created along the way (the fake's and any adapter code's)
    original_init = PlatformError.__init__

    def recording_init(self: PlatformError, *args: Any, **kw: Any) -> None:
        original_init(self, *args, **kw)
        raised.append(self)

    monkey.setattr(PlatformError, "__init__", recording_init)
    try:
        with TestClient(create_app(container=container)) as client:
            # the app configured logging as it started: collect beside its handler, at DEBUG
            root.addHandler(collector)
            for name in DEBUG_LOGGERS:
                logging.getLogger(name).setLevel(logging.DEBUG)
            # every event, on a queue of this test's own, in the app's event loop
            subscription = client.blocking_portal.call(container.broker().listen, ["#"], record)

            def call(method: str, url: str, **kw: Any) -> httpx.Response:
                response = client.request(method, url, **kw)
                responses.append(f"{response.status_code} {response.headers} {response.text}")
                return response

            call(
                "POST",
                f"{API}/auth/register",
                json={"email": "ana@acme.example", "password": PASSWORD, "organization_name": "A"},
            )
            token = call(
                "POST",
                f"{API}/auth/token",
                json={"email": "ana@acme.example", "password": PASSWORD},
            ).json()["access_token"]
            auth = {"Authorization": f"Bearer {token}"}

            # connect: OAuth with PKCE, and a form
            started = call(
                "POST", f"{API}/integrations/sandbox/authorize", json={}, headers=auth
            ).json()
            done = call(
                "GET",
                f"{API}/integrations/sandbox/callback",
                params={"code": oauth.grant(started["state"]), "state": started["state"]},
            )
            assert done.status_code == 200, done.text
            integration_id = done.json()["id"]
            form_connect = call(
                "POST",
                f"{API}/integrations/mailchimp/connect",
                json={"fields": {"site": "x", "api_key": f"{SECRET}-apikey"}},
                headers=auth,
            )
            assert form_connect.status_code == 201, form_connect.text
            refused = call(
                "POST",
                f"{API}/integrations/mailchimp/connect",
                json={"fields": {"site": "x", "api_key": "wrong-key"}},
                headers=auth,
            )
            assert refused.status_code == 422

            # health checks, passing and failing
            check = f"{API}/integrations/{integration_id}/health-check"
            assert call("POST", check, headers=auth).json()["last_health_check"]["ok"]
            oauth.errors["test_connection"].append(PlatformUnavailable("down", platform="sandbox"))
            assert call("POST", check, headers=auth).json()["status"] == "error"
            assert call("POST", check, headers=auth).json()["status"] == "connected"

            # refresh on demand, as a job through RabbitMQ
            job = call(
                "POST",
                f"{API}/jobs",
                json={
                    "task_type": "integration.refresh_tokens",
                    "input": {"integration_id": integration_id},
                },
                headers=auth,
            ).json()
            _wait(
                lambda: (
                    call("GET", f"{API}/jobs/{job['id']}", headers=auth).json()["status"]
                    == "succeeded"
                ),
                "the refresh job",
            )
            # scheduled refreshes: the scheduler finds the short-lived tokens due
            _wait(lambda: oauth.calls.count("refresh") >= 3, "scheduled refreshes")
            # a refused refresh: needs_reauth
            oauth.errors["refresh"].append(TokenRevoked("revoked", platform="sandbox", status=400))
            _wait(
                lambda: (
                    call("GET", f"{API}/integrations/{integration_id}", headers=auth).json()[
                        "status"
                    ]
                    == "needs_reauth"
                ),
                "needs_reauth after a refused refresh",
            )
            # disconnect both
            for item in call("GET", f"{API}/integrations", headers=auth).json()["items"]:
                assert (
                    call("DELETE", f"{API}/integrations/{item['id']}", headers=auth).status_code
                    == 204
                )
            assert oauth.revoked
            assert form.revoked
            # let the relay publish the last events
            _wait(lambda: any(b"integration.revoked" in e for e in events), "revoked events")
            time.sleep(0.5)
            client.blocking_portal.call(subscription.stop)
    finally:
        monkey.undo()
        root.removeHandler(collector)
        # later tests must not run with DEBUG logging (SQL echo alone makes requests slow)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)

    async def database_rows() -> list[str]:
        engine = create_engine(database_url, pool_size=1, max_overflow=0)
        try:
            async with engine.connect() as conn:
                dumped = []
                for table in metadata.sorted_tables:
                    result = await conn.execute(text(f'SELECT t::text FROM "{table.name}" t'))  # noqa: S608 - our own table names
                    dumped.extend(str(row[0]) for row in result)
                return dumped
        finally:
            await engine.dispose()

    async def redis_contents() -> list[bytes]:
        client = await redis_client()
        found: list[bytes] = []
        try:
            async for key in client.scan_iter(count=500):
                found.append(key)
                kind = (await client.type(key)).decode()
                if kind == "string":
                    found.append(await client.get(key) or b"")
                elif kind == "hash":
                    found.extend(b"%s=%s" % kv for kv in (await client.hgetall(key)).items())
                elif kind == "list":
                    found.extend(await client.lrange(key, 0, -1))
                elif kind == "set":
                    found.extend(await client.smembers(key))
                elif kind == "zset":
                    found.extend(await client.zrange(key, 0, -1))
                elif kind == "stream":
                    found.extend(str(entry).encode() for entry in await client.xrange(key))
        finally:
            await client.aclose()
        return found

    rows = run(database_rows())
    redis_values = run(redis_contents())
    hex_secret = SECRET_BYTES.hex()

    # the flow really happened, with the secret in play
    assert oauth.calls.count("refresh") >= 4
    assert (
        any("integration_credentials" in line or "ciphertext" in line for line in collector.lines)
        or rows
    )
    assert len(events) >= 5
    assert any(b"integration.refresh_tokens" in t for t in tasks)
    assert len(responses) > 10
    assert len(collector.lines) > 20
    assert len(raised) >= 3

    # ... and it is nowhere
    assert not [line for line in collector.lines if SECRET in line], "in the logs"
    assert not [r for r in responses if SECRET in r], "in an HTTP response"
    assert not [v for v in redis_values if SECRET_BYTES in v], "in Redis"
    assert not [e for e in events if SECRET_BYTES in e], "in a published event"
    assert not [t for t in tasks if SECRET_BYTES in t], "in a published task"
    assert not [r for r in rows if SECRET in r or hex_secret in r], "in the database"
    assert not [e for e in raised if SECRET in f"{e} {e!r} {e.__dict__}"], "in an exception"
