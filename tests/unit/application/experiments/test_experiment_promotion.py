"""Promotion of an experiment's winning content version (docs/experiments.md, "Promotion"),
through the bus on the in-memory adapters: in the conclusion's transaction, exactly once."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest
from tests.unit.application.experiments.experiment_support import conversions, exposures, record

from umt.adapters.memory.store import InMemoryStore
from umt.application.brand.create_brand import CreateBrand
from umt.application.bus import MessageBus
from umt.application.content.archive_content import ArchiveContent
from umt.application.content.create_content import CreateContent
from umt.application.content.revise_content import ReviseContent
from umt.application.experiments.analyze_experiment import AnalyzeExperiment, ExperimentAnalysis
from umt.application.experiments.create_experiment import CreateExperiment
from umt.application.experiments.lifecycle import ConcludeExperiment, StartExperiment
from umt.application.experiments.update_experiment import UpdateExperiment
from umt.application.principal import Principal
from umt.domain.content.piece import ContentPiece, ContentStatus
from umt.domain.content.version import AuthorKind
from umt.domain.experiments.errors import ExperimentInvalid, IllegalExperimentTransition
from umt.domain.experiments.experiment import Experiment, ExperimentStatus

PROVENANCE = {"adapter": "offline", "prompt_version": "social-v1", "seed": 7}


async def piece(bus: MessageBus, actor: Principal, brand_id: UUID, body: str) -> ContentPiece:
    created: ContentPiece = await bus.execute(
        CreateContent(
            brand_id=brand_id,
            content_type="social_post",
            channel="linkedin",
            title="Onboarding",
            body=body,
            provenance=PROVENANCE,
            agent="content-creation",
        ),
        actor,
    )
    return created


async def experiment_between(
    bus: MessageBus, actor: Principal, brand_id: UUID, arms: list[dict[str, Any]], *, start: bool
) -> Experiment:
    experiment: Experiment = await bus.execute(
        CreateExperiment(
            brand_id=brand_id,
            name="Hook test",
            primary_metric={"name": "signups", "kind": "conversion"},
            arms=arms,
            mde={"value": 0.5, "baseline": 0.1},
        ),
        actor,
    )
    if start:
        experiment = await bus.execute(StartExperiment(experiment_id=experiment.id), actor)
    return experiment


async def win_for_variant(bus: MessageBus, actor: Principal, experiment_id: UUID) -> None:
    events = exposures("control", range(2000)) + exposures("variant", range(2000))
    events += conversions("control", range(200)) + conversions("variant", range(330))
    await record(bus, actor, experiment_id, events)


def outbox_of(store: InMemoryStore, event_type: str) -> list[dict[str, Any]]:
    return [m.payload for m in store.outbox if m.event_type == event_type]


@pytest.fixture
async def brand_id(bus: MessageBus, owner: Principal) -> UUID:
    brand = await bus.execute(CreateBrand(name=f"Brand {uuid4().hex[:6]}"), owner)
    return UUID(str(brand.id))


async def test_an_older_winning_version_is_copied_as_current_and_losers_stay(
    bus: MessageBus, owner: Principal, store: InMemoryStore, brand_id: UUID
) -> None:
    control = await piece(bus, owner, brand_id, "Onboard new hires in a day.")
    variant = await piece(bus, owner, brand_id, "What if onboarding took one day?")
    # the variant's piece moved on after the experiment was designed: v1 is the one tested
    await bus.execute(ReviseContent(content_id=variant.id, body="A later, untested text."), owner)
    experiment = await experiment_between(
        bus,
        owner,
        brand_id,
        [
            {"name": "control", "content_id": str(control.id), "content_version": 1},
            {
                "name": "variant",
                "content_id": str(variant.id),
                "content_version_id": str(variant.versions[0].id),
            },
        ],
        start=True,
    )
    await win_for_variant(bus, owner, experiment.id)

    result: ExperimentAnalysis = await bus.execute(
        AnalyzeExperiment(experiment_id=experiment.id), owner
    )

    assert result.concluded
    assert result.experiment.winner == "variant"
    promoted = store.content[variant.id]
    assert promoted.current_version == 3
    assert promoted.status is ContentStatus.DRAFT
    assert promoted.promoted_from_experiment == experiment.id
    copy, tested = promoted.current, promoted.versions[0]
    assert copy.draft == tested.draft
    assert copy.provenance == tested.provenance
    assert (copy.author.kind, copy.author.agent) == (AuthorKind.AGENT, "content-creation")
    assert str(experiment.id) in copy.note
    assert "version 1" in copy.note
    loser = store.content[control.id]
    assert (loser.current_version, loser.version, loser.promoted_from_experiment) == (
        1,
        control.version,
        None,
    )
    assert result.experiment.result["promotion"] == {
        "status": "promoted",
        "arm": "variant",
        "content_id": str(variant.id),
        "winning_version": 1,
        "number": 3,
        "version_id": str(copy.id),
        "copied": True,
    }
    (event,) = outbox_of(store, "content.promoted")
    assert event["aggregate_id"] == str(variant.id)
    assert event["data"]["experiment_id"] == str(experiment.id)
    assert (event["data"]["winning_number"], event["data"]["number"]) == (1, 3)
    (concluded,) = outbox_of(store, "experiment.concluded")
    assert concluded["data"]["winner"]["content_id"] == str(variant.id)

    # exactly once: analyzing (or concluding) again promotes nothing more
    again: ExperimentAnalysis = await bus.execute(
        AnalyzeExperiment(experiment_id=experiment.id), owner
    )
    assert again.concluded is False
    with pytest.raises(IllegalExperimentTransition):
        await bus.execute(
            ConcludeExperiment(
                experiment_id=experiment.id, reason="winner_found", winner="variant"
            ),
            owner,
        )
    assert store.content[variant.id].current_version == 3
    assert len(outbox_of(store, "content.promoted")) == 1
    assert len(outbox_of(store, "experiment.concluded")) == 1


async def test_a_winner_that_is_current_is_only_recorded(
    bus: MessageBus, owner: Principal, store: InMemoryStore, brand_id: UUID
) -> None:
    control = await piece(bus, owner, brand_id, "Onboard new hires in a day.")
    variant = await piece(bus, owner, brand_id, "What if onboarding took one day?")
    arms = [
        {"name": "control", "content_id": str(control.id)},
        {"name": "variant", "content_id": str(variant.id), "content_version": 1},
    ]
    experiment = await experiment_between(bus, owner, brand_id, arms, start=True)
    done: Experiment = await bus.execute(
        ConcludeExperiment(experiment_id=experiment.id, reason="winner_found", winner="control"),
        owner,
    )
    assert done.status is ExperimentStatus.CONCLUDED
    assert done.result["promotion"]["copied"] is False
    assert done.result["promotion"]["number"] == 1
    winner = store.content[control.id]
    assert (winner.current_version, winner.status) == (1, ContentStatus.DRAFT)
    assert winner.promoted_from_experiment == experiment.id
    assert store.content[variant.id].promoted_from_experiment is None


async def test_a_refused_conclusion_promotes_nothing(
    bus: MessageBus, owner: Principal, store: InMemoryStore, brand_id: UUID
) -> None:
    control = await piece(bus, owner, brand_id, "Onboard new hires in a day.")
    variant = await piece(bus, owner, brand_id, "What if onboarding took one day?")
    await bus.execute(ReviseContent(content_id=variant.id, body="Later text."), owner)
    arms = [
        {"name": "control", "content_id": str(control.id)},
        {"name": "variant", "content_id": str(variant.id), "content_version": 1},
    ]
    draft = await experiment_between(bus, owner, brand_id, arms, start=False)
    before = len(store.outbox)
    with pytest.raises(IllegalExperimentTransition):  # a draft cannot conclude
        await bus.execute(
            ConcludeExperiment(experiment_id=draft.id, reason="winner_found", winner="variant"),
            owner,
        )
    assert store.content[variant.id].current_version == 2
    assert store.content[variant.id].promoted_from_experiment is None
    assert len(store.outbox) == before


async def test_a_locked_or_missing_winner_is_skipped_and_the_experiment_concludes(
    bus: MessageBus, owner: Principal, store: InMemoryStore, brand_id: UUID
) -> None:
    locked = await piece(bus, owner, brand_id, "Onboard new hires in a day.")
    await bus.execute(ReviseContent(content_id=locked.id, body="Later text."), owner)
    await bus.execute(ArchiveContent(content_id=locked.id), owner)
    missing = await piece(bus, owner, brand_id, "A piece that will be gone.")
    arms = [
        {"name": "control", "content_id": str(missing.id)},
        {"name": "variant", "content_id": str(locked.id), "content_version": 1},
    ]
    experiments = [await experiment_between(bus, owner, brand_id, arms, start=True) for _ in "ab"]
    del store.content[missing.id]  # the library has no delete: a piece gone by other means
    for experiment, (winner, reason) in zip(
        experiments,
        (("variant", "archived piece takes no new versions"), ("control", "does not exist")),
        strict=True,
    ):
        done: Experiment = await bus.execute(
            ConcludeExperiment(experiment_id=experiment.id, reason="winner_found", winner=winner),
            owner,
        )
        assert done.status is ExperimentStatus.CONCLUDED
        assert done.result["promotion"]["status"] == "skipped"
        assert reason in done.result["promotion"]["reason"]
    assert store.content[locked.id].current_version == 2
    assert store.content[locked.id].status is ContentStatus.ARCHIVED
    assert outbox_of(store, "content.promoted") == []


async def test_arms_must_show_existing_content_of_the_brand(
    bus: MessageBus, owner: Principal, other_owner: Principal, brand_id: UUID
) -> None:
    mine = await piece(bus, owner, brand_id, "Onboard new hires in a day.")
    other_brand = await bus.execute(CreateBrand(name="Elsewhere"), owner)
    elsewhere = await piece(bus, owner, UUID(str(other_brand.id)), "Another brand's text.")
    foreign_brand = await bus.execute(CreateBrand(name="Globex brand"), other_owner)
    foreign = await piece(bus, other_owner, UUID(str(foreign_brand.id)), "Globex's text.")
    good = {"name": "control", "content_id": str(mine.id), "content_version": 1}
    cases = [
        ({"name": "variant", "content_id": str(uuid4())}, "arms[1].content_id"),
        ({"name": "variant", "content_id": str(elsewhere.id)}, "arms[1].content_id"),
        ({"name": "variant", "content_id": str(foreign.id)}, "arms[1].content_id"),
        (
            {"name": "variant", "content_id": str(mine.id), "content_version": 2},
            "arms[1].content_version",
        ),
        (
            {"name": "variant", "content_id": str(mine.id), "content_version_id": str(uuid4())},
            "arms[1].content_version_id",
        ),
    ]
    for arm, field in cases:
        with pytest.raises(ExperimentInvalid) as caught:
            await experiment_between(bus, owner, brand_id, [good, arm], start=False)
        assert caught.value.field == field
    draft = await experiment_between(
        bus, owner, brand_id, [good, {"name": "variant", "content_id": str(mine.id)}], start=False
    )
    with pytest.raises(ExperimentInvalid) as caught:
        await bus.execute(
            UpdateExperiment(
                experiment_id=draft.id,
                changes={"arms": [good, {"name": "variant", "content_id": str(foreign.id)}]},
            ),
            owner,
        )
    assert caught.value.field == "arms[1].content_id"
    version_id = str(mine.versions[0].id)
    mismatch = {"name": "v", "content_id": str(mine.id), "content_version_id": version_id}
    with pytest.raises(ExperimentInvalid) as caught:
        await experiment_between(
            bus, owner, brand_id, [good, {**mismatch, "content_version": 2}], start=False
        )
    assert caught.value.field == "arms[1].content_version"
    ok = await experiment_between(
        bus, owner, brand_id, [good, {**mismatch, "content_version": 1}], start=False
    )
    assert ok.arms[1].content_version_id == mine.versions[0].id
