"""Request and response bodies of ad rules and their evaluations (docs/advertising.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from umt.application.advertising.evaluate_rule import RuleEvaluationReport
from umt.domain.advertising.rule import AdRule
from umt.entrypoints.http.schemas.common import Input, Name
from umt.ports.ad_decision_log import RuleEvaluation

Decimal = Annotated[
    str, Meta(pattern=r"^-?\d{1,12}(\.\d{1,6})?$", examples=["25.00"], description="Decimal text")
]
Seconds = Annotated[int, Meta(ge=0, le=90 * 86_400)]


class ConditionIO(Input):
    metric: Literal["cpa", "roas", "spend", "ctr"]
    comparison: Literal["gt", "gte", "lt", "lte"]
    threshold: Decimal
    window_seconds: Annotated[Seconds, Meta(examples=[86_400])] = 86_400


class MinimumIO(Input):
    """Below any of these within the window, the rule does not judge."""

    impressions: Annotated[int, Meta(ge=0, examples=[1000])] = 0
    clicks: Annotated[int, Meta(ge=0)] = 0
    spend: Decimal = "0"
    conversions: Decimal = "0"


class AdjustmentIO(Input):
    mode: Literal["percent", "absolute"]
    value: Annotated[Decimal, Meta(examples=["-20"])]
    floor: Decimal | None = None
    cap: Decimal | None = None


ActionName = Literal["pause", "change_budget", "notify", "shift_to_winner"]
LevelName = Literal["campaign", "ad_set"]
Actions = Annotated[int, Meta(ge=1, le=100)]


class AdRuleCreate(Input):
    """A rule on one campaign; ``shift_to_winner`` names an experiment and has no condition."""

    campaign_id: UUID
    name: Annotated[Name, Meta(examples=["Pause expensive ad sets"])]
    action: ActionName
    level: LevelName = "ad_set"
    condition: ConditionIO | None = None
    minimum: MinimumIO | None = None
    adjustment: AdjustmentIO | None = None
    experiment_id: UUID | None = None
    cooldown_seconds: Annotated[Seconds, Meta(examples=[86_400])] = 86_400
    max_actions_per_day: Actions = 1
    dry_run: bool = False
    enabled: bool = True


class AdRulePatch(Input):
    """Anything left out stays."""

    name: Name | UnsetType = UNSET
    action: ActionName | UnsetType = UNSET
    level: LevelName | UnsetType = UNSET
    condition: ConditionIO | UnsetType | None = UNSET
    minimum: MinimumIO | UnsetType = UNSET
    adjustment: AdjustmentIO | UnsetType | None = UNSET
    experiment_id: UUID | UnsetType | None = UNSET
    cooldown_seconds: Seconds | UnsetType = UNSET
    max_actions_per_day: Actions | UnsetType = UNSET
    dry_run: bool | UnsetType = UNSET
    enabled: bool | UnsetType = UNSET


class EvaluateIn(Input):
    dry_run: Annotated[
        bool, Meta(description="Record what it would do; do nothing", examples=[True])
    ] = True


class AdRuleOut(msgspec.Struct):
    id: UUID
    campaign_id: UUID
    brand_id: UUID
    name: str
    level: str
    action: str
    condition: dict[str, Any] | None
    minimum: dict[str, Any]
    adjustment: dict[str, Any] | None
    experiment_id: UUID | None
    cooldown_seconds: int
    max_actions_per_day: int
    dry_run: bool
    enabled: bool
    version: int
    created_at: datetime
    updated_at: datetime


class AdRuleList(msgspec.Struct):
    items: list[AdRuleOut]
    next_cursor: str | None = None  # the next page's cursor; None on the last page


class EvaluationOut(msgspec.Struct):
    id: UUID
    rule_id: UUID
    campaign_id: UUID
    subject_id: UUID
    slot: str
    window_start: datetime
    window_end: datetime
    evaluated_at: datetime
    outcome: str  # insufficient_data, not_met, cooldown, daily_limit, dry_run, triggered, failed
    value: str | None
    dry_run: bool
    action: dict[str, Any]


class EvaluationList(msgspec.Struct):
    items: list[EvaluationOut]


class EvaluationReportOut(msgspec.Struct):
    rule_id: UUID
    dry_run: bool
    items: list[EvaluationOut]


def rule_out(rule: AdRule) -> AdRuleOut:
    c, m, a = rule.condition, rule.minimum, rule.adjustment
    return AdRuleOut(
        id=rule.id,
        campaign_id=rule.campaign_id,
        brand_id=rule.brand_id,
        name=rule.name,
        level=rule.level.value,
        action=rule.action.value,
        condition=None
        if c is None
        else {
            "metric": c.metric.value,
            "comparison": c.comparison.value,
            "threshold": str(c.threshold),
            "window_seconds": int(c.window.total_seconds()),
        },
        minimum={
            "impressions": m.impressions,
            "clicks": m.clicks,
            "spend": str(m.spend),
            "conversions": str(m.conversions),
        },
        adjustment=None
        if a is None
        else {
            "mode": a.mode.value,
            "value": str(a.value),
            "floor": None if a.floor is None else str(a.floor),
            "cap": None if a.cap is None else str(a.cap),
        },
        experiment_id=rule.experiment_id,
        cooldown_seconds=int(rule.cooldown.total_seconds()),
        max_actions_per_day=rule.max_actions_per_day,
        dry_run=rule.dry_run,
        enabled=rule.enabled,
        version=rule.version,
        created_at=rule.created_at,
        updated_at=rule.updated_at,
    )


def evaluation_out(e: RuleEvaluation) -> EvaluationOut:
    return EvaluationOut(
        id=e.id,
        rule_id=e.rule_id,
        campaign_id=e.campaign_id,
        subject_id=e.subject_id,
        slot=e.slot,
        window_start=e.window_start,
        window_end=e.window_end,
        evaluated_at=e.evaluated_at,
        outcome=e.outcome,
        value=None if e.value is None else str(e.value),
        dry_run=e.dry_run,
        action=dict(e.action),
    )


def report_out(report: RuleEvaluationReport) -> EvaluationReportOut:
    return EvaluationReportOut(
        rule_id=report.rule_id,
        dry_run=report.dry_run,
        items=[evaluation_out(e) for e in report.evaluations],
    )
