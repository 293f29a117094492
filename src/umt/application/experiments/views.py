"""Read models of experiments handed to callers outside the application (the library). The
design (metric, arms, guardrails, effect) is made of frozen value objects, shared as they
are. See ``umt.application.read_models`` for what a view guarantees."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from umt.application.experiments.analysis import Analysis
from umt.application.experiments.analyze_experiment import ExperimentAnalysis
from umt.application.read_models import snapshot
from umt.domain.experiments.design import (
    Arm,
    ExperimentMode,
    Guardrail,
    Metric,
    MinimumDetectableEffect,
)
from umt.domain.experiments.experiment import Experiment, ExperimentStatus, StoppingReason
from umt.domain.shared.ids import BrandId, ExperimentId, OrganizationId


@dataclass(frozen=True, slots=True, kw_only=True)
class ExperimentView:
    """An experiment: its design, state and (once concluded) the analysis in ``result``."""

    id: ExperimentId
    organization_id: OrganizationId
    brand_id: BrandId
    name: str
    hypothesis: str
    mode: ExperimentMode
    primary_metric: Metric
    guardrails: tuple[Guardrail, ...]
    arms: tuple[Arm, ...]  # the first arm is the control
    mde: MinimumDetectableEffect
    alpha: float
    power: float
    required_sample_size: int  # per arm
    max_sample_factor: float
    salt: str
    status: ExperimentStatus
    stopping_reason: StoppingReason | None
    winner: str | None
    result: dict[str, Any]  # a copy of the analysis that concluded it
    started_at: datetime | None
    stopped_at: datetime | None
    concluded_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_aggregate(cls, experiment: Experiment) -> ExperimentView:
        return snapshot(cls, experiment)

    @property
    def control(self) -> Arm:
        return self.arms[0]

    @property
    def variants(self) -> tuple[Arm, ...]:
        return self.arms[1:]

    @property
    def weights(self) -> list[float]:
        return [arm.weight for arm in self.arms]

    @property
    def max_sample_size(self) -> int:
        """Per arm: past this without significance the experiment concludes no_difference."""
        return math.ceil(self.required_sample_size * self.max_sample_factor)


@dataclass(frozen=True, slots=True, kw_only=True)
class ExperimentAnalysisView:
    """An analysis and the experiment as it stands after it."""

    experiment: ExperimentView
    analysis: Analysis
    concluded: bool  # this analysis concluded the experiment
    reallocated: bool  # this analysis changed the optimize mode's weights

    @classmethod
    def from_result(cls, result: ExperimentAnalysis) -> ExperimentAnalysisView:
        return cls(
            experiment=ExperimentView.from_aggregate(result.experiment),
            analysis=result.analysis,
            concluded=result.concluded,
            reallocated=result.reallocated,
        )
