"""Promotion through the content-creation agent: an ``experiment.analyze`` task that concludes
promotes the winner once, even when its message is delivered twice or the task is asked again."""

from __future__ import annotations

from typing import Any

from tests.unit.application.agents.harness import Runtime
from tests.unit.application.agents.test_experiment_tasks import AGENT, events

from umt.application.agents.catalogue import CONTENT_CREATION
from umt.application.brand.create_brand import CreateBrand
from umt.application.content.create_content import CreateContent
from umt.application.content.revise_content import ReviseContent
from umt.application.experiments.create_experiment import CreateExperiment
from umt.application.experiments.lifecycle import StartExperiment
from umt.application.experiments.record_events import RecordExperimentEvents
from umt.application.principal import Principal


async def test_a_redelivered_analysis_promotes_the_winner_once(
    runtime: Runtime, owner: Principal
) -> None:
    bus = runtime.bus
    brand = await bus.execute(CreateBrand(name="Acme"), owner)
    pieces = [
        await bus.execute(
            CreateContent(brand_id=brand.id, content_type="email", channel="email", title=t),
            owner,
        )
        for t in ("Hero", "Bold hero")
    ]
    # the tested text of the challenger is its version 1; the piece has moved on since
    await bus.execute(ReviseContent(content_id=pieces[1].id, title="Bolder hero"), owner)
    experiment = await bus.execute(
        CreateExperiment(
            brand_id=brand.id,
            name="Hero",
            primary_metric={"name": "clicks", "kind": "click_through"},
            arms=[
                {"name": "control", "content_id": str(pieces[0].id)},
                {"name": "bold", "content_id": str(pieces[1].id), "content_version": 1},
            ],
            mde={"value": 0.5, "baseline": 0.1},
        ),
        owner,
    )
    await bus.execute(StartExperiment(experiment_id=experiment.id), owner)
    batch = events("control", 800, 80) + events("bold", 800, 200)
    for start in range(0, len(batch), 1000):
        await bus.execute(
            RecordExperimentEvents(experiment_id=experiment.id, events=batch[start : start + 1000]),
            owner,
        )
    await runtime.start(CONTENT_CREATION)
    client = await runtime.requester()
    task = runtime.task("experiment.analyze", owner, input={"experiment_id": str(experiment.id)})

    first = await client.request(AGENT, task)
    redelivered = await client.request(AGENT, task)  # the same message id
    again = await client.request(
        AGENT,
        runtime.task("experiment.analyze", owner, input={"experiment_id": str(experiment.id)}),
    )

    assert first.status == redelivered.status == again.status == "ok"
    result: dict[str, Any] = first.result
    assert result["concluded"] is True
    assert result["experiment"]["winner"] == "bold"
    promotion = result["experiment"]["result"]["promotion"]
    assert (promotion["status"], promotion["copied"], promotion["number"]) == (
        "promoted",
        True,
        3,
    )
    assert again.result["concluded"] is False
    promoted = runtime.store.content[pieces[1].id]
    assert promoted.current_version == 3
    assert promoted.current.draft.title == "Bold hero"  # version 1's text, again current
    assert promoted.promoted_from_experiment == experiment.id
    assert runtime.store.content[pieces[0].id].current_version == 1
    kinds = [m.event_type for m in runtime.store.outbox]
    assert kinds.count("content.promoted") == 1
    assert kinds.count("experiment.concluded") == 1
