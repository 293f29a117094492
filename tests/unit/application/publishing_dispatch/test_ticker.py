"""The publication ticker: claims what is due and hands it over through the outbox in the
claiming transaction, returns expired leases, and marks what is found past its grace window
missed instead of posting it late; its heartbeat records each tick."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

from tests.unit.application.publishing_dispatch.conftest import CONFIG, Desk, UowFactory

from umt.adapters.system.clock import FixedClock
from umt.application.agents.loop_beats import LoopBeats
from umt.application.publishing_dispatch.ticker import LOOP, PublicationTicker
from umt.domain.publishing.publication_status import MissedPolicy, PublicationStatus
from umt.ports.audit_log import AuditQuery
from umt.ports.pagination import PageRequest
from umt.ports.unit_of_work import UnitOfWork

S = PublicationStatus


async def test_a_tick_claims_the_due_ones_and_hands_each_over_in_the_outbox(
    desk: Desk, ticker: PublicationTicker, clock: FixedClock, beats: LoopBeats
) -> None:
    due = [await desk.schedule(due_in=timedelta(minutes=m)) for m in (5, 1)]
    later = await desk.schedule(due_in=timedelta(hours=3))
    clock.advance(timedelta(minutes=6))

    report = await ticker.tick()

    assert (report.claimed, report.missed, report.returned) == (2, 0, 0)
    handed = desk.events("publication.due")
    assert [m.aggregate_id for m in handed] == [due[1].id, due[0].id]  # oldest first
    assert [m.payload["data"]["fence"] for m in handed] == [1, 1]
    for p in due:
        stored = await desk.load(p)
        assert (stored.status, stored.lease_owner) == (S.CLAIMED, "t1")
        assert stored.lease_expires_at == clock.now() + CONFIG.lease
    assert (await desk.load(later)).status is S.SCHEDULED
    assert report.lag_seconds == 300.0  # the oldest was due five minutes before the tick
    beat = beats.snapshot()[LOOP]
    assert (beat.last_tick, beat.handled, beat.lag_seconds) == (clock.now(), 2, 300.0)

    again = await ticker.tick()
    assert again.claimed == 0  # a claimed one is not handed over twice
    assert len(desk.events("publication.due")) == 2


async def test_two_tickers_at_once_never_hand_over_the_same_publication(
    desk: Desk, uow_factory, clock: FixedClock
) -> None:
    items = [await desk.schedule(due_in=timedelta(minutes=1)) for _ in range(15)]
    clock.advance(timedelta(minutes=2))
    a = PublicationTicker(uow_factory, clock=clock, config=CONFIG, owner="a")
    b = PublicationTicker(uow_factory, clock=clock, config=CONFIG, owner="b")

    reports = await asyncio.gather(a.tick(), b.tick(), a.tick())

    assert sum(r.claimed for r in reports) == len(items)
    handed = [m.aggregate_id for m in desk.events("publication.due")]
    assert sorted(handed) == sorted(p.id for p in items)  # each exactly once


async def test_past_its_grace_window_it_is_missed_and_the_brand_told_not_posted(
    desk: Desk, ticker: PublicationTicker, clock: FixedClock
) -> None:
    skipped = await desk.schedule(due_in=timedelta(minutes=5), grace=timedelta(minutes=30))
    late = await desk.schedule(
        due_in=timedelta(minutes=5),
        grace=timedelta(minutes=30),
        missed_policy=MissedPolicy.PUBLISH_LATE,
    )
    clock.advance(timedelta(hours=2))  # the process was down

    report = await ticker.tick()

    assert (report.claimed, report.missed) == (1, 1)
    assert (await desk.load(skipped)).status is S.MISSED
    missed = desk.events("publication.missed")
    assert [m.aggregate_id for m in missed] == [skipped.id]
    assert missed[0].payload["data"]["grace_seconds"] == 1800
    # only the late-policy one is handed over; the missed one is not due anymore
    assert [m.aggregate_id for m in desk.events("publication.due")] == [late.id]


async def test_an_expired_claim_is_due_again_and_an_attempt_in_flight_becomes_unknown(
    desk: Desk, ticker: PublicationTicker, clock: FixedClock
) -> None:
    idle = await desk.schedule(due_in=timedelta(minutes=1))
    started = await desk.schedule(due_in=timedelta(minutes=1))
    clock.advance(timedelta(minutes=2))
    await ticker.tick()
    async with desk.uow_factory() as uow:  # a worker began an attempt, then died
        p = await uow.publications.get(started.organization_id, started.id)
        assert p is not None
        p.begin_attempt(p.fence, now=clock.now())
        await uow.publications.save(p)
        await uow.commit()

    clock.advance(CONFIG.lease - timedelta(seconds=1))
    assert (await ticker.tick()).returned == 0  # not expired yet
    clock.advance(timedelta(seconds=1))
    report = await ticker.tick()

    assert (report.returned, report.claimed) == (2, 2)  # returned, then claimed again
    reclaimed = await desk.load(idle)
    assert (reclaimed.status, reclaimed.fence) == (S.CLAIMED, 3)
    unknown = await desk.load(started)
    assert unknown.status is S.CLAIMED
    assert unknown.needs_reconciliation
    assert unknown.attempts[-1].detail == "the lease expired during the call"
    hand_overs = [m for m in desk.events("publication.due") if m.aggregate_id == started.id]
    assert hand_overs[-1].payload["data"]["reconcile"] is True


async def test_a_failing_tick_does_not_end_the_loop(
    desk: Desk, uow_factory, clock: FixedClock
) -> None:
    calls = 0

    def flaky():
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("database down")
        return uow_factory()

    config = CONFIG.__class__(tick=timedelta(milliseconds=10), batch=5)
    ticker = PublicationTicker(flaky, clock=clock, config=config, owner="t")
    await desk.schedule(due_in=timedelta(minutes=1))
    clock.advance(timedelta(minutes=2))
    stop = asyncio.Event()
    task = asyncio.create_task(ticker.run(stop))
    for _ in range(100):
        await asyncio.sleep(0.01)
        if desk.events("publication.due"):
            break
    stop.set()
    await asyncio.wait_for(task, 1)
    assert calls >= 2
    assert len(desk.events("publication.due")) == 1


async def test_a_backlog_drains_batch_after_batch_with_one_sweep_per_tick_interval(
    desk: Desk, uow_factory: UowFactory, clock: FixedClock
) -> None:
    blocks: list[int] = []

    def counting() -> UnitOfWork:
        blocks.append(1)
        return uow_factory()

    ticker = PublicationTicker(counting, clock=clock, config=replace(CONFIG, batch=2), owner="t1")
    for _ in range(5):
        await desk.schedule(due_in=timedelta(minutes=1))
    clock.advance(timedelta(minutes=2))

    claimed = [(await ticker.tick()).claimed for _ in range(4)]

    assert claimed == [2, 2, 1, 0]
    # the first tick sweeps and claims; the next two only claim (the backlog drains);
    # the tick after a partial batch sweeps again
    assert len(blocks) == 2 + 1 + 1 + 2
    clock.advance(CONFIG.tick)
    blocks.clear()
    await ticker.tick()
    assert len(blocks) == 2


async def test_the_hand_over_reaches_the_outbox_but_not_the_audit_log(
    desk: Desk, ticker: PublicationTicker, clock: FixedClock
) -> None:
    scheduled = await desk.schedule(due_in=timedelta(minutes=1))
    clock.advance(timedelta(minutes=2))
    await ticker.tick()

    assert [m.aggregate_id for m in await desk.outbox("publication.due")] == [scheduled.id]
    async with desk.uow_factory() as uow:
        page = await uow.audit_log.query(
            AuditQuery(organization_id=scheduled.organization_id),
            PageRequest(limit=100, sort="occurred_at"),
        )
    actions = [entry.action for entry in page.items]
    assert "publication.due" not in actions
    assert "publication.scheduled" in actions  # what a person did is audited as ever


async def test_the_ticker_holds_at_most_max_in_flight_claims_across_ticks(
    desk: Desk, uow_factory: UowFactory, clock: FixedClock
) -> None:
    ticker = PublicationTicker(
        uow_factory, clock=clock, config=replace(CONFIG, max_in_flight=3), owner="t1"
    )
    for _ in range(5):
        await desk.schedule(due_in=timedelta(minutes=1))
    clock.advance(timedelta(minutes=2))

    assert (await ticker.tick()).claimed == 3
    assert (await ticker.tick()).claimed == 0  # three are held by the agents: no room
    assert len(await desk.outbox("publication.due")) == 3

    clock.advance(CONFIG.lease)  # their leases ran out: they no longer count
    report = await ticker.tick()
    assert (report.returned, report.claimed) == (3, 3)
