"""A brand's evergreen rule: CreateEvergreenRule, UpdateEvergreenRule (the settings given),
GetEvergreenRule, DeleteEvergreenRule, and RecycleEvergreen (one pass now, whatever the
loop's next run)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.principal import Principal
from umt.application.publishing.evergreen import Recycling, recycle
from umt.application.publishing.timing import uuid_of
from umt.application.services import Context
from umt.application.shared.brands import brand_summary
from umt.application.strategy.best_times import publishing_accounts
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.publishing.evergreen import EvergreenRule, EvergreenRuleInvalid
from umt.domain.shared.errors import Conflict, NotFound
from umt.domain.shared.ids import BrandId, ChannelAccountId, EvergreenRuleId
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.unit_of_work import UnitOfWork

_MANAGE = Permission.PUBLISHING_MANAGE
_READ = Permission.PUBLISHING_READ
_AGENT = Agent.CONTENT_AD_MANAGEMENT


@dataclass(frozen=True, slots=True, kw_only=True)
class EvergreenSettings:
    """Settings of a brand's evergreen rule; None: the default (creating) or as it is
    (updating)."""

    brand_id: UUID
    channel_account_ids: Sequence[UUID] | None = None  # []: every posting account
    measure: str | None = None  # engagement_rate, click_through_rate, a count metric, ...
    lookback_days: int | None = None
    min_trials: int | None = None
    min_age_days: int | None = None
    cooldown_days: int | None = None
    max_per_week: int | None = None
    active: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateEvergreenRule(EvergreenSettings):
    """The brand's rule, with the settings given and the others at their defaults (409 when
    the brand has one already)."""

    use_case: ClassVar = UseCase(_MANAGE, task="evergreen.create", agent=_AGENT)


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateEvergreenRule(EvergreenSettings):
    """The settings given changed; the others stay as they are."""

    use_case: ClassVar = UseCase(_MANAGE, task="evergreen.update", agent=_AGENT)
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GetEvergreenRule:
    use_case: ClassVar = UseCase(_READ, task="evergreen.get", agent=_AGENT)
    brand_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteEvergreenRule:
    use_case: ClassVar = UseCase(_MANAGE, task="evergreen.delete", agent=_AGENT)
    brand_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RecycleEvergreen:
    """Run the brand's rule now (a paused one too): its winners scheduled into free slots."""

    use_case: ClassVar = UseCase(_MANAGE, task="evergreen.run", agent=_AGENT)
    brand_id: UUID


_SETTINGS = (
    "measure",
    "lookback_days",
    "min_trials",
    "min_age_days",
    "cooldown_days",
    "max_per_week",
    "active",
)


async def create_evergreen_rule(
    cmd: CreateEvergreenRule, ctx: Context, *, ids: IdGenerator, clock: Clock
) -> EvergreenRule:
    actor = ctx.actor()
    actor.require(CreateEvergreenRule.use_case.permission)
    now = clock.now()
    async with ctx.uow as uow:
        brand_id = await _brand(uow, actor, cmd.brand_id)
        settings = await _settings(uow, actor, brand_id, cmd)
        if await uow.evergreen_rules.for_brand(actor.organization_id, brand_id) is not None:
            raise Conflict("the brand has an evergreen rule already; change it", field="brand_id")
        rule = EvergreenRule.create(
            id=EvergreenRuleId(ids.new_id()),
            organization_id=actor.organization_id,
            brand_id=brand_id,
            now=now,
            **settings,
        )
        await uow.evergreen_rules.add(rule)
        await uow.commit()
    return rule


async def update_evergreen_rule(
    cmd: UpdateEvergreenRule, ctx: Context, *, clock: Clock
) -> EvergreenRule:
    actor = ctx.actor()
    actor.require(UpdateEvergreenRule.use_case.permission)
    async with ctx.uow as uow:
        rule = await _load(uow, actor, cmd.brand_id)
        settings = await _settings(uow, actor, rule.brand_id, cmd)
        rule.update(settings, now=clock.now(), expected_version=cmd.expected_version)
        await uow.evergreen_rules.save(rule)
        await uow.commit()
    return rule


async def get_evergreen_rule(query: GetEvergreenRule, ctx: Context) -> EvergreenRule:
    actor = ctx.actor()
    actor.require(GetEvergreenRule.use_case.permission)
    async with ctx.uow as uow:
        return await _load(uow, actor, query.brand_id)


async def delete_evergreen_rule(
    cmd: DeleteEvergreenRule, ctx: Context, *, clock: Clock
) -> EvergreenRule:
    actor = ctx.actor()
    actor.require(DeleteEvergreenRule.use_case.permission)
    now = clock.now()
    async with ctx.uow as uow:
        rule = await _load(uow, actor, cmd.brand_id)
        if cmd.expected_version is not None:
            rule.update({}, now=now, expected_version=cmd.expected_version)
        rule.delete(now=now)
        await uow.evergreen_rules.remove(rule)
        await uow.commit()
    return rule


async def recycle_evergreen(
    cmd: RecycleEvergreen, ctx: Context, *, ids: IdGenerator, clock: Clock
) -> Recycling:
    actor = ctx.actor()
    actor.require(RecycleEvergreen.use_case.permission)
    async with ctx.uow as uow:
        rule = await _load(uow, actor, cmd.brand_id)
        done = await recycle(uow, rule, now=clock.now(), ids=ids)
        await uow.commit()
    return done


# ---------------------------------------------------------------------- reading the input


async def _brand(uow: UnitOfWork, actor: Principal, brand_id: UUID) -> BrandId:
    """The brand's id once it is known to exist in the actor's reach (else a 404)."""
    summary = await brand_summary(uow, actor, uuid_of(brand_id, "brand_id"))
    return summary.id


async def _settings(
    uow: UnitOfWork, actor: Principal, brand_id: BrandId, cmd: EvergreenSettings
) -> dict[str, Any]:
    """The settings the command gives (its accounts checked to be the brand's)."""
    settings: dict[str, Any] = {
        name: getattr(cmd, name) for name in _SETTINGS if getattr(cmd, name) is not None
    }
    if cmd.channel_account_ids is not None:
        settings["channel_account_ids"] = await _accounts(
            uow, actor, brand_id, cmd.channel_account_ids
        )
    return settings


async def _load(uow: UnitOfWork, actor: Principal, brand_id: UUID) -> EvergreenRule:
    wanted = await _brand(uow, actor, brand_id)
    rule = await uow.evergreen_rules.for_brand(actor.organization_id, wanted)
    if rule is None:
        raise NotFound(f"brand {brand_id} has no evergreen rule")
    return rule


async def _accounts(
    uow: UnitOfWork, actor: Principal, brand_id: BrandId, given: Sequence[UUID]
) -> tuple[ChannelAccountId, ...]:
    """The accounts named, each a posting account of the brand (else a 422 naming it)."""
    ours = {a.id for a in await publishing_accounts(uow, actor.organization_id, brand_id)}
    wanted: list[ChannelAccountId] = []
    for i, value in enumerate(given):
        account_id = ChannelAccountId(uuid_of(value, f"channel_account_ids[{i}]"))
        if account_id not in ours:
            raise EvergreenRuleInvalid(
                f"the brand has no posting channel account {account_id}",
                field=f"channel_account_ids[{i}]",
            )
        wanted.append(account_id)
    return tuple(wanted)
