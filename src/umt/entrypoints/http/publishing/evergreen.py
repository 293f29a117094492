"""A brand's evergreen rule: create, read, change (If-Match), delete (If-Match), and run now
(its winners scheduled into free slots, each with why)."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from umt.application.publishing.evergreen import Recycling
from umt.application.publishing.evergreen_rules import (
    CreateEvergreenRule,
    DeleteEvergreenRule,
    GetEvergreenRule,
    RecycleEvergreen,
    UpdateEvergreenRule,
)
from umt.domain.publishing.evergreen import EvergreenRule
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.etags import etag, required_version
from umt.entrypoints.http.openapi import (
    BEARER,
    ETAG_HEADERS,
    PROTECTED_ERRORS,
    VERSIONED_ERRORS,
    RequiredIfMatch,
)
from umt.entrypoints.http.publishing.evergreen_examples import (
    EVERGREEN_DELETED_OK,
    EVERGREEN_RULE_OK,
    RECYCLING_OK,
)
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.common import given
from umt.entrypoints.http.schemas.evergreen import (
    EvergreenRuleIn,
    EvergreenRuleOut,
    RecyclingOut,
    evergreen_rule_out,
    recycling_out,
)


def _answer(rule: EvergreenRule, status: int = HTTP_200_OK) -> Response[EvergreenRuleOut]:
    return Response(
        evergreen_rule_out(rule), status_code=status, headers={"ETag": etag(rule.version)}
    )


class EvergreenController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}/evergreen-rule"
    tags = ["publishing"]
    security = BEARER

    @get(
        "/",
        summary="The brand's evergreen rule, with its picks of the last year and why",
        operation_class=EVERGREEN_RULE_OK,
        responses=PROTECTED_ERRORS,
        response_headers=ETAG_HEADERS,
        opt=requires_for(GetEvergreenRule),
    )
    async def get_rule(
        self, brand_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[EvergreenRuleOut]:
        rule = await bus.ask(GetEvergreenRule(brand_id=brand_id), EvergreenRule, principal)
        return _answer(rule)

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Create the brand's evergreen rule (the settings given, the others' defaults)",
        description="Recycles the brand's best performing published pieces (the analytics"
        " performers by `measure`) into free slots of the next seven days: a piece last"
        " published at least `min_age_days` ago, not picked within `cooldown_days`, whose"
        " approved version still passes compliance, at most `max_per_week` a calendar week."
        " The loop runs it once a day. A brand has one rule: 409 when it has one.",
        operation_class=EVERGREEN_RULE_OK,
        responses=PROTECTED_ERRORS,
        response_headers=ETAG_HEADERS,
        opt=requires_for(CreateEvergreenRule),
    )
    async def create_rule(
        self, brand_id: FromPath[UUID], data: JSONBody[EvergreenRuleIn], principal: Caller, bus: Bus
    ) -> Response[EvergreenRuleOut]:
        command = CreateEvergreenRule(brand_id=brand_id, **given(data))
        return _answer(await bus.ask(command, EvergreenRule, principal), HTTP_201_CREATED)

    @patch(
        "/",
        summary="Change the settings given of the brand's evergreen rule",
        operation_class=EVERGREEN_RULE_OK,
        responses=VERSIONED_ERRORS,
        response_headers=ETAG_HEADERS,
        opt=requires_for(UpdateEvergreenRule),
    )
    async def update_rule(
        self,
        brand_id: FromPath[UUID],
        data: JSONBody[EvergreenRuleIn],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[EvergreenRuleOut]:
        command = UpdateEvergreenRule(
            brand_id=brand_id, expected_version=required_version(if_match), **given(data)
        )
        return _answer(await bus.ask(command, EvergreenRule, principal))

    @delete(
        "/",
        status_code=HTTP_200_OK,
        summary="Delete the brand's evergreen rule; what it scheduled stays on the calendar",
        operation_class=EVERGREEN_DELETED_OK,
        responses=VERSIONED_ERRORS,
        opt=requires_for(DeleteEvergreenRule),
    )
    async def delete_rule(
        self,
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> EvergreenRuleOut:
        command = DeleteEvergreenRule(
            brand_id=brand_id, expected_version=required_version(if_match)
        )
        return evergreen_rule_out(await bus.ask(command, EvergreenRule, principal))

    @post(
        "/run",
        status_code=HTTP_200_OK,
        summary="Recycle now: the brand's winners scheduled into free slots, each with why",
        description="Runs the rule (a paused one too) whatever the loop's next run; what is"
        " passed over is listed with its reason (`not_approved`, `fails_compliance`,"
        " `already_scheduled`, `published_recently`, `cooling_down`, `no_free_slot`).",
        operation_class=RECYCLING_OK,
        responses=PROTECTED_ERRORS,
        opt=requires_for(RecycleEvergreen),
    )
    async def run(self, brand_id: FromPath[UUID], principal: Caller, bus: Bus) -> RecyclingOut:
        done = await bus.ask(RecycleEvergreen(brand_id=brand_id), Recycling, principal)
        return recycling_out(done)
