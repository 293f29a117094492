"""Serve an ASGI app (a fake platform API, a webhook receiver) on 127.0.0.1 for a test.

The app runs under uvicorn in a daemon thread on a port the OS picks, so adapters under test
talk real HTTP over a real socket to a server that follows the platform's documented requests,
responses and errors, with no network beyond loopback.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn

from umt.adapters.httpx.egress import guarded_client
from umt.adapters.platforms.http import CLIENT_HEADERS, DEFAULT_TIMEOUT
from umt.domain.shared.network import NetworkPolicy

START_TIMEOUT_SECONDS = 120  # a deadline, generous for a loaded machine
KEEP_ALIVE_SECONDS = 600  # idle connections outlive the test: no close-while-reused race


def new_client() -> httpx.AsyncClient:
    """The platform client as the composition root builds it (through the egress guard), with
    private addresses allowed: the fake platforms these tests call listen on loopback, the
    way ``UMT_WEBHOOK_ALLOW_PRIVATE_URLS`` or WordPress ``allow_private_hosts`` allow it."""
    return guarded_client(
        NetworkPolicy(allow_private=True), timeout=DEFAULT_TIMEOUT, headers=CLIENT_HEADERS
    )


@contextmanager
def serve_asgi(app: Any) -> Iterator[str]:
    """Run ``app`` until the block ends; yields its base URL (``http://127.0.0.1:<port>``)."""
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        log_config=None,
        access_log=False,
        lifespan="off",
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the loopback server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=START_TIMEOUT_SECONDS)
