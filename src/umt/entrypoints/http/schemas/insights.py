"""Schemas of the analytics insights: stored insights with the rollup rows behind them, the
performers, a detection's report and the brands' alert rules (docs/analytics.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from umt.application.analytics.insights.detect_insights import DetectionReport
from umt.application.analytics.insights.performers import PerformersReport, SubjectPerformance
from umt.domain.analytics.insights.alert_rule import AlertRule
from umt.domain.analytics.insights.insight import EvidenceRow, Insight, Scope
from umt.entrypoints.http.schemas.brands import ChannelName
from umt.entrypoints.http.schemas.common import Input, Name

MeasureName = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=40,
        examples=["engagement_rate"],
        description=(
            "A count metric (impressions, clicks, …; not spend or conversion_value) or a rate: "
            "engagement_rate, click_through_rate, open_rate, conversion_rate"
        ),
    ),
]
Threshold = Annotated[
    str,
    Meta(
        pattern=r"^-?\d{1,17}(\.\d{1,6})?$",
        examples=["0.02"],
        description="Decimal text (a rate's lies between 0 and 1)",
    ),
]
SubjectKindName = Literal[
    "content_piece", "publication", "ad", "ad_set", "campaign", "channel_account",
    "email_campaign",
]  # fmt: skip


class ScopeIO(Input):
    """The whole brand (empty), one channel, or one subject (kind and id)."""

    channel: ChannelName | None = None
    subject_kind: SubjectKindName | None = None
    subject_id: UUID | None = None


def scope_out(scope: Scope) -> ScopeIO:
    return ScopeIO(
        channel=scope.channel,  # type: ignore[arg-type]  # a Channel's value, checked on input
        subject_kind=scope.subject_kind,  # type: ignore[arg-type]  # a SubjectKind's value
        subject_id=scope.subject_id,
    )


class EvidenceOut(msgspec.Struct):
    """A rollup value behind an insight: a subject's bucket, or a day's sum for the brand (no
    subject, no channel) or a channel."""

    day: date
    metric: str
    value: str
    role: str
    channel: str | None = None
    subject_kind: str | None = None
    subject_id: UUID | None = None


def evidence_out(row: EvidenceRow) -> EvidenceOut:
    return EvidenceOut(
        day=row.day,
        metric=row.metric,
        value=str(row.value),
        role=row.role,
        channel=row.channel,
        subject_kind=row.subject_kind,
        subject_id=row.subject_id,
    )


class InsightOut(msgspec.Struct):
    id: UUID
    brand_id: UUID
    kind: str
    series: str
    day: date
    measure: str
    scope: ScopeIO
    direction: str
    headline: str
    statistics: dict[str, Any]
    evidence: list[EvidenceOut]
    status: str
    detected_at: datetime
    updated_at: datetime
    version: int
    rule_id: UUID | None = None
    status_by: UUID | None = None


def insight_out(insight: Insight) -> InsightOut:
    return InsightOut(
        id=insight.id,
        brand_id=insight.brand_id,
        kind=insight.kind.value,
        series=insight.series,
        day=insight.day,
        measure=insight.measure,
        scope=scope_out(insight.scope),
        direction=insight.direction,
        headline=insight.headline,
        statistics=dict(insight.statistics),
        evidence=[evidence_out(r) for r in insight.evidence],
        status=insight.status.value,
        detected_at=insight.detected_at,
        updated_at=insight.updated_at,
        version=insight.version,
        rule_id=insight.rule_id,
        status_by=insight.status_by,
    )


class InsightPage(msgspec.Struct):
    items: list[InsightOut]
    next_cursor: str | None = None


class DetectionOut(msgspec.Struct):
    brand_id: UUID
    day: date  # the latest complete day judged (the brand's)
    found: int
    raised: list[InsightOut]


def detection_out(report: DetectionReport) -> DetectionOut:
    return DetectionOut(
        brand_id=report.brand_id,
        day=report.day,
        found=report.found,
        raised=[insight_out(i) for i in report.raised],
    )


class DetectIn(Input):
    direction: Literal["up", "down", "both"] | None = None


class SubjectSumOut(msgspec.Struct):
    """A subject's buckets of one metric on one channel, summed over the range."""

    metric: str
    channel: str
    value: str


class PerformerOut(msgspec.Struct):
    subject_kind: str
    subject_id: UUID
    channel: str
    value: float
    interval: list[float]  # [low, high], 95 %
    difference: float
    clear: bool
    evidence: list[SubjectSumOut]
    lift: float | None = None
    trials: float | None = None


def performer_out(item: SubjectPerformance) -> PerformerOut:
    return PerformerOut(
        subject_kind=item.subject_kind,
        subject_id=item.subject_id,
        channel=item.channel,
        value=item.value,
        interval=list(item.interval),
        difference=item.difference,
        clear=item.clear,
        lift=item.lift,
        trials=item.trials,
        evidence=[
            SubjectSumOut(metric=s.metric.value, channel=s.channel.value, value=str(s.value))
            for s in item.evidence
        ],
    )


class PerformersOut(msgspec.Struct):
    brand_id: UUID
    measure: str
    from_: date = msgspec.field(name="from")
    to: date
    interval: str  # "wilson" (rates) or "poisson_sqrt" (counts), 95 %
    brand_median: float
    brand_mean: float
    subjects: int
    top: list[PerformerOut]
    bottom: list[PerformerOut]


def performers_out(report: PerformersReport) -> PerformersOut:
    return PerformersOut(
        brand_id=report.brand_id,
        measure=report.measure,
        from_=report.since,
        to=report.until,
        interval=report.interval,
        brand_median=report.brand_median,
        brand_mean=report.brand_mean,
        subjects=report.subjects,
        top=[performer_out(p) for p in report.top],
        bottom=[performer_out(p) for p in report.bottom],
    )


Comparison = Literal["gt", "gte", "lt", "lte"]
WindowDays = Annotated[int, Meta(ge=1, le=90, examples=[7])]


class AlertRuleCreate(Input):
    """When ``measure`` over the last ``window_days`` complete days of ``scope`` compares to
    ``threshold``, an insight of kind ``threshold`` is raised (again once a window has passed)."""

    name: Annotated[Name, Meta(examples=["Engagement below 2 %"])]
    measure: MeasureName
    comparison: Comparison
    threshold: Threshold
    scope: ScopeIO | None = None
    window_days: WindowDays = 1
    enabled: bool = True


class AlertRulePatch(Input):
    name: Name | UnsetType = UNSET
    measure: MeasureName | UnsetType = UNSET
    comparison: Comparison | UnsetType = UNSET
    threshold: Threshold | UnsetType = UNSET
    scope: ScopeIO | UnsetType | None = UNSET
    window_days: WindowDays | UnsetType = UNSET
    enabled: bool | UnsetType = UNSET


class AlertRuleOut(msgspec.Struct):
    id: UUID
    brand_id: UUID
    name: str
    measure: str
    comparison: str
    threshold: str
    scope: ScopeIO
    window_days: int
    enabled: bool
    version: int
    created_at: datetime
    updated_at: datetime


def alert_rule_out(rule: AlertRule) -> AlertRuleOut:
    return AlertRuleOut(
        id=rule.id,
        brand_id=rule.brand_id,
        name=rule.name,
        measure=rule.measure,
        comparison=rule.comparison.value,
        threshold=str(rule.threshold),
        scope=scope_out(rule.scope),
        window_days=rule.window_days,
        enabled=rule.enabled,
        version=rule.version,
        created_at=rule.created_at,
        updated_at=rule.updated_at,
    )


class AlertRuleList(msgspec.Struct):
    items: list[AlertRuleOut]
