"""The sample-maintenance loop's tick on the in-memory store: raw samples of whole months past
the retention go, the rollups stay; it is a loop of the content-strategy agent."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

from tests.unit.application.analytics.conftest import CONFIG, row

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.analytics.ingest_samples import IngestReport, IngestSamples
from umt.application.analytics.maintenance import SampleMaintenance
from umt.application.audit.entries import entry_for_event
from umt.application.bus import MessageBus
from umt.application.context_module import loops_of
from umt.application.modules import MODULES
from umt.application.principal import Principal


async def test_a_tick_drops_the_months_past_the_retention_and_keeps_the_rollups(
    bus: MessageBus, owner: Principal, brand_id: UUID, store: InMemoryStore, clock: FixedClock
) -> None:
    post = uuid4()
    for days_before, at, value in (
        (89, "2025-12-20T12:00:00Z", 10),
        (42, "2026-02-05T12:00:00Z", 25),
    ):
        clock.advance(-timedelta(days=days_before))  # the day after the sample's
        rows = [row(post, at, value)]
        await bus.ask(IngestSamples(brand_id=brand_id, samples=rows), IngestReport, owner)
        clock.advance(timedelta(days=days_before))
    ids = UuidV7Generator()
    maintenance = SampleMaintenance(
        lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event), clock=clock, config=CONFIG
    )
    outcome = await maintenance.tick()  # 60 days before the 20th of March: in January
    assert (outcome.created, outcome.dropped) == ([], 0)  # memory has no partitions
    assert [s.value for s in store.metric_samples.values()] == [25]  # December went
    series = next(iter(store.metric_rollups.values()))
    assert [b.value for b in series.values()] == [10, 15]


def test_the_loop_runs_with_the_content_strategy_agent() -> None:
    loops = loops_of(MODULES, ["content-strategy"])
    assert "sample-maintenance" in [loop.name for loop in loops]
    assert "sample-maintenance" not in [loop.name for loop in loops_of(MODULES, ["brand-project"])]
