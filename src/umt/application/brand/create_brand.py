"""CreateBrand: a new brand in the actor's organization, with voice and styling."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from umt.application.agents.names import Agent
from umt.application.brand import inputs
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.brand.brand import Brand
from umt.domain.identity.permissions import Permission
from umt.domain.shared.ids import BrandId
from umt.domain.shared.values import Slug
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateBrand:
    use_case: ClassVar = UseCase(
        Permission.BRAND_CREATE, task="brand.create", agent=Agent.BRAND_PROJECT
    )
    name: str
    slug: str | None = None
    industry: str = ""
    description: str = ""
    website: str | None = None
    voice: Mapping[str, Any] | None = None
    styling: Mapping[str, Any] | None = None
    time_zone: str = "UTC"  # IANA, e.g. Europe/Berlin
    blackout_dates: Sequence[date | str] = ()  # no publishing on these dates


async def create_brand(cmd: CreateBrand, ctx: Context, *, ids: IdGenerator, clock: Clock) -> Brand:
    actor = ctx.actor()
    actor.require(CreateBrand.use_case.permission)
    actor.require_all_brands()  # a brand-limited member could not even see what they made
    brand = Brand.create(
        id=BrandId(ids.new_id()),
        organization_id=actor.organization_id,
        name=cmd.name,
        slug=Slug(cmd.slug) if cmd.slug else None,
        now=clock.now(),
        industry=cmd.industry or "",
        description=cmd.description or "",
        website=inputs.url_or_none(cmd.website, "website"),
        voice=inputs.voice_guide(cmd.voice),
        styling=inputs.visual_styling(cmd.styling),
        time_zone=cmd.time_zone,
        blackout_dates=inputs.dates(cmd.blackout_dates, "blackout_dates"),
    )
    async with ctx.uow as uow:
        # No look-up first: the repository turns the unique (organization, slug) constraint
        # into DuplicateSlug, which saves a round trip on every create and cannot race.
        await uow.brands.add(brand)
        await uow.commit()
    return brand
