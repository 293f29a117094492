"""Observations: the exposure and conversion events an experiment collects."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from umt.domain.experiments.design import check_name
from umt.domain.experiments.errors import ExperimentInvalid
from umt.domain.shared.ids import ExperimentId, OrganizationId

MAX_UNIT_ID_LENGTH = 200


class ObservationKind(StrEnum):
    EXPOSURE = "exposure"  # the unit saw its arm's content
    CONVERSION = "conversion"  # the unit did the metric's action (with a value if continuous)


@dataclass(frozen=True, slots=True, kw_only=True)
class Observation:
    """One event, idempotent by ``event_id`` within its experiment.

    ``metric`` names the metric a conversion counts for (the primary or a guardrail);
    ``value`` is its amount for continuous metrics (1 otherwise); ``covariate`` is the unit's
    pre-period value of the primary metric (CUPED), carried on exposures.
    """

    event_id: str
    experiment_id: ExperimentId
    organization_id: OrganizationId
    unit_id: str
    arm: str
    kind: ObservationKind
    metric: str | None = None
    value: float = 1.0
    covariate: float | None = None
    occurred_at: datetime

    def __post_init__(self) -> None:
        for name, text in (("event_id", self.event_id), ("unit_id", self.unit_id)):
            if not isinstance(text, str) or not text or len(text) > MAX_UNIT_ID_LENGTH:
                raise ExperimentInvalid(
                    f"{name} is 1 to {MAX_UNIT_ID_LENGTH} characters", field=name
                )
        object.__setattr__(self, "kind", ObservationKind(self.kind))
        if self.kind is ObservationKind.CONVERSION:
            if self.metric is None:
                raise ExperimentInvalid("a conversion names its metric", field="metric")
            check_name(self.metric, "metric")
        elif self.metric is not None:
            raise ExperimentInvalid("an exposure has no metric", field="metric")
        for name, number in (("value", self.value), ("covariate", self.covariate)):
            if number is not None and not math.isfinite(number):
                raise ExperimentInvalid(f"{name} must be a finite number", field=name)
