"""Session revocations behind the Redis breaker.

Every authenticated request asks ``is_revoked``: while Redis is down, the open breaker answers
at once (``DependencyUnavailable``, a StorageUnavailable) and CheckSession falls back to the
refresh-token table, instead of each request waiting out a connect timeout first.
``revoke`` is idempotent (setting a key twice), so it is retried on transient errors.
"""

from __future__ import annotations

from collections.abc import Collection

from umt.adapters.resilience.breaker import Breaker
from umt.adapters.resilience.retry import RetryPolicy
from umt.ports.session_revocations import SessionRevocations


class ResilientSessionRevocations(SessionRevocations):
    def __init__(self, inner: SessionRevocations, breaker: Breaker, retry: RetryPolicy) -> None:
        self._inner = inner
        self._breaker = breaker
        self._retry = retry

    async def revoke(self, session_ids: Collection[str]) -> None:
        await self._breaker.call(lambda: self._retry.run(lambda: self._inner.revoke(session_ids)))

    async def is_revoked(self, session_id: str) -> bool:
        return await self._breaker.call(lambda: self._inner.is_revoked(session_id))
