"""Value objects of an experiment's design: metrics, guardrails, arms, the effect to detect."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from umt.domain.experiments.errors import ExperimentInvalid

_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,63}$")
MIN_ARMS = 2
MAX_ARMS = 10
MAX_GUARDRAILS = 10


class ExperimentMode(StrEnum):
    """``hypothesis_test``: a controlled test concluded by the stopping rule. ``optimize``: a
    Thompson-sampling bandit that moves traffic to the best arm; it never concludes by itself
    and reports no p-values."""

    HYPOTHESIS_TEST = "hypothesis_test"
    OPTIMIZE = "optimize"


class MetricKind(StrEnum):
    CLICK_THROUGH = "click_through"
    CONVERSION = "conversion"
    OPEN_RATE = "open_rate"
    CONTINUOUS = "continuous"  # e.g. revenue per visitor: the sum of a unit's values

    @property
    def binary(self) -> bool:
        """Binary metrics count units with at least one conversion; continuous ones sum values."""
        return self is not MetricKind.CONTINUOUS


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


def check_name(value: str, field: str) -> str:
    if not isinstance(value, str) or not _NAME.match(value):
        raise ExperimentInvalid(
            f"{value!r} is not a name of lowercase letters, digits, '_' or '-' (at most 64)",
            field=field,
        )
    return value


def _finite(value: float, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ExperimentInvalid(f"{field} must be a finite number", field=field)
    return float(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class Metric:
    """A metric by name (the name conversion events carry) and kind."""

    name: str
    kind: MetricKind

    def __post_init__(self) -> None:
        check_name(self.name, "metric.name")
        object.__setattr__(self, "kind", MetricKind(self.kind))


@dataclass(frozen=True, slots=True, kw_only=True)
class Guardrail:
    """A metric that must not get worse: it fails when a variant is significantly worse than
    control by more than ``tolerance`` (absolute, in the metric's units: a rate for binary
    metrics, the value for continuous ones)."""

    metric: Metric
    direction: Direction = Direction.HIGHER_IS_BETTER
    tolerance: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "direction", Direction(self.direction))
        tolerance = _finite(self.tolerance, "guardrails.tolerance")
        if tolerance < 0:
            raise ExperimentInvalid("a tolerance cannot be negative", field="guardrails.tolerance")
        object.__setattr__(self, "tolerance", tolerance)


@dataclass(frozen=True, slots=True, kw_only=True)
class Arm:
    """Control or a variant: a content version (opaque ids here) and its traffic weight."""

    name: str
    content_id: UUID
    content_version_id: UUID | None = None
    content_version: int | None = None
    weight: float = 1.0

    def __post_init__(self) -> None:
        check_name(self.name, "arms.name")
        weight = _finite(self.weight, "arms.weight")
        if weight <= 0:
            raise ExperimentInvalid("a traffic weight must be positive", field="arms.weight")
        object.__setattr__(self, "weight", weight)
        if self.content_version is not None and (
            isinstance(self.content_version, bool) or self.content_version < 1
        ):
            raise ExperimentInvalid(
                "a content version number starts at 1", field="arms.content_version"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class MinimumDetectableEffect:
    """The smallest effect worth detecting. Binary metrics: ``value`` is relative (0.1 = +10 %)
    to ``baseline`` (the control's expected rate). Continuous: ``value`` is absolute, in the
    metric's units, and ``std`` the metric's standard deviation per unit."""

    value: float
    baseline: float | None = None
    std: float | None = None

    def __post_init__(self) -> None:
        if _finite(self.value, "mde.value") <= 0:
            raise ExperimentInvalid(
                "the minimum detectable effect must be positive", field="mde.value"
            )
        if self.baseline is not None:
            baseline = _finite(self.baseline, "mde.baseline")
            if not 0 < baseline < 1:
                raise ExperimentInvalid("a baseline rate lies in (0, 1)", field="mde.baseline")
        if self.std is not None and _finite(self.std, "mde.std") <= 0:
            raise ExperimentInvalid("a standard deviation must be positive", field="mde.std")

    def check_for(self, kind: MetricKind) -> None:
        if kind.binary:
            if self.baseline is None:
                raise ExperimentInvalid(
                    "a binary metric's effect is relative to a baseline rate", field="mde.baseline"
                )
            if self.baseline * (1 + self.value) >= 1:
                raise ExperimentInvalid("baseline x (1 + mde) must stay below 1", field="mde.value")
        elif self.std is None:
            raise ExperimentInvalid(
                "a continuous metric's effect needs the metric's standard deviation",
                field="mde.std",
            )
