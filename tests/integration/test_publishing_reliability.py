"""R9, the reliability of publishing (issue 12 §7) on PostgreSQL.

Exactly once: publications due at once (10,000 with ``UMT_R9_PUBLICATIONS=10000``; 500 by
default), two ``umt worker --agent content-ad-management`` processes running the ticker and the
publish engine on RabbitMQ, the sandbox losing the answer of 1 % of its writes after their
effect; mid-run one worker is SIGKILLed and replaced and the broker is restarted. At the end
every publication is published exactly once in the sandbox's own record, with the remote id
the sandbox gave it; none lost, none stuck, every unknown outcome reconciled.

DST: a weekly 09:00 Europe/Berlin schedule across both daylight-saving transitions of 2027 is
handed to the agent by the publication ticker (its ``publication.due`` in the outbox) at 09:00
local each time (07:00 UTC in summer, 08:00 UTC in winter), never an hour early or late, with
a controlled clock.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall
from pathlib import Path
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.contracts.conftest import RandomIds
from tests.support.postgres import throwaway_database
from tests.support.publishing_record import progress, tally
from tests.support.publishing_seed import due_publications, insert_publications, seed_tenant
from tests.support.rabbitmq import (
    ensure_broker_app_running,
    restart_broker_app,
    throwaway_vhost,
)
from tests.support.worker_fleet import WorkerFleet, heartbeats, worker_fleet

from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.shared.tables import outbox
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.application.audit.entries import entry_for_event
from umt.application.publishing_dispatch.config import DispatchConfig
from umt.application.publishing_dispatch.ticker import PublicationTicker
from umt.domain.brand.channels import Channel
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.planned_time import PlannedTime
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.rendered_post import RenderedPost
from umt.domain.shared.ids import (
    BrandId,
    ChannelAccountId,
    ContentId,
    ContentVersionId,
    OrganizationId,
    PublicationId,
    ScheduleId,
)
from umt.entrypoints.settings import Settings

SECRET = "r9-reliability-" + "s" * 32
BERLIN = "Europe/Berlin"
LEASE = timedelta(minutes=5)
# Mondays from before the spring change (Sunday 28 March 2027) to after the autumn one
# (Sunday 31 October 2027)
FIRST, LAST = date(2027, 3, 15), date(2027, 11, 8)


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


def expected_utc_hour(day: date) -> int:
    """Hand-written from the 2027 calendar: CET (UTC+1) before 28 March and after 31 October,
    CEST (UTC+2) between."""
    return 7 if date(2027, 3, 28) < day < date(2027, 10, 31) else 8


def weekly(first: date, last: date) -> list[date]:
    return [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


def scheduled_at_nine(
    day: date, schedule: ScheduleId, organization: OrganizationId, now: datetime
) -> Publication:
    """The schedule's publication on ``day``, planned at 09:00 Berlin wall time."""
    return Publication.schedule(
        planned=PlannedTime.at_local(datetime.combine(day, wall(9)), BERLIN),
        now=now,
        id=PublicationId(uuid4()),
        organization_id=organization,
        brand_id=BrandId(uuid4()),
        content_id=ContentId(uuid4()),
        content_version_id=ContentVersionId(uuid4()),
        channel_account_id=ChannelAccountId(uuid4()),
        channel=Channel.LINKEDIN,
        kind=ChannelKind.SANDBOX_ACCOUNT,
        rendering=RenderedPost(text="Monday beans"),
        schedule_id=schedule,
    )


async def handed_over(engine: AsyncEngine) -> list[tuple[PublicationId, datetime]]:
    """The ``publication.due`` hand-overs in the outbox: which publication, when."""
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(outbox.c.aggregate_id, outbox.c.occurred_at)
            .where(outbox.c.event_type == "publication.due")
            .order_by(outbox.c.position)
        )
        return [(PublicationId(pid), at) for pid, at in rows]


async def test_a_weekly_nine_oclock_berlin_schedule_goes_out_at_nine_local_across_dst(
    database_url: str,
) -> None:
    engine = create_engine(database_url, pool_size=2)
    ids = RandomIds()

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, ids, audit=entry_for_event)

    days = weekly(FIRST, LAST)
    schedule, organization = ScheduleId(uuid4()), OrganizationId(uuid4())
    clock = FixedClock(datetime(2027, 3, 1, tzinfo=UTC))
    ticker = PublicationTicker(
        uow, clock=clock, config=DispatchConfig(lease=LEASE), owner="ticker:dst"
    )
    planned = {}
    try:
        async with uow() as unit:
            for day in days:
                publication = scheduled_at_nine(day, schedule, organization, clock.now())
                planned[publication.id] = day
                await unit.publications.add(publication)
            await unit.commit()
        for day in days:
            due = datetime(2027, day.month, day.day, expected_utc_hour(day), tzinfo=UTC)
            clock.advance(due - timedelta(seconds=1) - clock.now())
            assert (await ticker.tick()).claimed == 0, day  # a second early: nothing is due
            clock.advance(timedelta(seconds=1))
            assert (await ticker.tick()).claimed == 1, day  # on the dot: this Monday's
            pid, at = (await handed_over(engine))[-1]
            assert (planned[pid], at) == (day, due)
            async with uow() as unit:  # published, so the next Monday is the only one due
                claimed = await unit.publications.get(organization, pid)
                assert claimed is not None
                claimed.begin_attempt(claimed.fence, now=due)
                claimed.record_success(claimed.fence, remote_id=f"post-{day}", now=due)
                await unit.publications.save(claimed)
                await unit.commit()
        handed = await handed_over(engine)
    finally:
        await engine.dispose()
    zone = ZoneInfo(BERLIN)
    assert len(handed) == len(days) == 35
    assert [planned[pid] for pid, _ in handed] == days  # each Monday once, in order
    assert all(at.astimezone(zone).time() == wall(9) for _, at in handed)
    assert {at.hour for _, at in handed} == {7, 8}  # the UTC instant moved with the clocks
    # the weeks around each change: the UTC hour steps on the Monday after it
    by_day = {at.date(): at.hour for _, at in handed}
    assert [by_day[date(2027, 3, 22)], by_day[date(2027, 3, 29)]] == [8, 7]
    assert [by_day[date(2027, 10, 25)], by_day[date(2027, 11, 1)]] == [7, 8]


# ---------------------------------------------------------------------------- exactly once

# 10,000 is the figure (UMT_R9_PUBLICATIONS=10000; docs/publishing.md has its run);
# the default keeps the test near a minute and a half on a busy two-core machine
PUBLICATIONS = int(os.environ.get("UMT_R9_PUBLICATIONS", "500"))
ACCOUNTS = 4
LOST_RATE = 0.01
AGENT = "content-ad-management"
# deadlines for conditions, generous: a worker process can take half a minute to start on a
# loaded machine; a passing run never waits them out
START_WITHIN, DRAIN_WITHIN, POLL = 180.0, 900.0, 0.25
TIMELINE_STEP = 5  # seconds between two points of the printed timeline


class Progress:
    """Polls the publications' statuses, keeping a timeline of the published count."""

    def __init__(self, database_url: str, fleet: WorkerFleet) -> None:
        self._database_url = database_url
        self._fleet = fleet
        self.started = time.monotonic()
        self.timeline: list[tuple[int, int]] = []  # (seconds since start, published)

    async def until(self, done: Callable[[Counter[str]], bool], within: float) -> Counter[str]:
        """Poll until ``done`` holds (a worker that dies on its own, or the deadline, fails
        the test with the workers' logs)."""
        deadline = time.monotonic() + within
        while True:
            seen = await progress(self._database_url)
            second = int(time.monotonic() - self.started)
            if not self.timeline or second - self.timeline[-1][0] >= TIMELINE_STEP:
                self.timeline.append((second, seen["published"]))
            if done(seen):
                return seen
            log = self._fleet.log_tail()
            assert not self._fleet.died(), f"a worker died on its own\n{log}"
            assert time.monotonic() < deadline, f"stuck at {dict(seen)}\n{log}"
            await asyncio.sleep(POLL)

    def mark(self) -> int:
        return int(time.monotonic() - self.started)


def worker_env(database_url: str, broker_url: str, data_dir: Path) -> dict[str, str]:
    return {
        "UMT_DATABASE_URL": database_url,
        "UMT_BROKER_URL": broker_url,
        "UMT_REDIS_URL": "",
        "UMT_DATA_DIR": str(data_dir),
        "UMT_JWT_SECRET": SECRET,
        "UMT_LOG_LEVEL": "WARNING",
        "UMT_HEARTBEAT_SECONDS": "0.5",  # heard soon after they start
        "UMT_SANDBOX_LOST_RESPONSE_RATE": str(LOST_RATE),
        "UMT_SANDBOX_SEED": "0",  # each process loses the answer of its 41st write, then more
        "UMT_PUBLISHING_TICK_SECONDS": "0.5",
        "UMT_PUBLISHING_LEASE_SECONDS": "15",  # the shortest: the killed worker's come back
        "UMT_PUBLISHING_RECONCILE_DELAY_SECONDS": "1",
    }


@dataclass
class Run:
    """What happened during a run, for the figures printed and a failure's story."""

    marks: dict[str, int] = field(default_factory=dict)  # seconds since the workers started
    at_kill: Counter[str] = field(default_factory=Counter)  # statuses when one was killed
    timeline: list[tuple[int, int]] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)  # the surviving workers' CPU seconds
    logs: str = ""


async def publish_under_fire(database_url: str, broker_url: str, data_dir: Path) -> Run:
    """Two workers publish what is due; at a fifth one is SIGKILLed and replaced, at half the
    broker restarts; returns once every publication is published and the workers stopped."""
    run = Run()
    env = worker_env(database_url, broker_url, data_dir)
    try:
        async with heartbeats(broker_url) as heard:
            with worker_fleet(env, data_dir / "logs", agent=AGENT) as fleet:
                watch = Progress(database_url, fleet)
                fleet.start("first")
                fleet.start("second")
                await watch.until(lambda s: s["published"] >= PUBLICATIONS // 5, START_WITHIN)
                await heard.wait_for(fleet, "first", START_WITHIN)
                run.marks["kill"] = watch.mark()
                fleet.kill("first")  # mid-run: deliveries and claims in flight are cut off
                fleet.start("replacement")
                run.at_kill = await progress(database_url)
                await watch.until(lambda s: s["published"] >= PUBLICATIONS // 2, DRAIN_WITHIN)
                # a worker that cannot reach the broker when it starts exits (its supervisor
                # starts it again): the restart comes once the replacement runs
                await heard.wait_for(fleet, "replacement", START_WITHIN)
                run.marks["restart"] = watch.mark()
                await asyncio.to_thread(restart_broker_app, 1.0)
                run.marks["restarted"] = watch.mark()
                await watch.until(lambda s: s["published"] >= PUBLICATIONS, DRAIN_WITHIN)
                run.marks["published"] = watch.mark()
                run.timeline, run.cpu = watch.timeline, fleet.cpu_seconds()
                run.logs = fleet.log_tail()
    finally:
        await asyncio.to_thread(ensure_broker_app_running)
    return run


async def test_due_publications_are_published_exactly_once_through_a_kill_and_a_restart(
    tmp_path: Path,
) -> None:
    with throwaway_database(migrate=True) as database_url, throwaway_vhost() as vhost:
        # reconnect quickly after the restart (aio-pika's default waits 5 s)
        broker_url = f"{vhost}?reconnect_interval=0.5"
        settings = Settings(
            database_url=database_url,
            broker_url=broker_url,
            data_dir=tmp_path,
            jwt_secret=SECRET,
            log_level="WARNING",
            _env_file=None,
        )
        tenant = await seed_tenant(settings, accounts=ACCOUNTS)
        items = due_publications(tenant, PUBLICATIONS, now=datetime.now(UTC))
        await insert_publications(database_url, items)
        run = await publish_under_fire(database_url, broker_url, tmp_path)
        # the workers are stopped: nothing can post any more, the record is final
        figures = await tally(database_url, tmp_path, [p.id for p in items])
    print(  # noqa: T201  # the run's figures, for docs/publishing.md and a failure's story
        f"R9: {PUBLICATIONS} publications, marks {run.marks}, at the kill {dict(run.at_kill)},"
        f" outcomes {dict(figures.outcomes)}, reasons {dict(figures.reasons)},"
        f" timeline {run.timeline}, worker CPU seconds {run.cpu}"
    )
    assert run.at_kill["published"] < PUBLICATIONS, "the kill came after the run"
    assert figures.statuses == {"published": PUBLICATIONS}, run.logs  # none lost, none stuck
    assert figures.posted_once == PUBLICATIONS  # in the sandbox's own record...
    assert figures.posted_twice == []  # ...no reference posted twice...
    assert figures.never_posted == []
    assert figures.strays == 0  # ...and no post without one of ours
    assert figures.remote_id_mismatches == []  # each keeps the id the sandbox gave it
    assert figures.unresolved == 0  # no attempt left pending or unknown
    # lost answers happened (seeded: the 41st write of the worker that runs throughout, at
    # least) and were settled by looking the post up, found
    assert figures.outcomes["found"] >= 1
