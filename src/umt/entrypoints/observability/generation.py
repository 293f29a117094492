"""The generation ledger, metered: every model call's tokens and cost, and every refusal of
a spent budget, as Prometheus counters (the generation-cost dashboard and the budget alert).

A decorator of the ``GenerationUsage`` port, so the application layer stays unaware of
metrics: what the ledger records (settled calls, cache hits) is what is counted, once.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from prometheus_client import CollectorRegistry, Counter

from umt.domain.content.budget import MICROS_PER_DOLLAR, GenerationBudget, MonthWindow
from umt.domain.shared.ids import OrganizationId
from umt.ports.generation_usage import GenerationUsage, ReserveOutcome, UsageEntry, UsageTotals


class GenerationMetrics:
    """The counters, on a process's registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.calls = Counter(
            "umt_generation_calls",
            "Content generator calls recorded in the ledger, by model and cache hit.",
            ["model", "cached"],
            registry=registry,
        )
        self.tokens = Counter(
            "umt_generation_tokens",
            "Model tokens of settled generator calls, by model and direction (input, output).",
            ["model", "direction"],
            registry=registry,
        )
        self.cost = Counter(
            "umt_generation_cost_dollars",
            "Cost of settled generator calls in US dollars (the price table's), by model.",
            ["model"],
            registry=registry,
        )
        self.exhausted = Counter(
            "umt_generation_budget_exhausted",
            "Generator calls refused because an organization's monthly budget was spent, by"
            " the limit reached (tokens, cost).",
            ["limit"],
            registry=registry,
        )

    def count(self, entry: UsageEntry) -> None:
        self.calls.labels(entry.model, "true" if entry.cached else "false").inc()
        if entry.input_tokens:
            self.tokens.labels(entry.model, "input").inc(entry.input_tokens)
        if entry.output_tokens:
            self.tokens.labels(entry.model, "output").inc(entry.output_tokens)
        if entry.cost_micros:
            self.cost.labels(entry.model).inc(entry.cost_micros / MICROS_PER_DOLLAR)


class MeteredGenerationUsage(GenerationUsage):
    """Delegates every call to ``ledger``; counts settled and recorded entries and refusals."""

    def __init__(self, ledger: GenerationUsage, metrics: GenerationMetrics) -> None:
        self._ledger = ledger
        self._metrics = metrics

    async def reserve(
        self,
        estimate: UsageEntry,
        *,
        budget: GenerationBudget,
        window: MonthWindow,
        now: datetime,
        hold_until: datetime,
    ) -> ReserveOutcome:
        outcome = await self._ledger.reserve(
            estimate, budget=budget, window=window, now=now, hold_until=hold_until
        )
        if not outcome.granted:
            self._metrics.exhausted.labels(outcome.exhausted or "unknown").inc()
        return outcome

    async def settle(self, actual: UsageEntry) -> None:
        await self._ledger.settle(actual)
        self._metrics.count(actual)

    async def release(self, organization_id: OrganizationId, reservation_id: UUID) -> None:
        await self._ledger.release(organization_id, reservation_id)

    async def record(self, entry: UsageEntry) -> None:
        await self._ledger.record(entry)
        self._metrics.count(entry)

    async def totals(self, organization_id: OrganizationId, window: MonthWindow) -> UsageTotals:
        return await self._ledger.totals(organization_id, window)

    async def get_budget(self, organization_id: OrganizationId) -> GenerationBudget | None:
        return await self._ledger.get_budget(organization_id)

    async def set_budget(
        self, organization_id: OrganizationId, budget: GenerationBudget | None, *, at: datetime
    ) -> None:
        await self._ledger.set_budget(organization_id, budget, at=at)
