"""An app served by uvicorn with ``umt serve``'s configuration (``server_config``) on a
loopback port, in a thread: for the tests that need a real socket (the server's own limits, the
peer address behind a proxy)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from umt.entrypoints.http.server import LIMITS, ServerLimits, server_config


@contextmanager
def serving(app: Any, limits: ServerLimits = LIMITS) -> Iterator[tuple[str, int]]:
    """Serve ``app`` until the block ends; yields the bound (host, port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = server_config(app, host="127.0.0.1", port=0, limits=limits)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:  # the app's start-up; a failed one ends the thread
        assert thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    try:
        yield sock.getsockname()[:2]
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
