"""Building experiments and their events through the bus (shared by the experiment tests)."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from umt.application.brand.create_brand import CreateBrand
from umt.application.bus import MessageBus
from umt.application.content.create_content import CreateContent
from umt.application.content.revise_content import ReviseContent
from umt.application.experiments.create_experiment import CreateExperiment
from umt.application.experiments.lifecycle import StartExperiment
from umt.application.experiments.record_events import RecordedEvents, RecordExperimentEvents
from umt.application.principal import Principal
from umt.domain.experiments.experiment import Experiment

CONTROL_CONTENT, VARIANT_CONTENT = uuid4(), uuid4()


def design(brand_id: UUID, **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "brand_id": brand_id,
        "name": "Subject line",
        "hypothesis": "A question raises signups",
        "primary_metric": {"name": "signups", "kind": "conversion"},
        "arms": [
            {"name": "control", "content_id": str(CONTROL_CONTENT), "content_version": 1},
            {"name": "question", "content_id": str(VARIANT_CONTENT), "content_version": 2},
        ],
        "mde": {"value": 0.5, "baseline": 0.1},
    }
    base.update(overrides)
    return base


async def content_arms(bus: MessageBus, actor: Principal, brand_id: UUID) -> list[dict[str, Any]]:
    """The arms of ``design`` on real pieces of the brand (an experiment's arms must exist):
    the control shows version 1 of a piece, the variant version 2 of another."""
    pieces = [
        await bus.execute(
            CreateContent(
                brand_id=brand_id, content_type="email", channel="email", title=t, body="Hi."
            ),
            actor,
        )
        for t in ("Control", "Question")
    ]
    await bus.execute(ReviseContent(content_id=pieces[1].id, body="Hi, again?"), actor)
    return [
        {"name": "control", "content_id": str(pieces[0].id), "content_version": 1},
        {"name": "question", "content_id": str(pieces[1].id), "content_version": 2},
    ]


async def running_experiment(bus: MessageBus, actor: Principal, **overrides: Any) -> Experiment:
    brand = await bus.execute(CreateBrand(name=f"Brand {uuid4().hex[:6]}"), actor)
    overrides.setdefault("arms", await content_arms(bus, actor, brand.id))
    created: Experiment = await bus.execute(
        CreateExperiment(**design(brand.id, **overrides)), actor
    )
    started: Experiment = await bus.execute(StartExperiment(experiment_id=created.id), actor)
    return started


def exposures(arm: str, units: range, **extra: Any) -> list[dict[str, Any]]:
    return [
        {
            "event_id": f"x-{arm}-{u}",
            "unit_id": f"{arm}-{u}",
            "arm": arm,
            "kind": "exposure",
            **extra,
        }
        for u in units
    ]


def conversions(
    arm: str, units: range, metric: str = "signups", value: float = 1.0
) -> list[dict[str, Any]]:
    return [
        {
            "event_id": f"c-{metric}-{arm}-{u}",
            "unit_id": f"{arm}-{u}",
            "arm": arm,
            "kind": "conversion",
            "metric": metric,
            "value": value,
        }
        for u in units
    ]


async def record(
    bus: MessageBus, actor: Principal, experiment_id: UUID, events: list[dict[str, Any]]
) -> RecordedEvents:
    stored = duplicates = 0
    for start in range(0, len(events), 1000):
        result: RecordedEvents = await bus.execute(
            RecordExperimentEvents(
                experiment_id=experiment_id, events=events[start : start + 1000]
            ),
            actor,
        )
        stored += result.stored
        duplicates += result.duplicates
    return RecordedEvents(received=len(events), stored=stored, duplicates=duplicates)
