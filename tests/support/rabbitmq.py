"""Reaching the test RabbitMQ: skip locally when it is down, fail under CI=true."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from opentelemetry.trace import TracerProvider
from tests.support.postgres import service_unavailable

from umt.adapters.rabbitmq.broker import RabbitMqBroker, agent_queue, dead_queue

DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"


class TestRabbitMqBroker(RabbitMqBroker):
    """Remembers the agents a test declared, so their durable queues can be deleted after."""

    __test__ = False
    declared: list[str]

    async def declare_agent(self, agent: str, *, event_patterns: Sequence[str] = ()) -> None:
        self.declared.append(agent)
        await super().declare_agent(agent, event_patterns=event_patterns)

    async def delete_declared(self) -> None:
        channel = await self._connection.channel()
        for agent in self.declared:
            await channel.queue_delete(agent_queue(agent))
            await channel.queue_delete(dead_queue(agent))
        await channel.close()


async def rabbitmq_broker(tracer_provider: TracerProvider | None = None) -> TestRabbitMqBroker:
    url = os.environ.get("UMT_TEST_AMQP_URL", DEFAULT_AMQP_URL)
    try:
        broker = await TestRabbitMqBroker.connect(url, tracer_provider=tracer_provider)
    except Exception as exc:  # refused, timed out, auth: all mean "cannot test here"
        service_unavailable("RabbitMQ", f"{type(exc).__name__}: {exc}")
    broker.declared = []
    return broker


def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=60)  # noqa: S603, S607  # the local broker's own tool


@contextmanager
def throwaway_vhost() -> Iterator[str]:
    """A RabbitMQ virtual host of its own: the fixed agent queue names (umt.agent.<name>)
    cannot meet another test's. Yields its AMQP URL; deleted afterwards."""
    if shutil.which("rabbitmqctl") is None:
        service_unavailable("RabbitMQ", "rabbitmqctl is not installed")
    name = f"umt-test-{uuid.uuid4().hex[:10]}"
    try:
        _rabbitmqctl("add_vhost", name)
        _rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
    except (subprocess.SubprocessError, OSError) as exc:
        service_unavailable("RabbitMQ", f"cannot add a vhost: {exc}")
    base = os.environ.get("UMT_TEST_AMQP_URL", DEFAULT_AMQP_URL).rstrip("/")
    try:
        yield f"{base}/{name}"
    finally:
        _rabbitmqctl("delete_vhost", name)


def restart_broker_app(down_seconds: float = 1.0) -> None:
    """``rabbitmqctl stop_app`` then ``start_app``: every connection drops, durable queues
    and persistent messages stay. The broker is started again even if the stop failed."""
    try:
        _rabbitmqctl("stop_app")
        time.sleep(down_seconds)
    finally:
        ensure_broker_app_running()


def ensure_broker_app_running() -> None:
    """``rabbitmqctl start_app`` (a no-op on a running broker), then wait for it to accept
    connections: what a test that stops the broker runs on its way out, whatever happened."""
    _rabbitmqctl("start_app")
    _rabbitmqctl("await_startup")
