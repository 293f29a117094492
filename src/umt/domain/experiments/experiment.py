"""The Experiment aggregate: an A/B/n test (or a bandit) over content versions.

Lifecycle: draft → running → stopped → concluded, or running → concluded directly when the
stopping rule is met. Only a draft can be edited; a concluded experiment is final.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from umt.domain.experiments import events as ev
from umt.domain.experiments.assignment import assign
from umt.domain.experiments.design import (
    MAX_ARMS,
    MAX_GUARDRAILS,
    MIN_ARMS,
    Arm,
    ExperimentMode,
    Guardrail,
    Metric,
    MinimumDetectableEffect,
)
from umt.domain.experiments.errors import (
    ExperimentInvalid,
    ExperimentNotEditable,
    ExperimentNotRunning,
    IllegalExperimentTransition,
    UnknownArm,
)
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.events import Changes
from umt.domain.shared.ids import BrandId, ExperimentId, OrganizationId
from umt.domain.shared.values import require_text

# the design fields a draft may change (the sample size is recomputed with them)
EDITABLE_FIELDS = frozenset(
    {
        "name",
        "hypothesis",
        "mode",
        "primary_metric",
        "guardrails",
        "arms",
        "mde",
        "alpha",
        "power",
        "max_sample_factor",
    }
)


class ExperimentStatus(StrEnum):
    DRAFT = "draft"
    RUNNING = "running"
    STOPPED = "stopped"
    CONCLUDED = "concluded"


class StoppingReason(StrEnum):
    WINNER_FOUND = "winner_found"
    GUARDRAIL_FAILED = "guardrail_failed"
    NO_DIFFERENCE = "no_difference"  # the maximum sample reached without significance
    STOPPED_BY_USER = "stopped_by_user"
    SRM_DETECTED = "srm_detected"  # assignment is broken: results cannot be trusted


TRANSITIONS: dict[ExperimentStatus, frozenset[ExperimentStatus]] = {
    ExperimentStatus.DRAFT: frozenset({ExperimentStatus.RUNNING}),
    ExperimentStatus.RUNNING: frozenset({ExperimentStatus.STOPPED, ExperimentStatus.CONCLUDED}),
    ExperimentStatus.STOPPED: frozenset({ExperimentStatus.CONCLUDED}),
    ExperimentStatus.CONCLUDED: frozenset(),
}


@dataclass(slots=True, kw_only=True)
class Experiment(AggregateRoot):
    id: ExperimentId
    organization_id: OrganizationId
    brand_id: BrandId
    name: str
    hypothesis: str = ""
    mode: ExperimentMode = ExperimentMode.HYPOTHESIS_TEST
    primary_metric: Metric
    guardrails: tuple[Guardrail, ...] = ()
    arms: tuple[Arm, ...]  # the first arm is the control
    mde: MinimumDetectableEffect
    alpha: float = 0.05
    power: float = 0.8
    # per arm, from the power analysis of (primary metric, mde, alpha, power): the application
    # computes it with the statistics engine whenever the design changes
    required_sample_size: int
    max_sample_factor: float = 2.0  # no difference after this x the required sample: stop
    salt: str
    status: ExperimentStatus = ExperimentStatus.DRAFT
    stopping_reason: StoppingReason | None = None
    winner: str | None = None
    result: dict[str, Any] = field(default_factory=dict)  # the analysis that concluded it
    started_at: datetime | None = None
    stopped_at: datetime | None = None
    concluded_at: datetime | None = None
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def __post_init__(self) -> None:
        self.name = require_text(self.name, field="name", max_length=200)
        self.hypothesis = require_text(
            self.hypothesis, field="hypothesis", max_length=5000, allow_empty=True
        )
        self.mode = ExperimentMode(self.mode)
        self.salt = require_text(self.salt, field="salt", max_length=100)
        self._check_design()

    def _check_design(self) -> None:
        if not MIN_ARMS <= len(self.arms) <= MAX_ARMS:
            raise ExperimentInvalid(
                f"an experiment has a control and 1 to {MAX_ARMS - 1} variants", field="arms"
            )
        names = [arm.name for arm in self.arms]
        if len(set(names)) != len(names):
            raise ExperimentInvalid("arm names must be unique", field="arms.name")
        if len(self.guardrails) > MAX_GUARDRAILS:
            raise ExperimentInvalid(f"at most {MAX_GUARDRAILS} guardrails", field="guardrails")
        metric_names = [self.primary_metric.name, *(g.metric.name for g in self.guardrails)]
        if len(set(metric_names)) != len(metric_names):
            raise ExperimentInvalid(
                "guardrail metrics differ from each other and from the primary metric",
                field="guardrails",
            )
        if not (isinstance(self.alpha, float | int) and 0 < self.alpha < 0.5):
            raise ExperimentInvalid("alpha lies in (0, 0.5)", field="alpha")
        if not (isinstance(self.power, float | int) and 0.5 <= self.power < 1):
            raise ExperimentInvalid("power lies in [0.5, 1)", field="power")
        if not (math.isfinite(self.max_sample_factor) and self.max_sample_factor >= 1):
            raise ExperimentInvalid(
                "the maximum sample factor is at least 1", field="max_sample_factor"
            )
        self.mde.check_for(self.primary_metric.kind)
        if self.mode is ExperimentMode.OPTIMIZE and not self.primary_metric.kind.binary:
            raise ExperimentInvalid(
                "the optimize mode (Thompson sampling) needs a binary primary metric",
                field="primary_metric.kind",
            )
        if self.required_sample_size < 1:
            raise ExperimentInvalid("the required sample size is positive", field="mde")

    @classmethod
    def create(cls, *, now: datetime, **design: Any) -> Experiment:
        """A draft; ``design`` holds the fields of the dataclass (id, names, arms, ...)."""
        experiment = cls(created_at=now, updated_at=now, **design)
        experiment._record(
            ev.ExperimentCreated,
            now,
            ev.ExperimentDesigned(
                brand_id=experiment.brand_id,
                name=experiment.name,
                mode=experiment.mode.value,
                arms=[arm.name for arm in experiment.arms],
                required_sample_size=experiment.required_sample_size,
            ),
        )
        return experiment

    # ------------------------------------------------------------------ reading

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

    def arm(self, name: str) -> Arm:
        for arm in self.arms:
            if arm.name == name:
                return arm
        raise UnknownArm(f"the experiment has no arm {name!r}", field="arm")

    def assign(self, unit_id: str) -> Arm:
        """The arm that ``unit_id`` sees (deterministic; see ``assignment``)."""
        self.require_running()
        return self.arms[assign(self.salt, unit_id, self.weights)]

    def require_running(self) -> None:
        if self.status is not ExperimentStatus.RUNNING:
            raise ExperimentNotRunning(f"the experiment is {self.status.value}, not running")

    # ------------------------------------------------------------------ changing

    def update(
        self,
        changes: Mapping[str, Any],
        *,
        required_sample_size: int,
        now: datetime,
        expected_version: int | None = None,
    ) -> None:
        """Change a draft's design; the caller recomputes the required sample size."""
        self._check_version(expected_version)
        if self.status is not ExperimentStatus.DRAFT:
            raise ExperimentNotEditable(f"a {self.status.value} experiment cannot be edited")
        unknown = set(changes) - EDITABLE_FIELDS
        if unknown:
            raise ExperimentInvalid(f"unknown fields: {sorted(unknown)}", field=sorted(unknown)[0])
        candidate = replace(self, **changes, required_sample_size=required_sample_size, events=[])
        names = sorted(
            k
            for k in (*EDITABLE_FIELDS, "required_sample_size")
            if getattr(self, k) != getattr(candidate, k)
        )
        if not names:
            return
        diff = Changes.between(self, candidate, names)
        for key in names:
            setattr(self, key, getattr(candidate, key))
        self._bump(now)
        self._record(ev.ExperimentUpdated, now, diff)

    def start(self, *, now: datetime, expected_version: int | None = None) -> None:
        self._move(ExperimentStatus.RUNNING, expected_version)
        self.started_at = now
        self._bump(now)
        self._record(
            ev.ExperimentStarted,
            now,
            ev.ExperimentLaunch(
                brand_id=self.brand_id,
                mode=self.mode.value,
                arms=[ev.arm_shown(arm) for arm in self.arms],
                required_sample_size=self.required_sample_size,
            ),
        )

    def stop(
        self,
        *,
        now: datetime,
        reason: StoppingReason = StoppingReason.STOPPED_BY_USER,
        expected_version: int | None = None,
    ) -> None:
        """Stop sending traffic; the results stay for a manual conclusion."""
        self._move(ExperimentStatus.STOPPED, expected_version)
        self.stopping_reason = StoppingReason(reason)
        self.stopped_at = now
        self._bump(now)
        self._record(ev.ExperimentStopped, now, ev.StopReason(reason=self.stopping_reason.value))

    def conclude(
        self,
        *,
        reason: StoppingReason,
        winner: str | None,
        now: datetime,
        result: Mapping[str, Any] | None = None,
        expected_version: int | None = None,
    ) -> None:
        """Conclude, naming the winner arm when there is one (its version gets promoted)."""
        reason = StoppingReason(reason)
        if (reason is StoppingReason.WINNER_FOUND) != (winner is not None):
            raise ExperimentInvalid(
                "a winner is named exactly when the reason is winner_found", field="winner"
            )
        winning = self.arm(winner) if winner is not None else None
        self._move(ExperimentStatus.CONCLUDED, expected_version)
        self.stopping_reason = reason
        self.winner = winner
        self.result = dict(result or {})
        self.concluded_at = now
        if self.stopped_at is None:
            self.stopped_at = now
        self._bump(now)
        self._record(
            ev.ExperimentConcluded,
            now,
            ev.Conclusion(
                brand_id=self.brand_id,
                reason=reason.value,
                winner=None if winning is None else ev.arm_shown(winning),
                control=ev.arm_shown(self.control),
            ),
        )

    def reallocate(self, weights: Sequence[float], *, now: datetime) -> None:
        """Optimize mode: the bandit's new traffic weights, one per arm."""
        self.require_running()
        if self.mode is not ExperimentMode.OPTIMIZE:
            raise ExperimentNotEditable("only an optimize-mode experiment reallocates traffic")
        if len(weights) != len(self.arms):
            raise ExperimentInvalid("one weight per arm", field="arms.weight")
        arms = tuple(replace(arm, weight=w) for arm, w in zip(self.arms, weights, strict=True))
        if arms == self.arms:
            return
        before = self.weights
        self.arms = arms
        self._bump(now)
        self._record(
            ev.ExperimentAllocationChanged, now, ev.Allocation(before=before, after=self.weights)
        )

    # ------------------------------------------------------------------ internals

    def _move(self, target: ExperimentStatus, expected_version: int | None) -> None:
        self._check_version(expected_version)
        if target not in TRANSITIONS[self.status]:
            allowed = sorted(s.value for s in TRANSITIONS[self.status]) or ["none"]
            raise IllegalExperimentTransition(
                f"a {self.status.value} experiment cannot become {target.value};"
                f" allowed: {', '.join(allowed)}",
                field="status",
            )
        self.status = target

    def _check_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise StaleVersion(
                f"experiment is at version {self.version},"
                f" the change was made against version {expected}"
            )
