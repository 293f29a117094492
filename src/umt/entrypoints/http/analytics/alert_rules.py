"""/api/v1/brands/{brand_id}/analytics/alert-rules: a brand's threshold alert rules (read:
``analytics:read``; define, change, delete: ``analytics:manage``; If-Match on changes)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from umt.application.analytics.insights.alert_rules import (
    CreateAlertRule,
    DeleteAlertRule,
    GetAlertRule,
    ListAlertRules,
    UpdateAlertRule,
)
from umt.domain.analytics.insights.alert_rule import AlertRule
from umt.entrypoints.http.analytics.insight_examples import RULE_OK, RULES_OK
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.etags import etag, required_version
from umt.entrypoints.http.openapi import (
    BEARER,
    ETAG_HEADERS,
    PROTECTED_ERRORS,
    VERSIONED_ERRORS,
    RequiredIfMatch,
)
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.common import given
from umt.entrypoints.http.schemas.insights import (
    AlertRuleCreate,
    AlertRuleList,
    AlertRuleOut,
    AlertRulePatch,
    alert_rule_out,
)


def rule_response(rule: AlertRule, status: int = HTTP_200_OK) -> Response[AlertRuleOut]:
    return Response(alert_rule_out(rule), status_code=status, headers={"ETag": etag(rule.version)})


class AlertRuleController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}/analytics/alert-rules"
    tags = ["analytics insights"]
    security = BEARER
    response_headers = ETAG_HEADERS

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Define a threshold alert rule",
        description=(
            "When the measure over the last `window_days` complete days of the scope (the "
            "brand, a channel or a subject) compares to the threshold, the insight-detection "
            "raises a `threshold` insight (and `insight.detected`), again once a window has "
            "passed. A brand holds at most UMT_INSIGHTS_MAX_ALERT_RULES rules (409 "
            "`too_many_alert_rules`)."
        ),
        responses=PROTECTED_ERRORS,
        operation_class=RULE_OK,
        opt=requires_for(CreateAlertRule),
    )
    async def create(
        self,
        brand_id: FromPath[UUID],
        data: JSONBody[AlertRuleCreate],
        principal: Caller,
        bus: Bus,
    ) -> Response[AlertRuleOut]:
        definition: dict[str, Any] = given(data)
        command = CreateAlertRule(brand_id=brand_id, definition=definition)
        return rule_response(await bus.ask(command, AlertRule, principal), HTTP_201_CREATED)

    @get(
        "/",
        summary="The brand's alert rules",
        responses=PROTECTED_ERRORS,
        operation_class=RULES_OK,
        opt=requires_for(ListAlertRules),
    )
    async def list_rules(
        self, brand_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> AlertRuleList:
        found = await bus.ask(ListAlertRules(brand_id=brand_id), list[AlertRule], principal)
        return AlertRuleList(items=[alert_rule_out(r) for r in found])

    @get(
        "/{alert_rule_id:uuid}",
        summary="An alert rule",
        responses=PROTECTED_ERRORS,
        operation_class=RULE_OK,
        opt=requires_for(GetAlertRule),
    )
    async def get_rule(
        self, brand_id: FromPath[UUID], alert_rule_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[AlertRuleOut]:
        query = GetAlertRule(brand_id=brand_id, rule_id=alert_rule_id)
        return rule_response(await bus.ask(query, AlertRule, principal))

    @patch(
        "/{alert_rule_id:uuid}",
        summary="Change an alert rule (If-Match: its ETag)",
        responses=VERSIONED_ERRORS,
        operation_class=RULE_OK,
        opt=requires_for(UpdateAlertRule),
    )
    async def update(
        self,
        brand_id: FromPath[UUID],
        alert_rule_id: FromPath[UUID],
        data: JSONBody[AlertRulePatch],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[AlertRuleOut]:
        command = UpdateAlertRule(
            brand_id=brand_id,
            rule_id=alert_rule_id,
            changes=given(data),
            expected_version=required_version(if_match),
        )
        return rule_response(await bus.ask(command, AlertRule, principal))

    @delete(
        "/{alert_rule_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete an alert rule (the insights it raised stay)",
        responses=VERSIONED_ERRORS,
        opt=requires_for(DeleteAlertRule),
    )
    async def delete_rule(
        self,
        brand_id: FromPath[UUID],
        alert_rule_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> None:
        command = DeleteAlertRule(
            brand_id=brand_id, rule_id=alert_rule_id, expected_version=required_version(if_match)
        )
        await bus.execute(command, principal)
