"""The probe port of umt worker, relay and scheduler: liveness, readiness as the process
reports it, metrics, and nothing else."""

from __future__ import annotations

import asyncio
import json

import pytest

from umt.entrypoints.observability import probes
from umt.entrypoints.observability.metrics import Metrics
from umt.entrypoints.observability.probes import ProbeHandler, probe_server


class _Readiness:
    def __init__(self) -> None:
        self.ok = True
        self.calls = 0

    async def __call__(self) -> tuple[bool, bytes]:
        self.calls += 1
        report = {"status": "ok" if self.ok else "unavailable", "down": [] if self.ok else ["db"]}
        return self.ok, json.dumps(report).encode()


async def _request(port: int, raw: bytes) -> tuple[int, dict[str, str], bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(raw)
    await writer.drain()
    answer = await reader.read()
    writer.close()
    await writer.wait_closed()
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def _get(path: str, method: str = "GET") -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: probe\r\nUser-Agent: kube-probe/1.30\r\n\r\n"
    return head.encode()


async def test_liveness_readiness_and_metrics_on_the_probe_port() -> None:
    readiness = _Readiness()
    async with probe_server(Metrics(), readiness, "127.0.0.1", _free_port()) as port:
        assert port is not None
        live = await _request(port, _get("/health/live"))
        ready = await _request(port, _get("/health/ready"))
        readiness.ok = False
        not_ready = await _request(port, _get("/health/ready?verbose=1"))
        metrics = await _request(port, _get("/metrics"))
    assert live[0] == 200
    assert json.loads(live[2]) == {"status": "ok"}
    assert ready[0] == 200
    assert json.loads(ready[2])["status"] == "ok"
    assert ready[1]["content-type"] == "application/json"
    assert not_ready[0] == 503
    assert json.loads(not_ready[2])["down"] == ["db"]
    assert not_ready[1]["retry-after"] == "5"
    assert metrics[0] == 200
    assert metrics[1]["content-type"].startswith("text/plain")
    assert b"umt_breaker_open" in metrics[2]
    assert readiness.calls == 2  # asked afresh each time, never cached


async def test_anything_else_is_refused_without_asking_the_dependencies() -> None:
    readiness = _Readiness()
    async with probe_server(Metrics(), readiness, "127.0.0.1", _free_port()) as port:
        assert port is not None
        missing = await _request(port, _get("/api/v1/brands"))
        posted = await _request(port, _get("/health/ready", method="POST"))
        garbage = await _request(port, b"\x16\x03\x01 not http\r\n\r\n")
        head = await _request(port, _get("/health/live", method="HEAD"))
    assert missing[0] == 404
    assert posted[0] == 405
    assert posted[1]["allow"] == "GET, HEAD"
    assert garbage[0] == 400
    assert head[0] == 200
    assert head[2] == b""  # HEAD: the headers only
    assert head[1]["content-length"] == "15"
    assert readiness.calls == 0


async def test_a_request_head_too_long_or_with_too_many_headers_is_refused() -> None:
    async with probe_server(Metrics(), _Readiness(), "127.0.0.1", _free_port()) as port:
        assert port is not None
        long_line = await _request(port, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n")
        many = b"GET /health/live HTTP/1.1\r\n" + b"X-A: b\r\n" * 200 + b"\r\n"
        too_many = await _request(port, many)
    assert long_line[0] == 400
    assert too_many[0] == 400


async def test_port_zero_serves_nothing() -> None:
    async with probe_server(Metrics(), _Readiness(), "127.0.0.1", 0) as port:
        assert port is None


async def test_a_client_that_never_finishes_its_request_is_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(probes, "REQUEST_TIMEOUT_SECONDS", 0.05)  # the bound, shortened
    server = await asyncio.start_server(ProbeHandler(Metrics(), _Readiness()), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /health/live HTTP/1.1\r\n")  # and never the blank line
    await writer.drain()
    assert await reader.read() == b""  # closed without an answer
    writer.close()
    server.close()
    await server.wait_closed()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
