"""Presenting one refresh token many times at once, from threads, through a TestClient: the
client runs the requests concurrently on the app's event loop (unit and integration tests)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
from litestar import Litestar
from litestar.testing import TestClient

REFRESH = "/api/v1/auth/refresh"


def refresh_all_at_once(
    client: TestClient[Litestar], refresh_token: str, times: int
) -> list[httpx.Response]:
    """``times`` refreshes with ``refresh_token``, released together by a barrier."""
    start = threading.Barrier(times)

    def refresh() -> httpx.Response:
        start.wait()
        return client.post(REFRESH, json={"refresh_token": refresh_token})

    with ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(lambda _: refresh(), range(times)))
