"""`umt relay` and `umt scheduler` as processes of their own on PostgreSQL and RabbitMQ, beside
an API started as `umt serve --no-agents` would be: their probe port answers liveness at once,
readiness only once the database has umt's schema (a real check, not a constant), metrics; the
relay publishes what the API wrote to the outbox; the scheduler runs the contexts' loops; both
stop gracefully on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.support.polling import wait_for
from tests.support.postgres import throwaway_database
from tests.support.rabbitmq import throwaway_vhost

from umt.adapters.sql.migrate import upgrade
from umt.entrypoints.cli import build_parser
from umt.entrypoints.commands.processes import serve_settings
from umt.entrypoints.http.app import create_app
from umt.entrypoints.settings import Settings

UMT = [sys.executable, "-m", "umt.entrypoints.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def probe(port: int, path: str) -> tuple[int, bytes] | None:
    """``GET path`` on the probe port: the status and body, or None while nothing listens."""
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}{path}", timeout=10
        ) as answer:  # our own loopback URL
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return None


def metric(text: str, name: str) -> float | None:
    for line in text.splitlines():
        if line.startswith(f"{name} ") or line.startswith(f"{name}{{"):
            return float(line.rsplit(" ", 1)[1])
    return None


@pytest.fixture
def empty_database() -> Iterator[str]:
    with throwaway_database(migrate=False) as url:
        yield url


def start(command: str, env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603  # our own CLI, with this interpreter
        [*UMT, command, "--probe-port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_relay_and_scheduler_processes_with_their_probes(
    empty_database: str, tmp_path: Path
) -> None:
    with throwaway_vhost() as broker_url:
        env = {
            **os.environ,
            "UMT_DATABASE_URL": empty_database,
            "UMT_BROKER_URL": broker_url,
            "UMT_REDIS_URL": "",
            "UMT_DATA_DIR": str(tmp_path),
            "UMT_JWT_SECRET": "r" * 40,
            "UMT_LOG_LEVEL": "WARNING",
            "UMT_PUBLISHING_TICK_SECONDS": "0.2",
        }
        relay_port, scheduler_port = free_port(), free_port()
        relay = start("relay", env, relay_port)
        scheduler = start("scheduler", env, scheduler_port)
        try:
            # alive at once, but not ready: the database has no schema yet
            for port in (relay_port, scheduler_port):
                assert wait_for(lambda p=port: probe(p, "/health/live")) == (
                    200,
                    b'{"status":"ok"}',
                )
                status, body = wait_for(lambda p=port: probe(p, "/health/ready"))
                assert status == 503
                report = json.loads(body)
                assert "database" in report["down"]
                assert report["checks"]["broker"] == "ok"

            upgrade(empty_database)
            for port in (relay_port, scheduler_port):
                wait_for(lambda p=port: (probe(p, "/health/ready") or (0, b""))[0] == 200)

            # the scheduler runs the contexts' loops (the publication ticker reports its ticks)
            def ticking() -> dict[str, Any] | None:
                answer = probe(scheduler_port, "/health/ready")
                loops = json.loads(answer[1])["loops"] if answer else {}
                return loops.get("publication-ticker")

            assert wait_for(ticking)["last_tick"]

            # the API alone (as `umt serve --no-agents` runs it) writes events to the outbox;
            # the relay process publishes them
            args = build_parser().parse_args(["serve", "--no-agents"])
            settings = serve_settings(
                Settings(
                    database_url=empty_database,
                    broker_url=broker_url,
                    data_dir=tmp_path,
                    jwt_secret="r" * 40,
                    log_level="WARNING",
                    _env_file=None,
                ),
                args,
            )
            with TestClient[Litestar](create_app(settings)) as client:
                registered = client.post(
                    "/api/v1/auth/register",
                    json={
                        "email": "relay@acme.example",
                        "password": "correct horse battery staple",
                        "organization_name": "Relay",
                    },
                )
                assert registered.status_code == 202, registered.text
                assert client.app.state.agent_host.workers == []  # no agents in the API

            def published() -> float | None:
                answer = probe(relay_port, "/metrics")
                text = answer[1].decode() if answer else ""
                done = metric(text, "umt_outbox_published_total")
                pending = metric(text, "umt_outbox_pending")
                return done if done and pending == 0 else None

            assert wait_for(published) >= 1
            scheduler_metrics = probe(scheduler_port, "/metrics")
            assert scheduler_metrics is not None
            assert metric(scheduler_metrics[1].decode(), "umt_outbox_published_total") is None

            assert stop(relay) == 0
            assert stop(scheduler) == 0
        finally:
            for process in (relay, scheduler):
                if process.poll() is None:
                    process.kill()
                    process.wait()
