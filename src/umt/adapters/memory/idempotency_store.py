"""In-process idempotency keys with expiry (the embedded default)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from umt.ports.idempotency_store import IdempotencyStore, Reservation, ReservationState


@dataclass(slots=True)
class _Entry:
    fingerprint: str
    outcome: bytes | None
    expires_at: float


class InMemoryIdempotencyStore(IdempotencyStore):
    def __init__(self, *, max_entries: int = 100_000) -> None:
        self._entries: dict[str, _Entry] = {}
        self._max_entries = max_entries

    async def reserve(self, key: str, fingerprint: str, *, ttl_seconds: int) -> Reservation:
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and entry.expires_at <= now:
            del self._entries[key]
            entry = None
        if entry is None:
            self._evict(now)
            self._entries[key] = _Entry(fingerprint, None, now + ttl_seconds)
            return Reservation(ReservationState.NEW)
        if entry.fingerprint != fingerprint:
            return Reservation(ReservationState.MISMATCH)
        if entry.outcome is None:
            return Reservation(ReservationState.PENDING)
        return Reservation(ReservationState.DONE, entry.outcome)

    async def complete(
        self, key: str, fingerprint: str, outcome: bytes, *, ttl_seconds: int
    ) -> None:
        entry = self._entries.get(key)
        if entry is not None and entry.fingerprint == fingerprint:
            entry.outcome = outcome
            entry.expires_at = time.monotonic() + ttl_seconds

    async def release(self, key: str, fingerprint: str) -> None:
        entry = self._entries.get(key)
        if entry is not None and entry.fingerprint == fingerprint and entry.outcome is None:
            del self._entries[key]

    def _evict(self, now: float) -> None:
        """Bound memory: drop expired entries, then the oldest, when the table is full."""
        if len(self._entries) < self._max_entries:
            return
        for stale in [k for k, e in self._entries.items() if e.expires_at <= now]:
            del self._entries[stale]
        while len(self._entries) >= self._max_entries:
            del self._entries[next(iter(self._entries))]
