"""The IdempotencyStore port: run a keyed request at most once, replay its outcome after.

A caller ``reserve``s a key with the fingerprint of its request. The first caller owns the key
and runs the work, then ``complete``s it with the outcome (or ``release``s it on failure so a
retry can run). Later callers with the same key get the stored outcome; a different request
under a key already used is a mismatch.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class ReservationState(StrEnum):
    NEW = "new"  # the caller owns the key: run the work, then complete or release
    PENDING = "pending"  # another caller is running it right now
    DONE = "done"  # finished: ``outcome`` holds what it returned
    MISMATCH = "mismatch"  # the key was used for a different request


@dataclass(frozen=True, slots=True)
class Reservation:
    state: ReservationState
    outcome: bytes | None = None


class IdempotencyStore(Protocol):
    async def reserve(self, key: str, fingerprint: str, *, ttl_seconds: int) -> Reservation: ...

    async def complete(
        self, key: str, fingerprint: str, outcome: bytes, *, ttl_seconds: int
    ) -> None: ...

    async def release(self, key: str, fingerprint: str) -> None:
        """Give up a reservation this caller owns, so that the work can be tried again."""
        ...
