"""Use cases on the competitors a brand tracks.

Competitors, like audiences, are entities inside the Brand aggregate, so each use case is:
load the brand, call its method, save. They share this module rather than six near-identical ones.
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
from umt.domain.brand.audience import Competitor
from umt.domain.identity.permissions import Permission
from umt.domain.shared.ids import CompetitorId
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.pagination import Page, PageRequest, paginate

COMPETITOR_SORTS = frozenset({"created_at", "updated_at", "name"})


@dataclass(frozen=True, slots=True, kw_only=True)
class AddCompetitor:
    use_case: ClassVar = UseCase(
        Permission.BRAND_UPDATE, task="competitor.add", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID
    name: str
    website: str | None = None
    feed_urls: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateCompetitor:
    use_case: ClassVar = UseCase(
        Permission.BRAND_UPDATE, task="competitor.update", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID
    competitor_id: UUID
    changes: Mapping[str, Any]
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveCompetitor:
    use_case: ClassVar = UseCase(
        Permission.BRAND_UPDATE, task="competitor.archive", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID
    competitor_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveCompetitor:
    use_case: ClassVar = UseCase(
        Permission.BRAND_UPDATE, task="competitor.remove", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID
    competitor_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GetCompetitor:
    use_case: ClassVar = UseCase(
        Permission.BRAND_READ, task="competitor.get", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID
    competitor_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListCompetitors:
    use_case: ClassVar = UseCase(
        Permission.BRAND_READ, task="competitor.list", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID
    include_archived: bool = True
    page: PageRequest = field(default_factory=lambda: PageRequest(sort="created_at"))


async def add_competitor(
    cmd: AddCompetitor, ctx: Context, *, clock: Clock, ids: IdGenerator
) -> Competitor:
    ctx.actor().require(AddCompetitor.use_case.permission)  # before any work is done
    now = clock.now()
    values = inputs.competitor_changes(
        {"website": cmd.website, "feed_urls": cmd.feed_urls, "notes": cmd.notes}
    )
    competitor = Competitor(
        id=CompetitorId(ids.new_id()),
        name=cmd.name,
        created_at=now,
        updated_at=now,
        **values,
    )
    await change_brand(
        ctx, clock, cmd.brand_id, lambda brand, _: brand.add_competitor(competitor, now=now)
    )
    return competitor


async def update_competitor(cmd: UpdateCompetitor, ctx: Context, *, clock: Clock) -> Competitor:
    changes = inputs.competitor_changes(cmd.changes)
    return await change_brand(
        ctx,
        clock,
        cmd.brand_id,
        lambda brand, now: brand.update_competitor(
            CompetitorId(cmd.competitor_id), changes, now=now, expected_version=cmd.expected_version
        ),
    )


async def archive_competitor(cmd: ArchiveCompetitor, ctx: Context, *, clock: Clock) -> Competitor:
    return await change_brand(
        ctx,
        clock,
        cmd.brand_id,
        lambda brand, now: brand.archive_competitor(
            CompetitorId(cmd.competitor_id), now=now, expected_version=cmd.expected_version
        ),
    )


async def remove_competitor(cmd: RemoveCompetitor, ctx: Context, *, clock: Clock) -> None:
    await change_brand(
        ctx,
        clock,
        cmd.brand_id,
        lambda brand, now: brand.remove_competitor(
            CompetitorId(cmd.competitor_id), now=now, expected_version=cmd.expected_version
        ),
    )


async def get_competitor(query: GetCompetitor, ctx: Context) -> Competitor:
    brand = await read_brand(ctx, query.brand_id)
    return brand.competitor(CompetitorId(query.competitor_id))


async def list_competitors(query: ListCompetitors, ctx: Context) -> Page[Competitor]:
    require_sort(query.page, COMPETITOR_SORTS)
    brand = await read_brand(ctx, query.brand_id)
    items = [
        item
        for item in brand.competitors.values()
        if query.include_archived or item.archived_at is None
    ]
    return paginate(
        items,
        query.page,
        sort_value=lambda item: getattr(item, query.page.sort),
        item_id=lambda item: item.id,
    )
