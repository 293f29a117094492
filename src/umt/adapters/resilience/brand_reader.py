"""The brand reader behind the database breaker, with reads retried (a read is idempotent).

While the breaker is open a read raises ``DependencyUnavailable`` at once; the cache-aside in
front of it (application/brand/cached_reader.py) then serves its last known good copy.
"""

from __future__ import annotations

from umt.adapters.resilience.breaker import Breaker
from umt.adapters.resilience.retry import RetryPolicy
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.ports.brand_reader import BrandReader, BrandView


class ResilientBrandReader(BrandReader):
    def __init__(self, inner: BrandReader, breaker: Breaker, retry: RetryPolicy) -> None:
        self._inner = inner
        self._breaker = breaker
        self._retry = retry

    async def get(self, organization_id: OrganizationId, brand_id: BrandId) -> BrandView | None:
        return await self._breaker.call(
            lambda: self._retry.run(lambda: self._inner.get(organization_id, brand_id))
        )
