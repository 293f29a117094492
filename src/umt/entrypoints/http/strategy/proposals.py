"""/api/v1/brands/{brand_id}/strategy/calendar-proposals: propose (``strategy:manage``), list
and read (``strategy:read``), accept or reject once (``strategy:manage``, If-Match)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from umt.application.strategy.calendar_proposals import (
    AcceptCalendarProposal,
    GetCalendarProposal,
    ListCalendarProposals,
    RejectCalendarProposal,
)
from umt.application.strategy.propose_calendar import ProposeCalendar
from umt.domain.strategy.calendar import CalendarProposal
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.etags import etag, expected_version
from umt.entrypoints.http.openapi import BEARER, ETAG_HEADERS, PROTECTED_ERRORS, IfMatch
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.strategy import (
    ProposalCreate,
    ProposalList,
    ProposalOut,
    RejectIn,
    proposal_out,
)


def _response(found: CalendarProposal, status: int = HTTP_200_OK) -> Response[ProposalOut]:
    return Response(proposal_out(found), status_code=status, headers={"ETag": etag(found.version)})


class CalendarProposalController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}/strategy/calendar-proposals"
    tags = ["strategy"]
    security = BEARER

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Propose N weeks of posts for a project (stored for review)",
        description="Slots from each account's best times (a neutral default when it has too "
        "little data), one post a day at most, checked against the brand's blackout dates and "
        "each account's daily cap and spacing (refused times listed in skipped); topics from "
        "the research topic gaps and the experiments' winners. Nothing is created until the "
        "proposal is accepted.",
        responses=PROTECTED_ERRORS,
        response_headers=ETAG_HEADERS,
        opt=requires_for(ProposeCalendar),
    )
    async def propose(
        self, brand_id: FromPath[UUID], data: JSONBody[ProposalCreate], principal: Caller, bus: Bus
    ) -> Response[ProposalOut]:
        command = ProposeCalendar(
            brand_id=brand_id,
            project_id=data.project_id,
            weeks=data.weeks,
            per_week=data.per_week,
            channel_account_ids=tuple(data.channel_account_ids),
            starts_on=data.starts_on,
            content_type=data.content_type,
        )
        return _response(await bus.ask(command, CalendarProposal, principal), HTTP_201_CREATED)

    @get(
        "/",
        summary="The brand's latest calendar proposals, the newest first",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListCalendarProposals),
    )
    async def list_proposals(
        self,
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        limit: Annotated[int, QueryParameter(ge=1, le=50)] = 20,
    ) -> ProposalList:
        query = ListCalendarProposals(brand_id=brand_id, limit=limit)
        found = await bus.ask(query, list[CalendarProposal], principal)
        return ProposalList(items=[proposal_out(p) for p in found])

    @get(
        "/{proposal_id:uuid}",
        summary="One calendar proposal (its ETag is its version)",
        responses=PROTECTED_ERRORS,
        response_headers=ETAG_HEADERS,
        opt=requires_for(GetCalendarProposal),
    )
    async def get_proposal(
        self, brand_id: FromPath[UUID], proposal_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[ProposalOut]:
        query = GetCalendarProposal(brand_id=brand_id, proposal_id=proposal_id)
        return _response(await bus.ask(query, CalendarProposal, principal))

    @post(
        "/{proposal_id:uuid}/accept",
        status_code=HTTP_200_OK,
        summary="Accept a proposal: a draft piece per slot, in the proposal's project",
        description="One transaction. Accepting an accepted proposal creates nothing and "
        "answers it as it is; a stale If-Match is 412.",
        responses=PROTECTED_ERRORS,
        response_headers=ETAG_HEADERS,
        opt=requires_for(AcceptCalendarProposal),
    )
    async def accept(
        self,
        brand_id: FromPath[UUID],
        proposal_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: IfMatch = None,
    ) -> Response[ProposalOut]:
        command = AcceptCalendarProposal(
            brand_id=brand_id, proposal_id=proposal_id, expected_version=expected_version(if_match)
        )
        return _response(await bus.ask(command, CalendarProposal, principal))

    @post(
        "/{proposal_id:uuid}/reject",
        status_code=HTTP_200_OK,
        summary="Reject a proposal: nothing of it is made",
        description="Once: rejecting or accepting a decided proposal is 409 "
        "calendar_proposal_decided; a stale If-Match is 412. Announced as "
        "calendar_proposal.rejected.",
        responses=PROTECTED_ERRORS,
        response_headers=ETAG_HEADERS,
        opt=requires_for(RejectCalendarProposal),
    )
    async def reject(
        self,
        brand_id: FromPath[UUID],
        proposal_id: FromPath[UUID],
        data: JSONBody[RejectIn],
        principal: Caller,
        bus: Bus,
        if_match: IfMatch = None,
    ) -> Response[ProposalOut]:
        command = RejectCalendarProposal(
            brand_id=brand_id,
            proposal_id=proposal_id,
            reason=data.reason,
            expected_version=expected_version(if_match),
        )
        return _response(await bus.ask(command, CalendarProposal, principal))
