"""Metered generation: the budget enforced before each call, every call in the ledger.

Per call: a cache hit is served first and recorded at no cost (it spends no budget, even an
exhausted one). Otherwise a reservation sized by an estimate is made (reserve-then-settle, see
``ports/generation_usage.py``); refused → ``GenerationBudgetExhausted`` and no call is made.
After the call the reservation is settled with the actual tokens and cost, or released when
the call failed, so a failure is never charged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from umt.application.content.generation.cache import CachingContentGenerator
from umt.application.content.generation.pricing import PriceTable, model_of, primary_of
from umt.domain.content.budget import GenerationBudget, GenerationBudgetExhausted, MonthWindow
from umt.domain.shared.ids import OrganizationId
from umt.ports.clock import Clock
from umt.ports.content_generator import (
    ContentGenerator,
    GeneratedDraft,
    GenerationRequest,
    Length,
)
from umt.ports.generation_usage import GenerationUsage, UsageEntry
from umt.ports.id_generator import IdGenerator

# the estimate a reservation holds: the prompt (~4 characters a token, plus instructions)
# and the output expected for the direction's length
PROMPT_OVERHEAD_TOKENS = 600
OUTPUT_ESTIMATE = {Length.SHORT: 300, Length.MEDIUM: 800, Length.LONG: 2_000}
RESERVATION_HOLD = timedelta(minutes=10)


def estimate_tokens(request: GenerationRequest) -> tuple[int, int]:
    text = " ".join(
        (
            request.topic,
            *request.key_points,
            request.template or "",
            request.brand.description,
            *(v.message for v in request.feedback),
        )
    )
    return PROMPT_OVERHEAD_TOKENS + len(text) // 4, OUTPUT_ESTIMATE[request.direction.length]


@dataclass(frozen=True, slots=True, kw_only=True)
class Meter:
    """Who pays and where it is written down."""

    ledger: GenerationUsage
    prices: PriceTable
    budget: GenerationBudget
    organization_id: OrganizationId
    user_id: UUID | None
    agent: str
    clock: Clock
    ids: IdGenerator

    def cost_of(self, generated: GeneratedDraft) -> int:
        if generated.cached:
            return 0
        return self.prices.cost_micros(
            adapter=generated.adapter,
            model=generated.model,
            input_tokens=generated.usage.input_tokens,
            output_tokens=generated.usage.output_tokens,
        )

    async def check(self) -> None:
        """Refuse at once when the month's budget is already spent (before queueing work)."""
        if self.budget.unlimited:
            return
        now = self.clock.now()
        window = MonthWindow.containing(now)
        totals = await self.ledger.totals(self.organization_id, window)
        limit = self.budget.exhausted_by(tokens=totals.tokens, cost_micros=totals.cost_micros)
        if limit is not None:
            raise GenerationBudgetExhausted(limit, retry_after_seconds=window.seconds_left(now))

    def entry(self, generated: GeneratedDraft, *, entry_id: UUID) -> UsageEntry:
        return UsageEntry(
            id=entry_id,
            organization_id=self.organization_id,
            user_id=self.user_id,
            agent=self.agent,
            adapter=generated.adapter,
            model=generated.model,
            prompt_version=generated.prompt_version,
            input_tokens=0 if generated.cached else generated.usage.input_tokens,
            output_tokens=0 if generated.cached else generated.usage.output_tokens,
            cost_micros=self.cost_of(generated),
            latency_ms=generated.latency_ms,
            cached=generated.cached,
            at=self.clock.now(),
        )


class MeteredContentGenerator(ContentGenerator):
    def __init__(self, inner: ContentGenerator, meter: Meter) -> None:
        self._inner = inner
        self._meter = meter

    @property
    def name(self) -> str:
        return self._inner.name

    async def generate(self, request: GenerationRequest) -> GeneratedDraft:
        meter = self._meter
        if isinstance(self._inner, CachingContentGenerator):
            hit = await self._inner.lookup(request)
            if hit is not None:
                await meter.ledger.record(meter.entry(hit, entry_id=meter.ids.new_id()))
                return hit
        reservation = await self._reserve(request)
        try:
            generated = await self._inner.generate(request)
        except BaseException:
            await meter.ledger.release(meter.organization_id, reservation)
            raise
        await meter.ledger.settle(meter.entry(generated, entry_id=reservation))
        return generated

    async def _reserve(self, request: GenerationRequest) -> UUID:
        meter = self._meter
        now = meter.clock.now()
        adapter, model = primary_of(self._inner.name), model_of(self._inner.name)
        input_tokens, output_tokens = estimate_tokens(request)
        estimate = UsageEntry(
            id=meter.ids.new_id(),
            organization_id=meter.organization_id,
            user_id=meter.user_id,
            agent=meter.agent,
            adapter=adapter,
            model=model,
            prompt_version="",
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cost_micros=meter.prices.cost_micros(
                adapter=adapter,
                model=model,
                input_tokens=input_tokens,
                output_tokens=output_tokens,
            ),
            latency_ms=0.0,
            cached=False,
            at=now,
        )
        window = MonthWindow.containing(now)
        outcome = await meter.ledger.reserve(
            estimate,
            budget=meter.budget,
            window=window,
            now=now,
            hold_until=now + RESERVATION_HOLD,
        )
        if not outcome.granted:
            raise GenerationBudgetExhausted(
                outcome.exhausted or "generation", retry_after_seconds=window.seconds_left(now)
            )
        return estimate.id
