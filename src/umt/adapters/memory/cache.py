"""An in-process cache with expiry and a size bound (the embedded default)."""

from __future__ import annotations

import time
from collections import OrderedDict

from umt.ports.cache import Cache


class InMemoryCache(Cache):
    """Least recently used entries are dropped past ``max_entries``. Per process: with several
    instances, configure Redis so that invalidations reach all of them."""

    def __init__(self, *, max_entries: int = 50_000) -> None:
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._max_entries = max_entries

    async def get(self, key: str) -> bytes | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires_at, value = entry
        if expires_at <= time.monotonic():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    async def set(self, key: str, value: bytes, *, ttl_seconds: int) -> None:
        self._entries[key] = (time.monotonic() + ttl_seconds, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)

    async def delete(self, *keys: str) -> None:
        for key in keys:
            self._entries.pop(key, None)
