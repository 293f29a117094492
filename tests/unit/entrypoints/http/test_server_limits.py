"""The HTTP server's own answers, over a real socket on loopback: what uvicorn refuses before
the app sees it (an unparsable request line, a URL or headers past the limits, a request head
that never ends) is application/problem+json like every other error, and the connection closes.

The server runs the configuration ``umt serve`` runs (``server_config``) around the real app."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest
from tests.support.serving import serving
from tests.unit.entrypoints.http.helpers import build_app

from umt.entrypoints.http.server import LIMITS, ServerLimits

PROBLEM_JSON = "application/problem+json"
TEST_LIMITS = ServerLimits(head_timeout_seconds=0.5, max_connections=50)


@pytest.fixture(scope="module")
def address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    with serving(build_app(tmp_path_factory.mktemp("served")), TEST_LIMITS) as bound:
        yield bound


def exchange(address: tuple[str, int], raw: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes, read until the server closes: (status, headers, body)."""
    with socket.create_connection(address, timeout=20) as conn:
        conn.sendall(raw)
        received = b""
        while chunk := conn.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def assert_problem(answer: tuple[int, dict[str, str], bytes], status: int, code: str) -> None:
    got, headers, body = answer
    assert got == status, (got, body)
    assert headers["content-type"] == PROBLEM_JSON, headers
    assert headers["connection"] == "close"
    problem = json.loads(body)
    assert problem["status"] == status
    assert problem["code"] == code
    assert problem["type"] == f"/problems/{code}"
    assert problem["title"]
    assert problem["detail"]
    assert int(headers["content-length"]) == len(body)


def test_a_sound_request_reaches_the_app(address: tuple[str, int]) -> None:
    status, headers, body = exchange(
        address, b"GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    assert status == 200, body
    assert "server" not in headers  # the server does not advertise itself


def test_a_long_url_of_multibyte_characters_is_400_problem_json(
    address: tuple[str, int],
) -> None:
    """The Schemathesis find: 10 kB of raw UTF-8 in the request line of a callback route (the
    parser stops at the first byte outside ASCII)."""
    target = "/api/v1/integrations/meta/callback?state=" + "é" * 5_000
    raw = f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
    assert len(raw) > 10_000
    assert_problem(exchange(address, raw), 400, "malformed_request")


def test_a_url_past_the_limit_is_414_problem_json(address: tuple[str, int]) -> None:
    target = "/api/v1/integrations/meta/callback?state=" + "%C3%A9" * 2_000
    assert len(target) > LIMITS.max_url_bytes
    raw = f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
    assert_problem(exchange(address, raw), 414, "uri_too_long")


def test_a_url_within_the_limit_reaches_the_app(address: tuple[str, int]) -> None:
    target = "/health/live?pad=" + "a" * (LIMITS.max_url_bytes - 100)
    raw = f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    status, _, body = exchange(address, raw)
    assert status == 200, body


@pytest.mark.parametrize(
    "raw",
    [
        b"NOT HTTP AT ALL\r\n\r\n",
        b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
        b"GET / HTTP/1.1\r\nBad Header Without Colon\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS hello on the plain port
    ],
    ids=["garbage", "version", "header", "tls"],
)
def test_an_unparsable_request_is_400_problem_json(address: tuple[str, int], raw: bytes) -> None:
    assert_problem(exchange(address, raw), 400, "malformed_request")


def test_too_many_header_bytes_is_431_problem_json(address: tuple[str, int]) -> None:
    big = "a" * (LIMITS.max_header_bytes + 1)
    raw = f"GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: {big}\r\n\r\n".encode()
    assert_problem(exchange(address, raw), 431, "headers_too_large")


def test_too_many_headers_is_431_problem_json(address: tuple[str, int]) -> None:
    fields = "".join(f"X-H{i}: v\r\n" for i in range(LIMITS.max_headers + 1))
    raw = f"GET /health/live HTTP/1.1\r\nHost: x\r\n{fields}\r\n".encode()
    assert_problem(exchange(address, raw), 431, "headers_too_large")


def test_a_request_head_that_never_ends_is_408_problem_json(address: tuple[str, int]) -> None:
    """A slow client cannot hold a connection open by never finishing its headers."""
    answer = exchange(address, b"GET /health/live HTTP/1.1\r\nHost: x\r\n")
    assert_problem(answer, 408, "request_timeout")


async def _hello(scope: dict[str, object], receive: object, send: object) -> None:
    """A minimal ASGI app: the connection limit is the protocol's, whatever the app."""
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})  # type: ignore[operator]
    await send({"type": "http.response.body", "body": b"hello"})  # type: ignore[operator]


def test_connections_past_the_limit_get_503_problem_json() -> None:
    limits = ServerLimits(max_connections=3, keep_alive_seconds=120, head_timeout_seconds=120)
    held: list[socket.socket] = []
    with serving(_hello, limits) as address:
        try:
            for _ in range(limits.max_connections):  # each answered, so accepted, and kept
                conn = socket.create_connection(address, timeout=20)
                held.append(conn)
                conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                assert conn.recv(65536).startswith(b"HTTP/1.1 200")
            status, headers, body = exchange(address, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            assert_problem((status, headers, body), 503, "too_many_connections")
            assert headers["retry-after"] == "1"
            held.pop().close()  # one leaves: the next is served again
            deadline = time.monotonic() + 20
            while True:
                status, _, _ = exchange(
                    address, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                )
                if status == 200 or time.monotonic() > deadline:
                    break
                time.sleep(0.05)  # the server notices the close on its next loop turn
            assert status == 200
        finally:
            for conn in held:
                conn.close()
