"""Experiment use cases through the bus, on the in-memory adapters."""

from __future__ import annotations

import math
from typing import Any

import pytest
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize
from tests.unit.application.experiments.experiment_support import (
    content_arms,
    conversions,
    design,
    exposures,
    record,
    running_experiment,
)
from tests.unit.application.helpers import add_member

from umt.adapters.memory.store import InMemoryStore
from umt.application.brand.create_brand import CreateBrand
from umt.application.bus import MessageBus
from umt.application.experiments.analyze_experiment import AnalyzeExperiment, ExperimentAnalysis
from umt.application.experiments.create_experiment import CreateExperiment
from umt.application.experiments.experiment_queries import GetExperiment, ListExperiments
from umt.application.experiments.get_assignment import GetAssignment
from umt.application.experiments.lifecycle import ConcludeExperiment, StopExperiment
from umt.application.experiments.update_experiment import UpdateExperiment
from umt.application.principal import Principal
from umt.domain.experiments.errors import (
    ExperimentInvalid,
    ExperimentNotEditable,
    ExperimentNotRunning,
    IllegalExperimentTransition,
    InvalidObservations,
)
from umt.domain.experiments.experiment import Experiment, ExperimentStatus, StoppingReason
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import NotFound, PermissionDenied


def reference_sample_size(baseline: float, relative: float, alpha: float, power: float) -> int:
    effect = proportion_effectsize(baseline * (1 + relative), baseline)
    return math.ceil(NormalIndPower().solve_power(effect_size=effect, alpha=alpha, power=power))


async def analyze(bus: MessageBus, actor: Principal, experiment: Experiment) -> ExperimentAnalysis:
    result: ExperimentAnalysis = await bus.execute(
        AnalyzeExperiment(experiment_id=experiment.id), actor
    )
    return result


async def test_a_draft_shows_its_required_sample_size(bus: MessageBus, owner: Principal) -> None:
    brand = await bus.execute(CreateBrand(name="Acme"), owner)
    arms = await content_arms(bus, owner, brand.id)
    experiment: Experiment = await bus.execute(
        CreateExperiment(**design(brand.id, arms=arms)), owner
    )
    assert experiment.status is ExperimentStatus.DRAFT
    expected = reference_sample_size(0.1, 0.5, 0.05, 0.8)
    assert abs(experiment.required_sample_size - expected) <= 1
    changed: Experiment = await bus.execute(
        UpdateExperiment(experiment_id=experiment.id, changes={"power": 0.9, "alpha": 0.01}),
        owner,
    )
    assert abs(changed.required_sample_size - reference_sample_size(0.1, 0.5, 0.01, 0.9)) <= 1
    assert changed.required_sample_size > experiment.required_sample_size


async def test_bad_designs_name_their_field(bus: MessageBus, owner: Principal) -> None:
    brand = await bus.execute(CreateBrand(name="Acme"), owner)
    with pytest.raises(ExperimentInvalid) as caught:
        await bus.execute(
            CreateExperiment(**design(brand.id, arms=[{"name": "control", "content_id": "nope"}])),
            owner,
        )
    assert caught.value.field is not None
    assert caught.value.field.startswith("arms")
    with pytest.raises(ExperimentInvalid) as caught:
        await bus.execute(
            CreateExperiment(**design(brand.id, mde={"value": 0.5})), owner
        )  # a binary metric without a baseline
    assert caught.value.field == "mde.baseline"


async def test_tenancy_and_permissions(
    bus: MessageBus, owner: Principal, other_owner: Principal
) -> None:
    experiment = await running_experiment(bus, owner)
    with pytest.raises(NotFound):
        await bus.execute(GetExperiment(experiment_id=experiment.id), other_owner)
    viewer = await add_member(bus, owner, "viewer@acme.example", Role.VIEWER)
    assert (
        await bus.execute(GetExperiment(experiment_id=experiment.id), viewer)
    ).id == experiment.id
    with pytest.raises(PermissionDenied):
        await bus.execute(StopExperiment(experiment_id=experiment.id), viewer)
    with pytest.raises(PermissionDenied):
        await analyze(bus, viewer, experiment)
    page = await bus.execute(ListExperiments(status="running"), owner)
    assert [e.id for e in page.items] == [experiment.id]
    assert (await bus.execute(ListExperiments(), other_owner)).items == []


async def test_start_publishes_and_freezes_the_design(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    experiment = await running_experiment(bus, owner)
    [started] = [m for m in store.outbox if m.event_type == "experiment.started"]
    assert started.aggregate_id == experiment.id
    assert [a["arm"] for a in started.payload["data"]["arms"]] == ["control", "question"]
    with pytest.raises(ExperimentNotEditable):
        await bus.execute(
            UpdateExperiment(experiment_id=experiment.id, changes={"alpha": 0.01}), owner
        )


async def test_assignment_is_deterministic_and_needs_a_running_experiment(
    bus: MessageBus, owner: Principal
) -> None:
    experiment = await running_experiment(bus, owner)
    first = [
        (
            await bus.execute(GetAssignment(experiment_id=experiment.id, unit_id=f"u{i}"), owner)
        ).arm.name
        for i in range(40)
    ]
    again = [
        (
            await bus.execute(GetAssignment(experiment_id=experiment.id, unit_id=f"u{i}"), owner)
        ).arm.name
        for i in range(40)
    ]
    assert first == again
    assert set(first) == {"control", "question"}
    await bus.execute(StopExperiment(experiment_id=experiment.id), owner)
    with pytest.raises(ExperimentNotRunning):
        await bus.execute(GetAssignment(experiment_id=experiment.id, unit_id="u1"), owner)


async def test_ingestion_is_idempotent_by_event_id(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    experiment = await running_experiment(bus, owner)
    events = exposures("control", range(30)) + conversions("control", range(5))
    first = await record(bus, owner, experiment.id, events)
    assert (first.stored, first.duplicates) == (35, 0)
    again = await record(bus, owner, experiment.id, events[:10] + exposures("question", range(3)))
    assert (again.stored, again.duplicates) == (3, 10)
    assert len(store.observations) == 38


async def test_a_batch_with_bad_events_is_refused_whole(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    experiment = await running_experiment(bus, owner)
    events: list[dict[str, Any]] = [
        *exposures("control", range(3)),
        {"event_id": "bad-1", "unit_id": "u", "kind": "click"},
        {"event_id": "bad-2", "unit_id": "u", "kind": "exposure", "arm": "nope"},
        {"event_id": "bad-3", "unit_id": "u", "kind": "conversion", "metric": "other"},
        {"event_id": "bad-4", "unit_id": "u", "kind": "conversion", "value": "x"},
        {"event_id": "bad-5", "unit_id": "", "kind": "exposure"},
        {
            "event_id": "bad-6",
            "unit_id": "u",
            "kind": "exposure",
            "occurred_at": "2026-01-01T00:00",
        },
    ]
    with pytest.raises(InvalidObservations) as caught:
        await record(bus, owner, experiment.id, events)
    assert [field for field, _ in caught.value.errors] == [
        "events[3].kind",
        "events[4].arm",
        "events[5].metric",
        "events[6].value",
        "events[7].unit_id",
        "events[8].occurred_at",
    ]
    assert store.observations == {}


async def test_events_without_an_arm_take_the_units_assignment(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    experiment = await running_experiment(bus, owner)
    await record(
        bus, owner, experiment.id, [{"event_id": "e1", "unit_id": "u-7", "kind": "exposure"}]
    )
    assigned = await bus.execute(GetAssignment(experiment_id=experiment.id, unit_id="u-7"), owner)
    [stored] = store.observations.values()
    assert stored.arm == assigned.arm.name


async def test_a_clear_winner_concludes_and_its_version_is_published(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    experiment = await running_experiment(bus, owner)
    events = (
        exposures("control", range(1000))
        + exposures("question", range(1000))
        + conversions("control", range(100))
        + conversions("question", range(220))
    )
    await record(bus, owner, experiment.id, events)
    result = await analyze(bus, owner, experiment)
    assert result.concluded
    assert result.analysis.decision == "winner_found"
    assert result.experiment.status is ExperimentStatus.CONCLUDED
    assert result.experiment.winner == "question"
    [concluded] = [m for m in store.outbox if m.event_type == "experiment.concluded"]
    winner = concluded.payload["data"]["winner"]
    assert winner == {
        "arm": "question",
        "content_id": str(experiment.arms[1].content_id),
        "content_version_id": None,
        "content_version": 2,
    }
    assert store.experiments[experiment.id].result["decision"] == "winner_found"


async def test_a_failed_guardrail_concludes_without_a_winner(
    bus: MessageBus, owner: Principal
) -> None:
    experiment = await running_experiment(
        bus,
        owner,
        guardrails=[
            {
                "metric": {"name": "unsubscribes", "kind": "conversion"},
                "direction": "lower_is_better",
                "tolerance": 0.01,
            }
        ],
    )
    events = (
        exposures("control", range(1000))
        + exposures("question", range(1000))
        + conversions("control", range(100))
        + conversions("question", range(100))
        + conversions("control", range(20), metric="unsubscribes")
        + conversions("question", range(150), metric="unsubscribes")
    )
    await record(bus, owner, experiment.id, events)
    result = await analyze(bus, owner, experiment)
    assert result.analysis.decision == "guardrail_failed"
    assert result.experiment.stopping_reason is StoppingReason.GUARDRAIL_FAILED
    assert result.experiment.winner is None
    failed = [c for c in result.analysis.comparisons if c.guardrail_failed]
    assert [(c.variant, c.metric) for c in failed] == [("question", "unsubscribes")]


async def test_no_difference_at_the_maximum_sample_concludes(
    bus: MessageBus, owner: Principal
) -> None:
    experiment = await running_experiment(bus, owner)
    n = experiment.max_sample_size
    events = (
        exposures("control", range(n))
        + exposures("question", range(n))
        + conversions("control", range(n // 10))
        + conversions("question", range(n // 10))
    )
    await record(bus, owner, experiment.id, events[: 2 * n - 10])  # not quite there: continue
    first = await analyze(bus, owner, experiment)
    assert (first.analysis.decision, first.concluded) == ("continue", False)
    await record(bus, owner, experiment.id, events)
    result = await analyze(bus, owner, experiment)
    assert result.analysis.decision == "no_difference"
    assert result.experiment.stopping_reason is StoppingReason.NO_DIFFERENCE


async def test_a_sample_ratio_mismatch_blocks_the_conclusion(
    bus: MessageBus, owner: Principal
) -> None:
    experiment = await running_experiment(bus, owner)
    events = (
        exposures("control", range(1000))
        + exposures("question", range(700))
        + conversions("control", range(100))
        + conversions("question", range(200))
    )
    await record(bus, owner, experiment.id, events)
    result = await analyze(bus, owner, experiment)
    assert result.analysis.srm is not None
    assert result.analysis.srm.mismatch
    assert result.analysis.decision == "srm_detected"
    assert not result.concluded
    assert result.experiment.status is ExperimentStatus.RUNNING


async def test_optimize_mode_reallocates_and_never_concludes(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    experiment = await running_experiment(bus, owner, mode="optimize")
    events = (
        exposures("control", range(500))
        + exposures("question", range(500))
        + conversions("control", range(25))
        + conversions("question", range(100))
    )
    await record(bus, owner, experiment.id, events)
    result = await analyze(bus, owner, experiment)
    assert not result.concluded
    assert result.reallocated
    assert result.analysis.comparisons == []
    assert result.analysis.srm is None
    weights = result.experiment.weights
    assert weights[1] > 0.9
    assert math.isclose(sum(weights), 1.0)
    assert store.experiments[experiment.id].weights == weights
    assert [m.event_type for m in store.outbox][-1] == "experiment.allocation_changed"


async def test_manual_conclusion_and_illegal_steps(bus: MessageBus, owner: Principal) -> None:
    experiment = await running_experiment(bus, owner)
    await bus.execute(StopExperiment(experiment_id=experiment.id), owner)
    with pytest.raises(ExperimentInvalid):
        await bus.execute(
            ConcludeExperiment(experiment_id=experiment.id, reason="guardrail_failed"), owner
        )
    done: Experiment = await bus.execute(
        ConcludeExperiment(experiment_id=experiment.id, reason="winner_found", winner="control"),
        owner,
    )
    assert (done.status, done.winner) == (ExperimentStatus.CONCLUDED, "control")
    with pytest.raises(IllegalExperimentTransition):
        await bus.execute(StopExperiment(experiment_id=experiment.id), owner)
