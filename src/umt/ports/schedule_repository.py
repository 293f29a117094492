"""The ScheduleRepository port: recurring publication schedules by tenant, and the ones the
expander should extend (across tenants, each held for the expanding transaction)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from umt.domain.publishing.schedule import Schedule
from umt.domain.shared.ids import BrandId, OrganizationId, ScheduleId
from umt.ports.pagination import Page, PageRequest

SCHEDULE_SORTS = frozenset({"created_at", "updated_at"})


@dataclass(frozen=True, slots=True)
class ScheduleFilter:
    brand_id: BrandId | None = None
    brand_ids: frozenset[BrandId] | None = None  # a member's brand scope; None: every brand
    active: bool | None = None


class ScheduleRepository(Protocol):
    async def get(
        self, organization_id: OrganizationId, schedule_id: ScheduleId
    ) -> Schedule | None: ...

    async def add(self, schedule: Schedule) -> None: ...

    async def save(self, schedule: Schedule) -> None:
        """Raises ``StaleVersion`` if another writer saved it meanwhile."""
        ...

    async def remove(self, schedule: Schedule) -> None:
        """Its publications stay (they name the schedule they came from)."""
        ...

    async def list(
        self, organization_id: OrganizationId, filters: ScheduleFilter, page: PageRequest
    ) -> Page[Schedule]: ...

    async def to_expand(self, before: date, *, limit: int) -> Sequence[Schedule]:
        """Up to ``limit`` active schedules of any tenant whose next expansion is due on or
        before the date ``before`` (or that were never expanded), held for this transaction;
        rows another transaction holds are skipped."""
        ...
