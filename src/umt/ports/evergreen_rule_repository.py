"""The EvergreenRuleRepository port: one evergreen rule per brand, and the rules the
recycling loop should run (across tenants, each held for the recycling transaction)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from umt.domain.publishing.evergreen import EvergreenRule
from umt.domain.shared.ids import BrandId, OrganizationId


class EvergreenRuleRepository(Protocol):
    async def for_brand(
        self, organization_id: OrganizationId, brand_id: BrandId
    ) -> EvergreenRule | None: ...

    async def add(self, rule: EvergreenRule) -> None:
        """Raises ``Conflict`` if the brand has a rule already."""
        ...

    async def save(self, rule: EvergreenRule) -> None:
        """Raises ``StaleVersion`` if another writer saved it meanwhile."""
        ...

    async def remove(self, rule: EvergreenRule) -> None:
        """What it scheduled stays on the calendar."""
        ...

    async def due(self, now: datetime, *, limit: int) -> Sequence[EvergreenRule]:
        """Up to ``limit`` active rules of any tenant whose next run is at or before ``now``,
        held for this transaction; rows another transaction holds are skipped."""
        ...
