"""Use cases on a brand's target audiences.

Audiences are entities inside the Brand aggregate, so each use case is: load the brand, call
its method, save. They share this module rather than six near-identical ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.brand import inputs
from umt.application.brand.loading import change_brand, read_brand
from umt.application.services import Context
from umt.application.shared.inputs import require_sort
from umt.application.use_case import UseCase
from umt.domain.brand.audience import Audience
from umt.domain.identity.permissions import Permission
from umt.domain.shared.ids import AudienceId
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.pagination import Page, PageRequest, paginate

AUDIENCE_SORTS = frozenset({"created_at", "updated_at", "persona_name"})


@dataclass(frozen=True, slots=True, kw_only=True)
class AddAudience:
    use_case: ClassVar = UseCase(
        Permission.BRAND_UPDATE, task="audience.add", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID
    persona_name: str
    age_range: Mapping[str, int] | None = None
    locations: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    pain_points: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    preferred_channels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateAudience:
    use_case: ClassVar = UseCase(
        Permission.BRAND_UPDATE, task="audience.update", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID
    audience_id: UUID
    changes: Mapping[str, Any]
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveAudience:
    use_case: ClassVar = UseCase(
        Permission.BRAND_UPDATE, task="audience.archive", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID
    audience_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveAudience:
    use_case: ClassVar = UseCase(
        Permission.BRAND_UPDATE, task="audience.remove", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID
    audience_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GetAudience:
    use_case: ClassVar = UseCase(
        Permission.BRAND_READ, task="audience.get", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID
    audience_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListAudiences:
    use_case: ClassVar = UseCase(
        Permission.BRAND_READ, task="audience.list", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID
    include_archived: bool = True
    page: PageRequest = field(default_factory=lambda: PageRequest(sort="created_at"))


async def add_audience(
    cmd: AddAudience, ctx: Context, *, clock: Clock, ids: IdGenerator
) -> Audience:
    ctx.actor().require(AddAudience.use_case.permission)  # before any work is done
    now = clock.now()
    values = inputs.audience_changes(
        {
            "age_range": cmd.age_range,
            "locations": cmd.locations,
            "interests": cmd.interests,
            "pain_points": cmd.pain_points,
            "goals": cmd.goals,
            "preferred_channels": cmd.preferred_channels,
        }
    )
    audience = Audience(
        id=AudienceId(ids.new_id()),
        persona_name=cmd.persona_name,
        created_at=now,
        updated_at=now,
        **values,
    )
    await change_brand(
        ctx, clock, cmd.brand_id, lambda brand, _: brand.add_audience(audience, now=now)
    )
    return audience


async def update_audience(cmd: UpdateAudience, ctx: Context, *, clock: Clock) -> Audience:
    changes = inputs.audience_changes(cmd.changes)
    return await change_brand(
        ctx,
        clock,
        cmd.brand_id,
        lambda brand, now: brand.update_audience(
            AudienceId(cmd.audience_id), changes, now=now, expected_version=cmd.expected_version
        ),
    )


async def archive_audience(cmd: ArchiveAudience, ctx: Context, *, clock: Clock) -> Audience:
    return await change_brand(
        ctx,
        clock,
        cmd.brand_id,
        lambda brand, now: brand.archive_audience(
            AudienceId(cmd.audience_id), now=now, expected_version=cmd.expected_version
        ),
    )


async def remove_audience(cmd: RemoveAudience, ctx: Context, *, clock: Clock) -> None:
    await change_brand(
        ctx,
        clock,
        cmd.brand_id,
        lambda brand, now: brand.remove_audience(
            AudienceId(cmd.audience_id), now=now, expected_version=cmd.expected_version
        ),
    )


async def get_audience(query: GetAudience, ctx: Context) -> Audience:
    brand = await read_brand(ctx, query.brand_id)
    return brand.audience(AudienceId(query.audience_id))


async def list_audiences(query: ListAudiences, ctx: Context) -> Page[Audience]:
    require_sort(query.page, AUDIENCE_SORTS)
    brand = await read_brand(ctx, query.brand_id)
    items = [
        item
        for item in brand.audiences.values()
        if query.include_archived or item.archived_at is None
    ]
    return paginate(
        items,
        query.page,
        sort_value=lambda item: getattr(item, query.page.sort),
        item_id=lambda item: item.id,
    )
