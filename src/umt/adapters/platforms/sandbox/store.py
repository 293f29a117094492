"""Where the sandbox network keeps its state: one small interface, two stores.

``InMemorySandboxStore`` for tests and ephemeral runs; ``SqliteSandboxStore``
(sqlite_store.py) for the embedded platform, so sandbox accounts and posts outlive a restart
and are shared by the processes of one machine. Records are opaque JSON documents filed by
kind and key, with an owner (the account) to list by.
"""

from __future__ import annotations

from typing import Protocol


class SandboxStore(Protocol):
    async def next_id(self, kind: str) -> int:
        """A number never handed out before for ``kind`` (1, 2, ...)."""
        ...

    async def put(self, kind: str, key: str, data: bytes, *, owner: str = "") -> None:
        """Insert or replace a record."""
        ...

    async def get(self, kind: str, key: str) -> bytes | None: ...

    async def take(self, kind: str, key: str) -> bytes | None:
        """Remove and return a record in one step: of two concurrent takers only one gets it
        (single-use codes and refresh tokens)."""
        ...

    async def list(self, kind: str, *, owner: str | None = None) -> list[bytes]:
        """Records of a kind (of one owner), oldest first."""
        ...

    async def close(self) -> None: ...


class InMemorySandboxStore(SandboxStore):
    """The store in process memory: everything is gone when the process ends."""

    def __init__(self) -> None:
        self._records: dict[tuple[str, str], tuple[str, bytes]] = {}
        self._counters: dict[str, int] = {}

    async def next_id(self, kind: str) -> int:
        self._counters[kind] = self._counters.get(kind, 0) + 1
        return self._counters[kind]

    async def put(self, kind: str, key: str, data: bytes, *, owner: str = "") -> None:
        # a replaced record keeps its place in insertion order, like a SQLite row keeps its id
        self._records[kind, key] = (owner, data)

    async def get(self, kind: str, key: str) -> bytes | None:
        found = self._records.get((kind, key))
        return None if found is None else found[1]

    async def take(self, kind: str, key: str) -> bytes | None:
        found = self._records.pop((kind, key), None)
        return None if found is None else found[1]

    async def list(self, kind: str, *, owner: str | None = None) -> list[bytes]:
        return [
            data
            for (k, _), (o, data) in self._records.items()
            if k == kind and (owner is None or o == owner)
        ]

    async def close(self) -> None:
        return None
