"""The generation usage ledger in memory (the embedded default without a database).

Each method runs without awaiting in between its check and its write, so on one event loop a
reservation is atomic by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from umt.domain.content.budget import GenerationBudget, MonthWindow
from umt.domain.shared.ids import OrganizationId
from umt.ports.generation_usage import (
    GenerationUsage,
    ModelUsage,
    ReserveOutcome,
    UsageEntry,
    UsageTotals,
)


@dataclass(slots=True)
class _Row:
    entry: UsageEntry
    hold_until: datetime | None  # None: settled


class InMemoryGenerationUsage(GenerationUsage):
    def __init__(self) -> None:
        self._rows: dict[UUID, _Row] = {}
        self._budgets: dict[OrganizationId, GenerationBudget] = {}

    def _in_window(self, organization_id: OrganizationId, window: MonthWindow) -> list[_Row]:
        return [
            row
            for row in self._rows.values()
            if row.entry.organization_id == organization_id
            and window.start <= row.entry.at < window.end
        ]

    async def reserve(
        self,
        estimate: UsageEntry,
        *,
        budget: GenerationBudget,
        window: MonthWindow,
        now: datetime,
        hold_until: datetime,
    ) -> ReserveOutcome:
        live = [
            row.entry
            for row in self._in_window(estimate.organization_id, window)
            if row.hold_until is None or row.hold_until > now
        ]
        exhausted = budget.exhausted_by(
            tokens=sum(e.tokens for e in live), cost_micros=sum(e.cost_micros for e in live)
        )
        if exhausted is not None:
            return ReserveOutcome(granted=False, exhausted=exhausted)
        self._rows[estimate.id] = _Row(estimate, hold_until)
        return ReserveOutcome(granted=True)

    async def settle(self, actual: UsageEntry) -> None:
        row = self._rows.get(actual.id)
        if row is not None and row.entry.organization_id != actual.organization_id:
            return
        self._rows[actual.id] = _Row(actual, None)

    async def release(self, organization_id: OrganizationId, reservation_id: UUID) -> None:
        row = self._rows.get(reservation_id)
        if (
            row is not None
            and row.hold_until is not None
            and row.entry.organization_id == organization_id
        ):
            del self._rows[reservation_id]

    async def record(self, entry: UsageEntry) -> None:
        self._rows[entry.id] = _Row(entry, None)

    async def totals(self, organization_id: OrganizationId, window: MonthWindow) -> UsageTotals:
        settled = [
            r.entry for r in self._in_window(organization_id, window) if r.hold_until is None
        ]
        models: dict[str, list[UsageEntry]] = {}
        for entry in settled:
            models.setdefault(entry.model, []).append(entry)
        per_model = sorted(
            (
                ModelUsage(
                    model=model,
                    calls=len(entries),
                    cached_calls=sum(e.cached for e in entries),
                    input_tokens=sum(e.input_tokens for e in entries),
                    output_tokens=sum(e.output_tokens for e in entries),
                    cost_micros=sum(e.cost_micros for e in entries),
                )
                for model, entries in models.items()
            ),
            key=lambda m: (-m.cost_micros, -m.calls, m.model),
        )
        return UsageTotals(
            calls=len(settled),
            cached_calls=sum(e.cached for e in settled),
            input_tokens=sum(e.input_tokens for e in settled),
            output_tokens=sum(e.output_tokens for e in settled),
            cost_micros=sum(e.cost_micros for e in settled),
            per_model=tuple(per_model),
        )

    async def get_budget(self, organization_id: OrganizationId) -> GenerationBudget | None:
        return self._budgets.get(organization_id)

    async def set_budget(
        self, organization_id: OrganizationId, budget: GenerationBudget | None, *, at: datetime
    ) -> None:
        if budget is None:
            self._budgets.pop(organization_id, None)
        else:
            self._budgets[organization_id] = budget
