"""Schemas of experiments."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from umt.domain.experiments.experiment import Experiment
from umt.entrypoints.http.schemas.common import Input, LongText, Name

MetricName = Annotated[
    str, Meta(pattern=r"^[a-z0-9][a-z0-9_\-]{0,63}$", examples=["signups", "revenue"])
]
MetricKindName = Literal["click_through", "conversion", "open_rate", "continuous"]
ModeName = Literal["hypothesis_test", "optimize"]
StatusName = Literal["draft", "running", "stopped", "concluded"]
Probability = Annotated[float, Meta(gt=0, lt=1)]


class MetricIO(Input):
    name: MetricName
    kind: MetricKindName


class GuardrailIO(Input):
    metric: MetricIO
    direction: Literal["higher_is_better", "lower_is_better"] = "higher_is_better"
    tolerance: Annotated[float, Meta(ge=0)] = 0.0


class ArmIO(Input):
    name: MetricName
    content_id: UUID
    content_version_id: UUID | None = None
    content_version: Annotated[int, Meta(ge=1)] | None = None
    weight: Annotated[float, Meta(gt=0, le=1_000_000)] = 1.0


class MdeIO(Input):
    """Binary metrics: ``value`` relative to ``baseline`` (0.1 = +10 %); continuous: absolute,
    with the metric's ``std``."""

    value: Annotated[float, Meta(gt=0, le=1_000_000)]
    baseline: Probability | None = None
    std: Annotated[float, Meta(gt=0, le=1e12)] | None = None


Arms = Annotated[list[ArmIO], Meta(min_length=2, max_length=10)]
Guardrails = Annotated[list[GuardrailIO], Meta(max_length=10)]
Alpha = Annotated[float, Meta(gt=0, lt=0.5)]
Power = Annotated[float, Meta(ge=0.5, lt=1)]
SampleFactor = Annotated[float, Meta(ge=1, le=100)]


class ExperimentCreate(Input):
    brand_id: UUID
    name: Name
    primary_metric: MetricIO
    arms: Arms  # the first is the control
    mde: MdeIO
    hypothesis: LongText = ""
    mode: ModeName = "hypothesis_test"
    guardrails: Guardrails = msgspec.field(default_factory=list)
    alpha: Alpha = 0.05
    power: Power = 0.8
    max_sample_factor: SampleFactor = 2.0


class ExperimentPatch(Input):
    name: Name | UnsetType = UNSET
    hypothesis: LongText | UnsetType = UNSET
    mode: ModeName | UnsetType = UNSET
    primary_metric: MetricIO | UnsetType = UNSET
    arms: Arms | UnsetType = UNSET
    mde: MdeIO | UnsetType = UNSET
    guardrails: Guardrails | UnsetType = UNSET
    alpha: Alpha | UnsetType = UNSET
    power: Power | UnsetType = UNSET
    max_sample_factor: SampleFactor | UnsetType = UNSET


class StopRequest(Input):
    reason: Literal["stopped_by_user", "srm_detected"] = "stopped_by_user"


class ConcludeRequest(Input):
    reason: Literal["winner_found", "no_difference", "stopped_by_user"]
    winner: MetricName | None = None  # the arm whose content version is promoted


class EventBatch(Input):
    """Up to 1,000 events, validated all or nothing (a 422 lists every bad one). Each event:
    ``event_id``, ``unit_id``, ``kind`` (exposure | conversion), optional ``arm`` (default:
    the unit's assignment), ``metric`` (conversions; default the primary metric), ``value``,
    ``covariate`` (pre-period value, on exposures), ``occurred_at`` (ISO 8601 with zone)."""

    events: Annotated[list[dict[str, Any]], Meta(min_length=1, max_length=1000)]


class ExperimentOut(msgspec.Struct):
    id: UUID
    brand_id: UUID
    name: str
    hypothesis: str
    mode: str
    status: str
    primary_metric: MetricIO
    guardrails: list[GuardrailIO]
    arms: list[ArmIO]
    mde: MdeIO
    alpha: float
    power: float
    required_sample_size: int  # per arm, from the power analysis
    max_sample_size: int  # per arm: no difference by then concludes no_difference
    max_sample_factor: float
    stopping_reason: str | None
    winner: str | None
    result: dict[str, Any]
    started_at: datetime | None
    stopped_at: datetime | None
    concluded_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime


class AssignmentOut(msgspec.Struct):
    experiment_id: UUID
    unit: str
    arm: str
    content_id: UUID
    content_version_id: UUID | None
    content_version: int | None


class RecordedOut(msgspec.Struct):
    received: int
    stored: int
    duplicates: int  # event ids already stored: ignored


class AnalysisOut(msgspec.Struct):
    experiment: ExperimentOut
    analysis: dict[str, Any]  # arms, srm, comparisons, decision, winner, allocation
    concluded: bool  # this call concluded the experiment
    reallocated: bool  # this call moved an optimize-mode experiment's traffic


def arm_io(arm: Any) -> ArmIO:
    return ArmIO(
        name=arm.name,
        content_id=arm.content_id,
        content_version_id=arm.content_version_id,
        content_version=arm.content_version,
        weight=arm.weight,
    )


def experiment_out(e: Experiment) -> ExperimentOut:
    return ExperimentOut(
        id=e.id,
        brand_id=e.brand_id,
        name=e.name,
        hypothesis=e.hypothesis,
        mode=e.mode.value,
        status=e.status.value,
        primary_metric=MetricIO(name=e.primary_metric.name, kind=e.primary_metric.kind.value),
        guardrails=[
            GuardrailIO(
                metric=MetricIO(name=g.metric.name, kind=g.metric.kind.value),
                direction=g.direction.value,
                tolerance=g.tolerance,
            )
            for g in e.guardrails
        ],
        arms=[arm_io(a) for a in e.arms],
        mde=MdeIO(value=e.mde.value, baseline=e.mde.baseline, std=e.mde.std),
        alpha=e.alpha,
        power=e.power,
        required_sample_size=e.required_sample_size,
        max_sample_size=e.max_sample_size,
        max_sample_factor=e.max_sample_factor,
        stopping_reason=e.stopping_reason.value if e.stopping_reason else None,
        winner=e.winner,
        result=e.result,
        started_at=e.started_at,
        stopped_at=e.stopped_at,
        concluded_at=e.concluded_at,
        version=e.version,
        created_at=e.created_at,
        updated_at=e.updated_at,
    )
