"""The GenerationUsage port: the per-organization ledger of model calls and its budget.

Every call to a content generator is one entry (who, which adapter and model, prompt version,
tokens, cost, latency, cached or not, when). Budgets are enforced *before* a call with
reserve-then-settle: ``reserve`` atomically checks the month's usage (settled entries plus the
live reservations of calls in flight) against the limit and, if below it, records a
reservation sized by an estimate; ``settle`` replaces it with the actual figures, ``release``
drops it when the call failed. Two concurrent callers are serialized by the adapter, so they
cannot both pass a limit that only one of them fits under: the overspend is bounded by one
call's worth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from umt.domain.content.budget import GenerationBudget, MonthWindow
from umt.domain.shared.ids import OrganizationId


@dataclass(frozen=True, slots=True, kw_only=True)
class UsageEntry:
    """One generator call, or (while ``reserved``) the estimate of one in flight."""

    id: UUID
    organization_id: OrganizationId
    user_id: UUID | None
    agent: str  # who asked: "api", or the agent running the task ("content-creation")
    adapter: str
    model: str
    prompt_version: str
    input_tokens: int
    output_tokens: int
    cost_micros: int
    latency_ms: float
    cached: bool
    at: datetime

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelUsage:
    model: str
    calls: int
    cached_calls: int
    input_tokens: int
    output_tokens: int
    cost_micros: int


@dataclass(frozen=True, slots=True, kw_only=True)
class UsageTotals:
    """Settled usage of one organization over a window, in total and per model."""

    calls: int = 0
    cached_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_micros: int = 0
    per_model: tuple[ModelUsage, ...] = ()

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens


@dataclass(frozen=True, slots=True, kw_only=True)
class ReserveOutcome:
    """``granted``; else ``exhausted`` names the limit reached (``tokens`` or ``cost``)."""

    granted: bool
    exhausted: str | None = None


class GenerationUsage(Protocol):
    async def reserve(
        self,
        estimate: UsageEntry,
        *,
        budget: GenerationBudget,
        window: MonthWindow,
        now: datetime,
        hold_until: datetime,
    ) -> ReserveOutcome:
        """Atomically: if the organization's usage in ``window`` (settled entries plus
        reservations held past ``now``) is below every limit of ``budget``, record ``estimate`` as a
        reservation held until ``hold_until`` (a crashed caller's reservation lapses then)."""
        ...

    async def settle(self, actual: UsageEntry) -> None:
        """Replace the reservation ``actual.id`` with the actual figures (an entry)."""
        ...

    async def release(self, organization_id: OrganizationId, reservation_id: UUID) -> None:
        """Drop a reservation whose call did not happen or failed (nothing is charged)."""
        ...

    async def record(self, entry: UsageEntry) -> None:
        """Record a call that needed no reservation (a cache hit, which costs nothing)."""
        ...

    async def totals(self, organization_id: OrganizationId, window: MonthWindow) -> UsageTotals:
        """Settled usage in ``window``; per model ordered by cost, then calls, descending."""
        ...

    async def get_budget(self, organization_id: OrganizationId) -> GenerationBudget | None:
        """The organization's own budget, or None when it uses the default."""
        ...

    async def set_budget(
        self, organization_id: OrganizationId, budget: GenerationBudget | None, *, at: datetime
    ) -> None:
        """Set the organization's own budget; None returns it to the default."""
        ...
