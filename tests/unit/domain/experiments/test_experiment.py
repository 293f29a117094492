"""The Experiment aggregate: its design rules, lifecycle and events."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest

from umt.domain.experiments.design import (
    Arm,
    Direction,
    ExperimentMode,
    Guardrail,
    Metric,
    MetricKind,
    MinimumDetectableEffect,
)
from umt.domain.experiments.errors import (
    ExperimentInvalid,
    ExperimentNotEditable,
    ExperimentNotRunning,
    IllegalExperimentTransition,
    UnknownArm,
)
from umt.domain.experiments.experiment import (
    TRANSITIONS,
    Experiment,
    ExperimentStatus,
    StoppingReason,
)
from umt.domain.experiments.observation import Observation, ObservationKind
from umt.domain.shared.errors import StaleVersion

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def make(**overrides: Any) -> Experiment:
    design: dict[str, Any] = {
        "id": uuid4(),
        "organization_id": uuid4(),
        "brand_id": uuid4(),
        "name": "Subject line test",
        "hypothesis": "A question in the subject raises opens",
        "primary_metric": Metric(name="opens", kind=MetricKind.OPEN_RATE),
        "arms": (
            Arm(name="control", content_id=uuid4(), content_version=1),
            Arm(name="question", content_id=uuid4(), content_version=2),
        ),
        "mde": MinimumDetectableEffect(value=0.1, baseline=0.2),
        "required_sample_size": 6_500,
        "salt": "s1",
    }
    design.update(overrides)
    return Experiment.create(now=NOW, **design)


def test_a_new_experiment_is_a_draft_with_its_sample_size() -> None:
    experiment = make()
    assert experiment.status is ExperimentStatus.DRAFT
    assert experiment.control.name == "control"
    assert experiment.max_sample_size == 13_000
    [event] = experiment.events
    assert event.event_type == "experiment.created"
    assert event.data["required_sample_size"] == 6_500


def test_the_lifecycle_and_its_events() -> None:
    experiment = make()
    experiment.start(now=NOW)
    assert experiment.assign("someone").name in {"control", "question"}
    experiment.stop(now=NOW)
    experiment.conclude(reason=StoppingReason.WINNER_FOUND, winner="question", now=NOW)
    assert experiment.status is ExperimentStatus.CONCLUDED
    assert experiment.version == 4
    kinds = [e.event_type for e in experiment.events]
    assert kinds == [
        "experiment.created",
        "experiment.started",
        "experiment.stopped",
        "experiment.concluded",
    ]
    concluded = experiment.events[-1].data
    assert concluded["winner"]["arm"] == "question"
    assert concluded["winner"]["content_version"] == 2
    assert concluded["winner"]["content_id"] == str(experiment.arm("question").content_id)


@pytest.mark.parametrize("source", list(ExperimentStatus))
@pytest.mark.parametrize("target", list(ExperimentStatus))
def test_only_documented_transitions_are_allowed(
    source: ExperimentStatus, target: ExperimentStatus
) -> None:
    experiment = make()
    experiment.status = source
    act = {
        ExperimentStatus.RUNNING: lambda: experiment.start(now=NOW),
        ExperimentStatus.STOPPED: lambda: experiment.stop(now=NOW),
        ExperimentStatus.CONCLUDED: lambda: experiment.conclude(
            reason=StoppingReason.NO_DIFFERENCE, winner=None, now=NOW
        ),
    }
    if target is ExperimentStatus.DRAFT:
        return  # nothing moves back to draft: there is no method for it
    if target in TRANSITIONS[source]:
        act[target]()
        assert experiment.status is target
    else:
        with pytest.raises(IllegalExperimentTransition):
            act[target]()
        assert experiment.status is source


def test_winner_and_reason_go_together() -> None:
    experiment = make()
    experiment.start(now=NOW)
    with pytest.raises(ExperimentInvalid):
        experiment.conclude(reason=StoppingReason.WINNER_FOUND, winner=None, now=NOW)
    with pytest.raises(ExperimentInvalid):
        experiment.conclude(reason=StoppingReason.NO_DIFFERENCE, winner="question", now=NOW)
    with pytest.raises(UnknownArm):
        experiment.conclude(reason=StoppingReason.WINNER_FOUND, winner="nope", now=NOW)
    assert experiment.status is ExperimentStatus.RUNNING


def test_only_a_draft_is_edited_and_the_version_is_checked() -> None:
    experiment = make()
    experiment.update({"alpha": 0.01}, required_sample_size=9_000, now=NOW)
    assert (experiment.alpha, experiment.required_sample_size, experiment.version) == (
        0.01,
        9_000,
        2,
    )
    assert experiment.events[-1].data["changed"] == ["alpha", "required_sample_size"]
    with pytest.raises(StaleVersion):
        experiment.start(now=NOW, expected_version=1)
    experiment.start(now=NOW, expected_version=2)
    with pytest.raises(ExperimentNotEditable):
        experiment.update({"alpha": 0.02}, required_sample_size=1, now=NOW)


def test_assignment_needs_a_running_experiment() -> None:
    experiment = make()
    with pytest.raises(ExperimentNotRunning):
        experiment.assign("u")


@pytest.mark.parametrize(
    "overrides",
    [
        {"arms": (Arm(name="control", content_id=uuid4()),)},
        {"arms": (Arm(name="a", content_id=uuid4()), Arm(name="a", content_id=uuid4()))},
        {"alpha": 0.7},
        {"power": 1.0},
        {"mde": MinimumDetectableEffect(value=0.1, std=3.0)},  # binary metric, no baseline
        {
            "primary_metric": Metric(name="revenue", kind=MetricKind.CONTINUOUS),
            "mde": MinimumDetectableEffect(value=1.0, baseline=0.2),  # no std
        },
        {
            "mode": ExperimentMode.OPTIMIZE,
            "primary_metric": Metric(name="revenue", kind=MetricKind.CONTINUOUS),
            "mde": MinimumDetectableEffect(value=1.0, std=3.0),
        },
        {"guardrails": (Guardrail(metric=Metric(name="opens", kind=MetricKind.OPEN_RATE)),)},
        {"required_sample_size": 0},
    ],
)
def test_inconsistent_designs_are_refused(overrides: dict[str, Any]) -> None:
    with pytest.raises(ExperimentInvalid):
        make(**overrides)


def test_value_objects_refuse_bad_values() -> None:
    with pytest.raises(ExperimentInvalid):
        Arm(name="Bad Name", content_id=uuid4())
    with pytest.raises(ExperimentInvalid):
        Arm(name="a", content_id=uuid4(), weight=0)
    with pytest.raises(ExperimentInvalid):
        Guardrail(metric=Metric(name="m", kind="conversion"), tolerance=-1)  # type: ignore[arg-type]
    fine_alone = MinimumDetectableEffect(value=0.5, baseline=0.8)
    with pytest.raises(ExperimentInvalid):  # ... but 0.8 x 1.5 >= 1
        make(mde=fine_alone)
    assert (
        Guardrail(
            metric=Metric(name="unsubscribes", kind=MetricKind.CONVERSION),
            direction=Direction.LOWER_IS_BETTER,
        ).tolerance
        == 0.0
    )


def test_optimize_mode_reallocates_only_while_running() -> None:
    experiment = make(mode=ExperimentMode.OPTIMIZE)
    with pytest.raises(ExperimentNotRunning):
        experiment.reallocate([0.7, 0.3], now=NOW)
    experiment.start(now=NOW)
    experiment.reallocate([0.7, 0.3], now=NOW)
    assert experiment.weights == [0.7, 0.3]
    assert experiment.events[-1].event_type == "experiment.allocation_changed"
    hypothesis = make()
    hypothesis.start(now=NOW)
    with pytest.raises(ExperimentNotEditable):
        hypothesis.reallocate([0.7, 0.3], now=NOW)


def test_observations_validate_themselves() -> None:
    base: dict[str, Any] = {
        "event_id": "e1",
        "experiment_id": uuid4(),
        "organization_id": uuid4(),
        "unit_id": "u1",
        "arm": "control",
        "occurred_at": NOW,
    }
    Observation(kind=ObservationKind.EXPOSURE, covariate=3.0, **base)
    with pytest.raises(ExperimentInvalid):
        Observation(kind=ObservationKind.CONVERSION, **base)  # no metric
    with pytest.raises(ExperimentInvalid):
        Observation(kind=ObservationKind.EXPOSURE, metric="opens", **base)
    with pytest.raises(ExperimentInvalid):
        Observation(kind=ObservationKind.CONVERSION, metric="rev", value=float("nan"), **base)
    with pytest.raises(ExperimentInvalid):
        Observation(kind=ObservationKind.EXPOSURE, **{**base, "unit_id": ""})
