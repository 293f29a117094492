"""Ad campaigns: planning, launching exactly once, steering, budgets and pacing."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get, patch, post
from litestar.openapi.spec import Operation
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from umt.application.advertising.campaign_queries import GetCampaign, ListCampaigns
from umt.application.advertising.lifecycle import (
    ArchiveCampaign,
    LaunchCampaign,
    PauseCampaign,
    ResumeCampaign,
    UpdateBudget,
)
from umt.application.advertising.pacing_query import CampaignPacing, GetCampaignPacing
from umt.application.advertising.plan_campaign import AddAd, AddAdSet, CreateCampaign
from umt.application.advertising.revise_campaign import UpdateCampaign
from umt.domain.advertising.campaign import Campaign
from umt.domain.integration.errors import PlatformError
from umt.domain.shared.money import Money
from umt.entrypoints.http.advertising.examples import (
    AD_ADDED,
    AD_SET_ADDED,
    ARCHIVED,
    BUDGET_CHANGED,
    CAMPAIGN_OK,
    CAMPAIGNS_OK,
    CREATED,
    LAUNCHED,
    PACING_OK,
    PAUSED,
    RESUMED,
    UPDATED,
)
from umt.entrypoints.http.dependencies import Bus, Caller, Paging
from umt.entrypoints.http.etags import etag, expected_version, required_version
from umt.entrypoints.http.integrations.controllers import platform_error_handler
from umt.entrypoints.http.openapi import (
    BEARER,
    ETAG_HEADERS,
    PROTECTED_ERRORS,
    VERSIONED_ERRORS,
    IfMatch,
    RequiredIfMatch,
)
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.advertising import (
    AdIn,
    AdSetIn,
    AdSetPacingOut,
    BudgetChange,
    CampaignCreate,
    CampaignList,
    CampaignOut,
    CampaignPatch,
    PacingOut,
    StatusName,
    campaign_out,
)
from umt.entrypoints.http.schemas.common import given
from umt.ports.pagination import Page as DomainPage

StatusFilter = Annotated[StatusName | None, QueryParameter(description="Filter by status")]


# the commands that steer a whole campaign: its id and, with If-Match, the version it had
Steering = type[LaunchCampaign] | type[PauseCampaign] | type[ResumeCampaign] | type[ArchiveCampaign]


def campaign_response(campaign: Campaign, status: int = HTTP_200_OK) -> Response[CampaignOut]:
    return Response(
        campaign_out(campaign), status_code=status, headers={"ETag": etag(campaign.version)}
    )


async def _answer(
    bus: Bus, principal: Caller, command: object, status: int = HTTP_200_OK
) -> Response[CampaignOut]:
    """Run a command that answers the campaign, with its ETag."""
    return campaign_response(await bus.ask(command, Campaign, principal), status)


def _steering(
    action: str,
    command: Steering,
    answers: type[Operation],
    summary: str,
    description: str | None = None,
) -> post:
    """The route of a steering command: ``POST /{campaign_id}/{action}``, answering 200 (as
    ``answers`` shows by example)."""
    return post(
        f"/{{campaign_id:uuid}}/{action}",
        operation_class=answers,
        status_code=HTTP_200_OK,
        summary=summary,
        description=description,
        responses=PROTECTED_ERRORS,
        opt=requires_for(command),
    )


async def _steer(
    command: Steering, campaign_id: UUID, principal: Caller, bus: Bus, if_match: str | None
) -> Response[CampaignOut]:
    steer = command(campaign_id=campaign_id, expected_version=expected_version(if_match))
    return await _answer(bus, principal, steer)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.0001")))


def _amount(money: Money | None) -> str | None:
    return None if money is None else str(money.amount)


class CampaignController(Controller):
    path = "/api/v1/campaigns"
    tags = ["campaigns"]
    security = BEARER
    response_headers = ETAG_HEADERS
    exception_handlers = {PlatformError: platform_error_handler}

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Plan a draft campaign (optionally with its ad sets and ads)",
        description=(
            "The ad account must be an active ad account of the brand; every budget and bid is "
            "in its currency, positive, and the campaign's daily ceiling and total stay under "
            "the brand's (else the organization's) cap. Ads show the current version of approved "
            "content. Any refusal is a 422 problem naming the field, and nothing is stored."
        ),
        operation_class=CREATED,
        responses=PROTECTED_ERRORS,
        opt=requires_for(CreateCampaign),
    )
    async def create(
        self, data: JSONBody[CampaignCreate], principal: Caller, bus: Bus
    ) -> Response[CampaignOut]:
        return await _answer(bus, principal, CreateCampaign(**given(data)), HTTP_201_CREATED)

    @get(
        "/",
        summary="List campaigns",
        operation_class=CAMPAIGNS_OK,
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListCampaigns),
    )
    async def list_campaigns(
        self,
        principal: Caller,
        bus: Bus,
        page: Paging,
        brand_id: FromQuery[UUID | None] = None,
        status: StatusFilter = None,
    ) -> CampaignList:
        query = ListCampaigns(brand_id=brand_id, status=status, page=page)
        found = await bus.ask(query, DomainPage[Campaign], principal)
        return CampaignList(
            items=[campaign_out(c) for c in found.items], next_cursor=found.next_cursor
        )

    @get(
        "/{campaign_id:uuid}",
        summary="Get a campaign with its ad sets and ads",
        operation_class=CAMPAIGN_OK,
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetCampaign),
    )
    async def get_campaign(
        self, campaign_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[CampaignOut]:
        return await _answer(bus, principal, GetCampaign(campaign_id=campaign_id))

    @patch(
        "/{campaign_id:uuid}",
        summary="Rename a campaign, move its dates, or change a draft's objective (If-Match)",
        description=(
            "Send If-Match with the campaign's ETag (428 without, 412 when stale). The dates "
            "stay ordered, a moved end lies ahead, a lifetime budget keeps an end date, every "
            "ad set's own dates stay within the campaign's, and a shorter flight keeps the "
            "daily ceiling under the cap (422 problems naming the field). On a launched "
            "campaign the change is made on the ad network first; a refusal there changes "
            "nothing."
        ),
        operation_class=UPDATED,
        responses=VERSIONED_ERRORS,
        opt=requires_for(UpdateCampaign),
    )
    async def update(
        self,
        campaign_id: FromPath[UUID],
        data: JSONBody[CampaignPatch],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[CampaignOut]:
        command = UpdateCampaign(
            campaign_id=campaign_id,
            changes=given(data),
            expected_version=required_version(if_match),
        )
        return await _answer(bus, principal, command)

    @post(
        "/{campaign_id:uuid}/ad-sets",
        status_code=HTTP_201_CREATED,
        summary="Add an ad set (with its ads) to a draft",
        operation_class=AD_SET_ADDED,
        responses=PROTECTED_ERRORS,
        opt=requires_for(AddAdSet),
    )
    async def add_ad_set(
        self, campaign_id: FromPath[UUID], data: JSONBody[AdSetIn], principal: Caller, bus: Bus
    ) -> Response[CampaignOut]:
        command = AddAdSet(campaign_id=campaign_id, ad_set=given(data))
        return await _answer(bus, principal, command, HTTP_201_CREATED)

    @post(
        "/{campaign_id:uuid}/ad-sets/{ad_set_id:uuid}/ads",
        status_code=HTTP_201_CREATED,
        summary="Add an ad showing approved content to a draft's ad set",
        operation_class=AD_ADDED,
        responses=PROTECTED_ERRORS,
        opt=requires_for(AddAd),
    )
    async def add_ad(
        self,
        campaign_id: FromPath[UUID],
        ad_set_id: FromPath[UUID],
        data: JSONBody[AdIn],
        principal: Caller,
        bus: Bus,
    ) -> Response[CampaignOut]:
        command = AddAd(campaign_id=campaign_id, ad_set_id=ad_set_id, ad=given(data))
        return await _answer(bus, principal, command, HTTP_201_CREATED)

    @_steering(
        "launch",
        LaunchCampaign,
        LAUNCHED,
        "Create the tree on the ad network (PAUSED, exactly once), then switch it on",
        "Again on a `creating` campaign, it completes a half-created tree, looking every "
        "missing object up by our reference first: never a duplicate.",
    )
    async def launch(
        self, campaign_id: FromPath[UUID], principal: Caller, bus: Bus, if_match: IfMatch = None
    ) -> Response[CampaignOut]:
        return await _steer(LaunchCampaign, campaign_id, principal, bus, if_match)

    @_steering("pause", PauseCampaign, PAUSED, "Pause an active campaign (on the platform first)")
    async def pause(
        self, campaign_id: FromPath[UUID], principal: Caller, bus: Bus, if_match: IfMatch = None
    ) -> Response[CampaignOut]:
        return await _steer(PauseCampaign, campaign_id, principal, bus, if_match)

    @_steering(
        "resume", ResumeCampaign, RESUMED, "Resume a paused campaign whose flight has not ended"
    )
    async def resume(
        self, campaign_id: FromPath[UUID], principal: Caller, bus: Bus, if_match: IfMatch = None
    ) -> Response[CampaignOut]:
        return await _steer(ResumeCampaign, campaign_id, principal, bus, if_match)

    @_steering(
        "archive",
        ArchiveCampaign,
        ARCHIVED,
        "Archive a campaign (a live one is archived on the platform too)",
    )
    async def archive(
        self, campaign_id: FromPath[UUID], principal: Caller, bus: Bus, if_match: IfMatch = None
    ) -> Response[CampaignOut]:
        return await _steer(ArchiveCampaign, campaign_id, principal, bus, if_match)

    @post(
        "/{campaign_id:uuid}/budget",
        status_code=HTTP_200_OK,
        summary="Change an ad set's budget (same kind, the account's currency, under the cap)",
        operation_class=BUDGET_CHANGED,
        responses=PROTECTED_ERRORS,
        opt=requires_for(UpdateBudget),
    )
    async def change_budget(
        self,
        campaign_id: FromPath[UUID],
        data: JSONBody[BudgetChange],
        principal: Caller,
        bus: Bus,
        if_match: IfMatch = None,
    ) -> Response[CampaignOut]:
        body = given(data)
        command = UpdateBudget(
            campaign_id=campaign_id,
            ad_set_id=data.ad_set_id,
            budget=body["budget"],
            expected_version=expected_version(if_match),
        )
        return await _answer(bus, principal, command)

    @get(
        "/{campaign_id:uuid}/pacing",
        summary="Each ad set's spend against its plan now, and the step the review would take",
        operation_class=PACING_OK,
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetCampaignPacing),
    )
    async def pacing(self, campaign_id: FromPath[UUID], principal: Caller, bus: Bus) -> PacingOut:
        found = await bus.ask(GetCampaignPacing(campaign_id=campaign_id), CampaignPacing, principal)
        items = []
        for item in found.ad_sets:
            p = item.pacing
            recommended = None if p.recommended is None else p.recommended.amount
            items.append(
                AdSetPacingOut(
                    ad_set_id=item.ad_set_id,
                    status=item.status,
                    state=p.state.value,
                    planned=str(p.planned.amount),
                    actual=str(p.actual.amount),
                    ratio=_text(p.ratio),
                    total=_amount(p.total),
                    remaining=_amount(p.remaining),
                    remaining_days=_text(p.remaining_days),
                    required_daily=_amount(p.required_daily),
                    recommended_daily=_amount(recommended),
                    pause=p.pause,
                )
            )
        return PacingOut(campaign_id=found.campaign_id, currency=found.currency, ad_sets=items)
