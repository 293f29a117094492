"""Reading, accepting and dismissing a brand's stored recommendations (``strategy:read``;
accepting and dismissing ``strategy:manage``, with the version the caller read: If-Match)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, TypeVar
from uuid import UUID

from umt.application.principal import Principal
from umt.application.services import Context
from umt.application.shared.brands import brand_summary
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.domain.strategy.recommendation import (
    Recommendation,
    RecommendationKind,
    RecommendationStatus,
)
from umt.ports.clock import Clock
from umt.ports.unit_of_work import UnitOfWork

ORDER = tuple(RecommendationKind)  # topics, formats, channels, posting times, budget shifts
MAX_REASON = 500


def by_order(found: list[Recommendation]) -> list[Recommendation]:
    """Kind by kind (``ORDER``), the most confident first, then by key: a stable order."""
    return sorted(found, key=lambda r: (ORDER.index(r.advice.kind), -r.advice.confidence, r.key))


@dataclass(frozen=True, slots=True, kw_only=True)
class ListRecommendations:
    use_case: ClassVar = UseCase(Permission.STRATEGY_READ)
    brand_id: UUID
    status: str | None = RecommendationStatus.OPEN.value  # None: every status
    kind: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GetRecommendation:
    use_case: ClassVar = UseCase(Permission.STRATEGY_READ)
    brand_id: UUID
    recommendation_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class DismissRecommendation:
    use_case: ClassVar = UseCase(Permission.STRATEGY_MANAGE)
    brand_id: UUID
    recommendation_id: UUID
    reason: str | None = None
    expected_version: int | None = None


E = TypeVar("E", RecommendationKind, RecommendationStatus)


def _choice(kind: type[E], value: str, field: str) -> E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise InvalidValue(f"{field} is one of {allowed}", field=field) from None


async def list_recommendations(query: ListRecommendations, ctx: Context) -> list[Recommendation]:
    actor = ctx.actor()
    actor.require(ListRecommendations.use_case.permission)
    status = None if query.status is None else _choice(RecommendationStatus, query.status, "status")
    kind = None if query.kind is None else _choice(RecommendationKind, query.kind, "kind")
    async with ctx.uow as uow:
        brand = await brand_summary(uow, actor, query.brand_id)
        found = await uow.recommendations.for_brand(brand.organization_id, brand.id)
    return by_order(
        [
            r
            for r in found
            if (status is None or r.status is status) and (kind is None or r.advice.kind is kind)
        ]
    )


async def _load(
    uow: UnitOfWork, actor: Principal, brand_id: UUID, recommendation_id: UUID
) -> Recommendation:
    brand = await brand_summary(uow, actor, brand_id)
    found = await uow.recommendations.get(brand.organization_id, recommendation_id)
    if found is None or found.brand_id != brand.id:
        raise NotFound(f"recommendation {recommendation_id} not found")
    return found


async def get_recommendation(query: GetRecommendation, ctx: Context) -> Recommendation:
    actor = ctx.actor()
    actor.require(GetRecommendation.use_case.permission)
    async with ctx.uow as uow:
        return await _load(uow, actor, query.brand_id, query.recommendation_id)


@dataclass(frozen=True, slots=True, kw_only=True)
class AcceptRecommendation:
    use_case: ClassVar = UseCase(Permission.STRATEGY_MANAGE)
    brand_id: UUID
    recommendation_id: UUID
    expected_version: int | None = None


async def accept_recommendation(
    cmd: AcceptRecommendation, ctx: Context, *, clock: Clock
) -> Recommendation:
    """Taken up: it stays as it is (a regeneration neither changes nor removes it). Deciding
    on a decided one is a conflict (409); a stale version a failed precondition (412)."""
    actor = ctx.actor()
    actor.require(AcceptRecommendation.use_case.permission)
    async with ctx.uow as uow:
        found = await _load(uow, actor, cmd.brand_id, cmd.recommendation_id)
        found.accept(by=actor.user_id, now=clock.now(), expected_version=cmd.expected_version)
        await uow.recommendations.save(found)
        await uow.commit()
    return found


async def dismiss_recommendation(
    cmd: DismissRecommendation, ctx: Context, *, clock: Clock
) -> Recommendation:
    """Dismissed stays dismissed: a regeneration does not bring it back. Dismissing twice is
    a conflict (409); a stale version a failed precondition (412)."""
    actor = ctx.actor()
    actor.require(DismissRecommendation.use_case.permission)
    if cmd.reason is not None and len(cmd.reason) > MAX_REASON:
        raise InvalidValue(f"reason is at most {MAX_REASON} characters", field="reason")
    async with ctx.uow as uow:
        found = await _load(uow, actor, cmd.brand_id, cmd.recommendation_id)
        found.dismiss(
            by=actor.user_id,
            reason=cmd.reason,
            now=clock.now(),
            expected_version=cmd.expected_version,
        )
        await uow.recommendations.save(found)
        await uow.commit()
    return found
