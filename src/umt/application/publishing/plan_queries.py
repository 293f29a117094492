"""ListPlannedPublications: the slots held on a brand's calendar for pieces not approved yet,
beside its publications (a calendar shows both)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.publishing.timing import uuid_of
from umt.application.services import Context
from umt.application.shared.brands import brand_summary
from umt.application.shared.inputs import enum_value
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.publishing.planned_publication import PlannedPublication, PlanStatus
from umt.domain.shared.errors import InvalidValue
from umt.ports.planned_publication_repository import PlanFilter

MAX_LISTED = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class ListPlannedPublications:
    use_case: ClassVar = UseCase(
        Permission.PUBLISHING_READ,
        task="publication.list_planned",
        agent=Agent.CONTENT_AD_MANAGEMENT,
    )
    brand_id: UUID
    status: str | None = None  # planned | scheduled | dropped; None: all
    due_from: datetime | None = None  # inclusive
    due_to: datetime | None = None  # exclusive
    channel_account_id: UUID | None = None
    content_id: UUID | None = None
    proposal_id: UUID | None = None
    limit: int = 100


async def list_planned_publications(
    query: ListPlannedPublications, ctx: Context
) -> list[PlannedPublication]:
    """The brand's plans in the range, by due time (at most ``limit``)."""
    actor = ctx.actor()
    actor.require(ListPlannedPublications.use_case.permission)
    if isinstance(query.limit, bool) or not 1 <= query.limit <= MAX_LISTED:
        raise InvalidValue(f"limit is from 1 to {MAX_LISTED}", field="limit")
    for name in ("due_from", "due_to"):
        value = getattr(query, name)
        if value is not None and value.tzinfo is None:
            raise InvalidValue(f"{name} needs a UTC offset", field=name)
    if query.due_from and query.due_to and query.due_to <= query.due_from:
        raise InvalidValue("the range ends after it starts", field="to")

    def optional(name: str) -> UUID | None:
        value = getattr(query, name)
        return None if value is None else uuid_of(value, name)

    status = None if query.status is None else enum_value(PlanStatus, query.status, "status")
    async with ctx.uow as uow:
        brand = await brand_summary(uow, actor, uuid_of(query.brand_id, "brand_id"))
        filters = PlanFilter(
            brand_id=brand.id,
            status=status,
            due_from=query.due_from,
            due_to=query.due_to,
            channel_account_id=optional("channel_account_id"),
            content_id=optional("content_id"),
            proposal_id=optional("proposal_id"),
        )
        found = await uow.planned_publications.list(
            brand.organization_id, filters, limit=query.limit
        )
    return list(found)
