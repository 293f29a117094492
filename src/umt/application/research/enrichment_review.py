"""A brand enrichment's suggestions reviewed field by field: accepted ones applied through
the brand's own update (UpdateBrand: its checks, its version and its ``brand.updated``
event), rejected ones recorded; and the enrichments read.

Accepting runs the brand update first, then records the decisions. Should the second step
fail, the brand holds the values and the suggestions stay open: accepting again changes
nothing on the brand (same values) but records the decisions. Without If-Match the version
the suggestion was read against is the one expected, so a styling edited meanwhile is never
overwritten by a palette merged from the old one (the caller gets a stale version).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.brand.update_brand import BrandChanges, UpdateBrand, update_brand
from umt.application.services import Context
from umt.application.shared.brands import brand_summary, load_brand
from umt.application.use_case import UseCase
from umt.domain.brand.brand import Brand
from umt.domain.brand.voice import VisualStyling
from umt.domain.identity.permissions import Permission
from umt.domain.research.enrichment import BrandEnrichment, Decision, Suggestion
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.ports.clock import Clock
from umt.ports.unit_of_work import UnitOfWork

_STYLING_PARTS = frozenset({"palette", "fonts", "logo_url"})


@dataclass(frozen=True, slots=True, kw_only=True)
class AcceptSuggestions:
    use_case: ClassVar = UseCase(Permission.BRAND_UPDATE)
    brand_id: UUID
    enrichment_id: UUID
    fields: tuple[str, ...]
    expected_version: int | None = None  # the brand's (If-Match)


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectSuggestions:
    use_case: ClassVar = UseCase(Permission.BRAND_UPDATE)
    brand_id: UUID
    enrichment_id: UUID
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class GetEnrichment:
    use_case: ClassVar = UseCase(Permission.BRAND_READ)
    brand_id: UUID
    enrichment_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListEnrichments:
    use_case: ClassVar = UseCase(Permission.BRAND_READ)
    brand_id: UUID
    limit: int = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class Reviewed:
    """The enrichment after the decisions, and the brand's version after the update."""

    enrichment: BrandEnrichment
    brand_version: int


async def accept_suggestions(cmd: AcceptSuggestions, ctx: Context, *, clock: Clock) -> Reviewed:
    actor = ctx.actor()
    actor.require(AcceptSuggestions.use_case.permission)
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, cmd.brand_id)
        enrichment = await _enrichment(uow, actor.organization_id, cmd)
        chosen = enrichment.pending(cmd.fields)
    expected = brand.version if cmd.expected_version is None else cmd.expected_version
    update = UpdateBrand(
        brand_id=brand.id, changes=_changes(brand, chosen), expected_version=expected
    )
    updated = await update_brand(update, ctx, clock=clock)
    async with ctx.uow as uow:
        enrichment = await _enrichment(uow, actor.organization_id, cmd)
        enrichment.decide(cmd.fields, Decision.ACCEPTED, by=actor.user_id, now=clock.now())
        await uow.research.save_enrichment(enrichment)
        await uow.commit()
    return Reviewed(enrichment=enrichment, brand_version=updated.version)


async def reject_suggestions(
    cmd: RejectSuggestions, ctx: Context, *, clock: Clock
) -> BrandEnrichment:
    actor = ctx.actor()
    actor.require(RejectSuggestions.use_case.permission)
    async with ctx.uow as uow:
        await brand_summary(uow, actor, cmd.brand_id)
        enrichment = await _enrichment(uow, actor.organization_id, cmd)
        enrichment.decide(cmd.fields, Decision.REJECTED, by=actor.user_id, now=clock.now())
        await uow.research.save_enrichment(enrichment)
        await uow.commit()
    return enrichment


async def get_enrichment(query: GetEnrichment, ctx: Context) -> BrandEnrichment:
    actor = ctx.actor()
    actor.require(GetEnrichment.use_case.permission)
    async with ctx.uow as uow:
        await brand_summary(uow, actor, query.brand_id)
        return await _enrichment(uow, actor.organization_id, query)


async def list_enrichments(query: ListEnrichments, ctx: Context) -> list[BrandEnrichment]:
    actor = ctx.actor()
    actor.require(ListEnrichments.use_case.permission)
    if not 1 <= query.limit <= 100:
        raise InvalidValue("limit must be between 1 and 100", field="limit")
    async with ctx.uow as uow:
        brand = await brand_summary(uow, actor, query.brand_id)
        return await uow.research.recent_enrichments(
            actor.organization_id, brand.id, limit=query.limit
        )


async def _enrichment(
    uow: UnitOfWork,
    organization_id: UUID,
    query: AcceptSuggestions | RejectSuggestions | GetEnrichment,
) -> BrandEnrichment:
    found = await uow.research.get_enrichment(organization_id, query.enrichment_id)
    if found is None or found.brand_id != query.brand_id:
        raise NotFound(f"enrichment {query.enrichment_id} not found")
    return found


def _changes(brand: Brand, chosen: Sequence[Suggestion]) -> BrandChanges:
    """The brand update the accepted suggestions make: name and description as they are,
    palette, fonts and logo merged into the brand's current styling."""
    changes: dict[str, Any] = {s.field: s.value for s in chosen if s.field not in _STYLING_PARTS}
    styling_parts = {s.field: s.value for s in chosen if s.field in _STYLING_PARTS}
    if styling_parts:
        changes["styling"] = {**styling_json(brand.styling), **styling_parts}
    return BrandChanges.of(changes)


def styling_json(styling: VisualStyling) -> dict[str, Any]:
    """A brand's styling as the brand update takes it."""
    return {
        "palette": [{"role": c.role, "color": str(c.color)} for c in styling.palette],
        "fonts": [{"role": f.role, "family": f.family} for f in styling.fonts],
        "logo_url": None if styling.logo_url is None else str(styling.logo_url),
    }
