"""Where the sandbox network keeps its state: one small interface, two stores.

``InMemorySandboxStore`` for tests and ephemeral runs; ``SqliteSandboxStore``
(sqlite_store.py) for the embedded platform, so sandbox accounts and posts outlive a restart
and are shared by the processes of one machine. Records are opaque JSON documents filed by
kind and key, with an owner (the account) to list by and an optional tag (a secondary key:
a post's client reference) to find by. Each record has a position, given when it is first
stored and kept when it is replaced, that only grows in the order records become visible:
``since`` lists by it, which is what the sandbox's listing cursors stand on.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol


class SandboxStore(Protocol):
    async def next_id(self, kind: str) -> int:
        """A number never handed out before for ``kind`` (1, 2, ...)."""
        ...

    async def put(
        self, kind: str, key: str, data: bytes, *, owner: str = "", tag: str = ""
    ) -> None:
        """Insert or replace a record, in one atomic step (its tag with it)."""
        ...

    async def tagged(self, kind: str, tag: str) -> list[bytes]:
        """Records of a kind carrying ``tag``, oldest first."""
        ...

    async def since(
        self, kind: str, *, owner: str, after: int | None, limit: int
    ) -> list[tuple[int, bytes]]:
        """Up to ``limit`` records of a kind and owner, with their positions, oldest first:
        those after position ``after``, or the newest ``limit`` when ``after`` is None. A
        record stored after a call returned never has a position at or before what it
        returned (so a cursor on positions never skips one)."""
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


class _Record(NamedTuple):
    owner: str
    tag: str
    position: int
    data: bytes


class InMemorySandboxStore(SandboxStore):
    """The store in process memory: everything is gone when the process ends."""

    def __init__(self) -> None:
        self._records: dict[tuple[str, str], _Record] = {}
        self._tags: dict[tuple[str, str], dict[str, None]] = {}
        self._counters: dict[str, int] = {}
        self._position = 0

    async def next_id(self, kind: str) -> int:
        self._counters[kind] = self._counters.get(kind, 0) + 1
        return self._counters[kind]

    async def put(
        self, kind: str, key: str, data: bytes, *, owner: str = "", tag: str = ""
    ) -> None:
        # a replaced record keeps its place in insertion order, like a SQLite row keeps its id
        found = self._records.get((kind, key))
        if found is None:
            self._position += 1
            position = self._position
        else:
            position = found.position
            self._tags.get((kind, found.tag), {}).pop(key, None)
        self._records[kind, key] = _Record(owner, tag, position, data)
        if tag:
            self._tags.setdefault((kind, tag), {})[key] = None

    async def tagged(self, kind: str, tag: str) -> list[bytes]:
        keys = self._tags.get((kind, tag), {}) if tag else {}
        return [self._records[kind, key].data for key in keys]

    async def since(
        self, kind: str, *, owner: str, after: int | None, limit: int
    ) -> list[tuple[int, bytes]]:
        found = sorted(
            (record.position, record.data)
            for (k, _), record in self._records.items()
            if k == kind and record.owner == owner and (after is None or record.position > after)
        )
        return found[-limit:] if after is None else found[:limit]

    async def get(self, kind: str, key: str) -> bytes | None:
        found = self._records.get((kind, key))
        return None if found is None else found.data

    async def take(self, kind: str, key: str) -> bytes | None:
        found = self._records.pop((kind, key), None)
        if found is None:
            return None
        self._tags.get((kind, found.tag), {}).pop(key, None)
        return found.data

    async def list(self, kind: str, *, owner: str | None = None) -> list[bytes]:
        return [
            record.data
            for (k, _), record in self._records.items()
            if k == kind and (owner is None or record.owner == owner)
        ]

    async def close(self) -> None:
        return None
