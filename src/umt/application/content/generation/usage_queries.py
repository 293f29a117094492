"""The organization's generation usage this month, and its monthly budget (read and set)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from umt.application.content.generation.config import (
    AGENT,
    GenerationConfig,
    budget_of,
    meter_for,
)
from umt.application.content.generation.results import dollars
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.content.budget import MICROS_PER_DOLLAR, GenerationBudget, MonthWindow
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelUsageView:
    model: str
    calls: int
    cached_calls: int
    input_tokens: int
    output_tokens: int
    cost_usd: float


@dataclass(frozen=True, slots=True, kw_only=True)
class BudgetView:
    token_limit: int | None
    cost_limit_usd: float | None
    source: str  # "organization" (its own) or "default" (from settings)


@dataclass(frozen=True, slots=True, kw_only=True)
class UsageView:
    month_start: datetime
    month_end: datetime
    calls: int
    cached_calls: int
    input_tokens: int
    output_tokens: int
    tokens: int
    cost_usd: float
    per_model: tuple[ModelUsageView, ...]
    budget: BudgetView
    tokens_remaining: int | None
    cost_remaining_usd: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class GetGenerationUsage:
    use_case: ClassVar = UseCase(Permission.ORGANIZATION_READ)
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class GetGenerationBudget:
    use_case: ClassVar = UseCase(Permission.ORGANIZATION_READ)
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class SetGenerationBudget:
    """Limits for the organization; both None (``use_default``) returns it to the default."""

    use_case: ClassVar = UseCase(Permission.ORGANIZATION_MANAGE)

    token_limit: int | None = None
    cost_limit_usd: float | None = None
    use_default: bool = False


async def _budget_view(ctx: Context, *, generation: GenerationConfig) -> BudgetView:
    actor = ctx.actor()
    config = generation
    own = await config.ledger.get_budget(actor.organization_id)
    budget = own if own is not None else config.default_budget
    return BudgetView(
        token_limit=budget.token_limit,
        cost_limit_usd=None
        if budget.cost_limit_micros is None
        else dollars(budget.cost_limit_micros),
        source="organization" if own is not None else "default",
    )


async def get_generation_usage(
    _: GetGenerationUsage, ctx: Context, *, generation: GenerationConfig, clock: Clock
) -> UsageView:
    actor = ctx.actor()
    actor.require(GetGenerationUsage.use_case.permission)
    config = generation
    window = MonthWindow.containing(clock.now())
    totals = await config.ledger.totals(actor.organization_id, window)
    budget = await budget_of(config, actor)
    return UsageView(
        month_start=window.start,
        month_end=window.end,
        calls=totals.calls,
        cached_calls=totals.cached_calls,
        input_tokens=totals.input_tokens,
        output_tokens=totals.output_tokens,
        tokens=totals.tokens,
        cost_usd=dollars(totals.cost_micros),
        per_model=tuple(
            ModelUsageView(
                model=m.model,
                calls=m.calls,
                cached_calls=m.cached_calls,
                input_tokens=m.input_tokens,
                output_tokens=m.output_tokens,
                cost_usd=dollars(m.cost_micros),
            )
            for m in totals.per_model
        ),
        budget=await _budget_view(ctx, generation=generation),
        tokens_remaining=None
        if budget.token_limit is None
        else max(0, budget.token_limit - totals.tokens),
        cost_remaining_usd=None
        if budget.cost_limit_micros is None
        else dollars(max(0, budget.cost_limit_micros - totals.cost_micros)),
    )


async def get_generation_budget(
    _: GetGenerationBudget, ctx: Context, *, generation: GenerationConfig
) -> BudgetView:
    ctx.actor().require(GetGenerationBudget.use_case.permission)
    return await _budget_view(ctx, generation=generation)


async def set_generation_budget(
    cmd: SetGenerationBudget, ctx: Context, *, generation: GenerationConfig, clock: Clock
) -> BudgetView:
    actor = ctx.actor()
    actor.require(SetGenerationBudget.use_case.permission)
    config = generation
    if cmd.use_default:
        if cmd.token_limit is not None or cmd.cost_limit_usd is not None:
            raise InvalidValue("use_default takes no limits", field="use_default")
        budget: GenerationBudget | None = None
    else:
        if cmd.cost_limit_usd is not None and not 0 <= cmd.cost_limit_usd < 1e9:
            raise InvalidValue(
                "the cost limit must be between 0 and 1e9 USD", field="cost_limit_usd"
            )
        budget = GenerationBudget(
            token_limit=cmd.token_limit,
            cost_limit_micros=None
            if cmd.cost_limit_usd is None
            else round(cmd.cost_limit_usd * MICROS_PER_DOLLAR),
        )
    await config.ledger.set_budget(actor.organization_id, budget, at=clock.now())
    return await _budget_view(ctx, generation=generation)


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckGenerationBudget:
    """Refuse at once (``GenerationBudgetExhausted``) when the month's budget is spent: asked
    before generation work is queued, so an exhausted budget answers 429, not a failed job."""

    use_case: ClassVar = UseCase(Permission.CONTENT_GENERATE)


async def check_generation_budget(
    _: CheckGenerationBudget,
    ctx: Context,
    *,
    generation: GenerationConfig,
    clock: Clock,
    ids: IdGenerator,
) -> None:
    actor = ctx.actor()
    actor.require(CheckGenerationBudget.use_case.permission)
    meter = await meter_for(generation, actor, agent=AGENT, clock=clock, ids=ids)
    await meter.check()
