"""The in-memory OutboxFeed: the relay's side of the memory store's outbox.

The store's outbox list only grows (units of work append on commit), and a published row
never becomes pending again, so each feed keeps a cursor past the published prefix. Claimed
row ids sit in ``store.outbox_claimed``, the in-memory counterpart of PostgreSQL's row locks:
feeds sharing a store (several relays in one process) skip each other's rows and, like the SQL
feed, leave out an aggregate from the first row another claim holds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from uuid import UUID

from umt.adapters.memory.store import InMemoryStore
from umt.ports.outbox import OutboxMessage
from umt.ports.outbox_feed import OutboxClaim, OutboxFeed, OutboxLag


class _Claim(OutboxClaim):
    def __init__(self, store: InMemoryStore, rows: dict[UUID, int]) -> None:
        self._store = store
        self._rows = rows  # id -> index in store.outbox
        self._messages = [store.outbox[index] for index in rows.values()]
        self.open = True

    @property
    def messages(self) -> Sequence[OutboxMessage]:
        return self._messages

    async def mark_sent(self, ids: Sequence[UUID], at: datetime) -> None:
        if not self.open:
            raise RuntimeError("this claim has ended; mark_sent runs at most once")
        unknown = set(ids) - self._rows.keys()
        if unknown:
            raise ValueError(f"not in this claim: {sorted(map(str, unknown))}")
        async with self._store.lock:
            for message_id in ids:
                index = self._rows[message_id]
                outbox = self._store.outbox
                outbox[index] = dataclasses.replace(outbox[index], published_at=at)
        self.release()

    def release(self) -> None:
        if self.open:
            self._store.outbox_claimed.difference_update(self._rows)
            self.open = False


class InMemoryOutboxFeed(OutboxFeed):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self._cursor = 0  # every row before it is published

    @asynccontextmanager
    async def claim(self, limit: int) -> AsyncIterator[OutboxClaim]:
        claim = _Claim(self._store, self._select(limit))
        try:
            yield claim
        finally:
            claim.release()

    def _select(self, limit: int) -> dict[UUID, int]:
        # No await in here: the selection and the locking happen at once for asyncio.
        outbox, held = self._store.outbox, self._store.outbox_claimed
        while self._cursor < len(outbox) and outbox[self._cursor].published_at is not None:
            self._cursor += 1
        chosen: dict[UUID, int] = {}
        blocked: set[UUID] = set()
        for index in range(self._cursor, len(outbox)):
            if len(chosen) >= limit:
                break
            message = outbox[index]
            if message.published_at is not None or message.aggregate_id in blocked:
                continue
            if message.id in held:
                # another claim holds this row: this aggregate waits for it
                blocked.add(message.aggregate_id)
                continue
            chosen[message.id] = index
        held.update(chosen)
        return chosen

    async def lag(self) -> OutboxLag:
        pending = [m for m in self._store.outbox[self._cursor :] if m.published_at is None]
        return OutboxLag(
            pending=len(pending),
            oldest_occurred_at=min((m.occurred_at for m in pending), default=None),
        )
