"""Ad rules: define them on a campaign, judge them (also in dry run), read what they did."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from umt.application.advertising.evaluate_rule import EvaluateAdRule, RuleEvaluationReport
from umt.application.advertising.manage_rules import CreateAdRule, DeleteAdRule, UpdateAdRule
from umt.application.advertising.rule_queries import (
    GetAdRule,
    ListAdRules,
    ListRuleEvaluations,
)
from umt.domain.advertising.rule import AdRule
from umt.domain.integration.errors import PlatformError
from umt.entrypoints.http.advertising.rule_examples import (
    EVALUATED,
    EVALUATIONS_OK,
    RULE_CREATED,
    RULE_OK,
    RULE_UPDATED,
    RULES_OK,
)
from umt.entrypoints.http.dependencies import Bus, Caller, Paging
from umt.entrypoints.http.etags import etag, required_version
from umt.entrypoints.http.integrations.controllers import platform_error_handler
from umt.entrypoints.http.openapi import (
    BEARER,
    ETAG_HEADERS,
    PROTECTED_ERRORS,
    VERSIONED_ERRORS,
    RequiredIfMatch,
)
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.ad_rules import (
    AdRuleCreate,
    AdRuleList,
    AdRuleOut,
    AdRulePatch,
    EvaluateIn,
    EvaluationList,
    EvaluationReportOut,
    evaluation_out,
    report_out,
    rule_out,
)
from umt.entrypoints.http.schemas.common import given
from umt.ports.ad_decision_log import RuleEvaluation
from umt.ports.pagination import Page as DomainPage

Limit = Annotated[int, QueryParameter(ge=1, le=500, description="At most this many, newest first")]


def rule_response(rule: AdRule, status: int = HTTP_200_OK) -> Response[AdRuleOut]:
    return Response(rule_out(rule), status_code=status, headers={"ETag": etag(rule.version)})


class AdRuleController(Controller):
    path = "/api/v1/ad-rules"
    tags = ["ad rules"]
    security = BEARER
    response_headers = ETAG_HEADERS
    exception_handlers = {PlatformError: platform_error_handler}

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Define a rule on a campaign",
        description=(
            "When CPA / ROAS / spend / CTR over the window compares to the threshold, with at "
            "least the minimum data: pause, change the budget (within floor and cap) or notify; "
            "a cooldown per subject, a daily maximum and a dry-run mode hold it back. A "
            "`shift_to_winner` rule has no condition: it names an experiment of the brand and "
            "moves a percentage of the losing arms' ad set budgets to the winner's when it "
            "concludes. Thresholds and amounts are decimal text."
        ),
        operation_class=RULE_CREATED,
        responses=PROTECTED_ERRORS,
        opt=requires_for(CreateAdRule),
    )
    async def create(
        self, data: JSONBody[AdRuleCreate], principal: Caller, bus: Bus
    ) -> Response[AdRuleOut]:
        definition: dict[str, Any] = given(data)
        campaign_id = definition.pop("campaign_id")
        command = CreateAdRule(campaign_id=campaign_id, definition=definition)
        return rule_response(await bus.ask(command, AdRule, principal), HTTP_201_CREATED)

    @get(
        "/",
        summary="List rules",
        operation_class=RULES_OK,
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListAdRules),
    )
    async def list_rules(
        self,
        principal: Caller,
        bus: Bus,
        page: Paging,
        campaign_id: FromQuery[UUID | None] = None,
    ) -> AdRuleList:
        query = ListAdRules(campaign_id=campaign_id, page=page)
        found = await bus.ask(query, DomainPage[AdRule], principal)
        return AdRuleList(items=[rule_out(r) for r in found.items], next_cursor=found.next_cursor)

    @get(
        "/{rule_id:uuid}",
        summary="Get a rule",
        operation_class=RULE_OK,
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetAdRule),
    )
    async def get_rule(
        self, rule_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[AdRuleOut]:
        return rule_response(await bus.ask(GetAdRule(rule_id=rule_id), AdRule, principal))

    @patch(
        "/{rule_id:uuid}",
        summary="Change a rule (If-Match: its ETag)",
        operation_class=RULE_UPDATED,
        responses=VERSIONED_ERRORS,
        opt=requires_for(UpdateAdRule),
    )
    async def update(
        self,
        rule_id: FromPath[UUID],
        data: JSONBody[AdRulePatch],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[AdRuleOut]:
        command = UpdateAdRule(
            rule_id=rule_id, changes=given(data), expected_version=required_version(if_match)
        )
        return rule_response(await bus.ask(command, AdRule, principal))

    @delete(
        "/{rule_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a rule (its evaluations stay in the audit log)",
        responses=VERSIONED_ERRORS,
        opt=requires_for(DeleteAdRule),
    )
    async def delete_rule(
        self,
        rule_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> None:
        command = DeleteAdRule(rule_id=rule_id, expected_version=required_version(if_match))
        await bus.execute(command, principal)

    @get(
        "/{rule_id:uuid}/evaluations",
        summary="Every evaluation of the rule, newest first, with what it did",
        operation_class=EVALUATIONS_OK,
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListRuleEvaluations),
    )
    async def evaluations(
        self, rule_id: FromPath[UUID], principal: Caller, bus: Bus, limit: Limit = 100
    ) -> EvaluationList:
        query = ListRuleEvaluations(rule_id=rule_id, limit=limit)
        found = await bus.ask(query, list[RuleEvaluation], principal)
        return EvaluationList(items=[evaluation_out(e) for e in found])

    @post(
        "/{rule_id:uuid}/evaluate",
        status_code=HTTP_200_OK,
        summary="Judge the rule now (dry_run: record what it would do, do nothing)",
        description=(
            "One evaluation per delivering subject (the campaign, or each active ad set). A "
            "dry run never acts and sends no event; otherwise the action runs on the platform "
            "(once per subject and minute, within the cooldown and the daily maximum). A "
            "campaign with nothing delivering is a 409 `campaign_not_delivering`."
        ),
        operation_class=EVALUATED,
        responses=PROTECTED_ERRORS,
        opt=requires_for(EvaluateAdRule),
    )
    async def evaluate(
        self, rule_id: FromPath[UUID], data: JSONBody[EvaluateIn], principal: Caller, bus: Bus
    ) -> EvaluationReportOut:
        command = EvaluateAdRule(rule_id=rule_id, dry_run=data.dry_run)
        return report_out(await bus.ask(command, RuleEvaluationReport, principal))
