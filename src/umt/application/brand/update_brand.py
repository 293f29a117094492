"""UpdateBrand: a partial update of a brand's fields under optimistic concurrency."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from pydantic_core import core_schema

from umt.application.agents.names import Agent
from umt.application.brand import inputs
from umt.application.services import Context
from umt.application.shared.brands import load_brand
from umt.application.use_case import UseCase
from umt.domain.brand.brand import BRAND_FIELDS, Brand
from umt.domain.brand.errors import DuplicateSlug
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.unset import UNSET, Unset
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandChanges:
    """The brand fields an update sets, as plain (JSON-shaped) data; ``UNSET`` ones stay.

    ``None`` clears a field that may be empty (industry, description, website) and resets
    voice and styling to their defaults, as an explicit ``null`` in a PATCH body does.
    """

    name: str | Unset = UNSET
    slug: str | Unset = UNSET
    industry: str | Unset | None = UNSET
    description: str | Unset | None = UNSET
    website: str | Unset | None = UNSET
    voice: Mapping[str, Any] | Unset | None = UNSET
    styling: Mapping[str, Any] | Unset | None = UNSET
    time_zone: str | Unset = UNSET
    blackout_dates: Sequence[date | str] | Unset = UNSET

    @classmethod
    def of(cls, changes: Mapping[str, Any]) -> BrandChanges:
        """The changes named by ``changes`` (a PATCH body, the library's keyword arguments, a
        task input); a name that is no brand field is ``InvalidValue``, as the brand says."""
        unknown = sorted(set(changes) - BRAND_FIELDS)
        if unknown:
            raise InvalidValue(f"unknown fields: {unknown}", field=unknown[0])
        return cls(**changes)

    def given(self) -> dict[str, Any]:
        """The fields that were given, by name, in declaration order."""
        return {
            f.name: value for f in fields(self) if (value := getattr(self, f.name)) is not UNSET
        }

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        """A task input carries the changes as one JSON object (``{"changes": {...}}``), read
        through ``of`` so the values get the same checks and errors as from HTTP and the
        library."""
        return core_schema.no_info_after_validator_function(
            cls.of, core_schema.dict_schema(core_schema.str_schema(), core_schema.any_schema())
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateBrand:
    use_case: ClassVar = UseCase(
        Permission.BRAND_UPDATE, task="brand.update", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID
    changes: BrandChanges
    expected_version: int | None = None


async def update_brand(cmd: UpdateBrand, ctx: Context, *, clock: Clock) -> Brand:
    actor = ctx.actor()
    actor.require(UpdateBrand.use_case.permission)
    changes = inputs.brand_changes(cmd.changes.given())
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, cmd.brand_id)
        old_slug = brand.slug
        brand.update(changes, now=clock.now(), expected_version=cmd.expected_version)
        if brand.slug != old_slug and await uow.brands.slug_taken(
            actor.organization_id, brand.slug, excluding=brand.id
        ):
            raise DuplicateSlug(
                f"slug {brand.slug} is already used in this organization", field="slug"
            )
        await uow.brands.save(brand)
        await uow.commit()
    return brand
