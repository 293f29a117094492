"""/api/v1/brands/{brand_id}/planned-publications: the slots held on a brand's calendar for
pieces not approved yet (``publishing:read``); each becomes a publication when its piece is
approved."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from litestar import Controller, get
from litestar.params import FromPath, FromQuery, QueryParameter

from umt.application.publishing.plan_queries import MAX_LISTED, ListPlannedPublications
from umt.domain.publishing.planned_publication import PlannedPublication
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS
from umt.entrypoints.http.publishing.controllers import RangeEnd, RangeStart
from umt.entrypoints.http.publishing.plan_examples import PLANNED_PUBLICATIONS_OK
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.planned_publications import (
    PlannedPublicationList,
    planned_publication_out,
)

PlanStatusName = Literal["planned", "scheduled", "dropped"]


class PlannedPublicationController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}/planned-publications"
    tags = ["publishing"]
    security = BEARER

    @get(
        "/",
        summary="A brand's planned publications: slots waiting for their piece's approval",
        description="An accepted calendar proposal plans a slot per draft. When the piece is "
        "approved the slot becomes a scheduled publication (`publication_id`), with every "
        "check of scheduling; one that cannot (its time passed first, a blackout date, the "
        "account's cap or spacing, an account that no longer posts) is `dropped` with its "
        "`reason`. By due time.",
        operation_class=PLANNED_PUBLICATIONS_OK,
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListPlannedPublications),
    )
    async def list_plans(  # one query parameter per filter
        self,
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        status: FromQuery[PlanStatusName | None] = None,
        from_: RangeStart = None,
        to: RangeEnd = None,
        channel_account_id: FromQuery[UUID | None] = None,
        content_id: FromQuery[UUID | None] = None,
        proposal_id: FromQuery[UUID | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_LISTED)] = 100,
    ) -> PlannedPublicationList:
        query = ListPlannedPublications(
            brand_id=brand_id,
            status=status,
            due_from=from_,
            due_to=to,
            channel_account_id=channel_account_id,
            content_id=content_id,
            proposal_id=proposal_id,
            limit=limit,
        )
        found = await bus.ask(query, list[PlannedPublication], principal)
        return PlannedPublicationList(items=[planned_publication_out(p) for p in found])
