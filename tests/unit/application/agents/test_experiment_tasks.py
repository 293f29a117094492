"""The content-creation agent's experiment tasks on the in-process broker: create, start,
record events (idempotent by event id, and by message id on redelivery), analyze."""

from __future__ import annotations

from typing import Any

from tests.unit.application.agents.harness import Runtime

from umt.application.agents.catalogue import CONTENT_CREATION
from umt.application.brand.create_brand import CreateBrand
from umt.application.content.create_content import CreateContent
from umt.application.principal import Principal

AGENT = "content-creation"


def events(arm: str, exposed: int, converted: int) -> list[dict[str, Any]]:
    made: list[dict[str, Any]] = [
        {"event_id": f"x-{arm}-{u}", "unit_id": f"{arm}-{u}", "arm": arm, "kind": "exposure"}
        for u in range(exposed)
    ]
    made += [
        {"event_id": f"c-{arm}-{u}", "unit_id": f"{arm}-{u}", "arm": arm, "kind": "conversion"}
        for u in range(converted)
    ]
    return made


async def test_experiment_tasks_end_to_end(runtime: Runtime, owner: Principal) -> None:
    brand = await runtime.bus.execute(CreateBrand(name="Acme"), owner)
    pieces = [
        await runtime.bus.execute(
            CreateContent(brand_id=brand.id, content_type="email", channel="email", title=t),
            owner,
        )
        for t in ("Hero", "Bold hero")
    ]
    await runtime.start(CONTENT_CREATION)
    client = await runtime.requester()

    async def ask(task_type: str, **command: Any) -> Any:
        response = await client.request(AGENT, runtime.task(task_type, owner, input=command))
        assert response.status == "ok", response
        return response.result

    created = await ask(
        "experiment.create",
        brand_id=str(brand.id),
        name="Hero image",
        primary_metric={"name": "clicks", "kind": "click_through"},
        arms=[
            {"name": "control", "content_id": str(pieces[0].id)},
            {"name": "bold", "content_id": str(pieces[1].id)},
        ],
        mde={"value": 0.5, "baseline": 0.1},
    )
    assert created["status"] == "draft"
    assert created["required_sample_size"] > 0
    experiment_id = created["id"]
    started = await ask("experiment.start", experiment_id=experiment_id)
    assert started["status"] == "running"

    batch = events("control", 800, 80) + events("bold", 800, 200)
    task = runtime.task(
        "experiment.record_events",
        owner,
        input={"experiment_id": experiment_id, "events": batch[:1000]},
    )
    first = await client.request(AGENT, task)
    redelivered = await client.request(AGENT, task)  # same message id: no second effect
    assert first.status == redelivered.status == "ok"
    assert first.result == {"received": 1000, "stored": 1000, "duplicates": 0}
    assert len(runtime.store.observations) == 1000
    rest = await ask("experiment.record_events", experiment_id=experiment_id, events=batch[900:])
    assert rest == {"received": len(batch) - 900, "stored": len(batch) - 1000, "duplicates": 100}

    analyzed = await ask("experiment.analyze", experiment_id=experiment_id)
    assert analyzed["concluded"] is True
    assert analyzed["analysis"]["decision"] == "winner_found"
    assert analyzed["experiment"]["winner"] == "bold"
    published = [m.event_type for m in runtime.store.outbox]
    assert "experiment.started" in published
    assert "experiment.concluded" in published
    listed = await ask("experiment.list", status="concluded")
    assert [e["id"] for e in listed["items"]] == [experiment_id]
