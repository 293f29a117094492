"""The idempotency store behind its dependency's breaker (Redis, or the database).

``reserve`` is not retried: if its reply was lost after the store recorded the reservation,
a retry would find the key pending (owned by nobody alive) and the request would wait for
itself. ``complete`` and ``release`` are idempotent (the same outcome written twice, a delete
of what is already gone) and are retried on transient errors.
"""

from __future__ import annotations

from umt.adapters.resilience.breaker import Breaker
from umt.adapters.resilience.retry import RetryPolicy
from umt.ports.idempotency_store import IdempotencyStore, Reservation


class ResilientIdempotencyStore(IdempotencyStore):
    def __init__(self, inner: IdempotencyStore, breaker: Breaker, retry: RetryPolicy) -> None:
        self._inner = inner
        self._breaker = breaker
        self._retry = retry

    async def reserve(self, key: str, fingerprint: str, *, ttl_seconds: int) -> Reservation:
        return await self._breaker.call(
            lambda: self._inner.reserve(key, fingerprint, ttl_seconds=ttl_seconds)
        )

    async def complete(
        self, key: str, fingerprint: str, outcome: bytes, *, ttl_seconds: int
    ) -> None:
        await self._breaker.call(
            lambda: self._retry.run(
                lambda: self._inner.complete(key, fingerprint, outcome, ttl_seconds=ttl_seconds)
            )
        )

    async def release(self, key: str, fingerprint: str) -> None:
        await self._breaker.call(
            lambda: self._retry.run(lambda: self._inner.release(key, fingerprint))
        )
