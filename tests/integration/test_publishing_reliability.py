"""R9, the reliability of publishing (issue 12 §7) on PostgreSQL.

Exactly once: publications due at once (10,000 with ``UMT_R9_PUBLICATIONS=10000``; 500 by
default), two ``umt worker --agent content-ad-management`` processes running the ticker and the
publish engine on RabbitMQ, the sandbox losing the answer of 1 % of its writes after their
effect; mid-run one worker is SIGKILLed and replaced and the broker is restarted. At the end
every publication is published exactly once in the sandbox's own record, with the remote id
the sandbox gave it; none lost, none stuck, every unknown outcome reconciled.

DST: a weekly 09:00 Europe/Berlin schedule (created through the bus, expanded ahead by the
schedule expander) across both daylight-saving transitions of 2027 is handed to the agent by
the publication ticker (its ``publication.due`` in the outbox) at 09:00 local each time (07:00
UTC in summer, 08:00 UTC in winter), never an hour early or late, with a controlled clock.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dependency_injector import providers
from sqlalchemy import select
from tests.support.postgres import throwaway_database
from tests.support.publishing_chaos import publish_under_fire, worker_env
from tests.support.publishing_record import tally
from tests.support.publishing_seed import (
    approved_piece,
    due_publications,
    insert_publications,
    new_brand,
    sandbox_accounts,
    seed_tenant,
)
from tests.support.rabbitmq import throwaway_vhost

from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.shared.tables import outbox
from umt.adapters.system.clock import FixedClock
from umt.application.publishing.expansion import expand_due_schedules
from umt.application.publishing.schedules import CreateSchedule
from umt.domain.publishing.schedule import Schedule
from umt.domain.shared.ids import PublicationId
from umt.entrypoints.container import build_container
from umt.entrypoints.library import Platform
from umt.entrypoints.settings import Settings

SECRET = "r9-reliability-" + "s" * 32
BERLIN = "Europe/Berlin"
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


async def handed_over(database_url: str) -> list[tuple[PublicationId, datetime]]:
    """The ``publication.due`` hand-overs in the outbox: which publication, when."""
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(outbox.c.aggregate_id, outbox.c.occurred_at)
                .where(outbox.c.event_type == "publication.due")
                .order_by(outbox.c.position)
            )
            return [(PublicationId(pid), at) for pid, at in rows]
    finally:
        await engine.dispose()


async def test_a_weekly_nine_oclock_berlin_schedule_goes_out_at_nine_local_across_dst(
    database_url: str, tmp_path: Path
) -> None:
    clock = FixedClock(datetime(2027, 3, 14, 12, tzinfo=UTC))  # the Sunday before FIRST
    settings = Settings(
        database_url=database_url,
        data_dir=tmp_path,
        jwt_secret=SECRET,
        run_agents="never",  # no loop of its own: the test turns the clock and ticks
        run_outbox_relay=False,
        log_level="WARNING",
        _env_file=None,
    )
    container = build_container(settings)
    container.clock.override(providers.Object(clock))
    days = weekly(FIRST, LAST)
    async with Platform(container) as platform:
        owner, brand_id = await new_brand(platform, time_zone=BERLIN)
        (account,) = await sandbox_accounts(platform, container, owner, brand_id, 1)
        content_id, _ = await approved_piece(platform, owner, brand_id)
        schedule = await platform.bus.ask(
            CreateSchedule(
                content_id=content_id,
                channel_account_ids=[account.id],
                frequency="weekly",
                weekdays=[0],  # Mondays
                local_time="09:00",  # in the brand's zone, Europe/Berlin
                starts_on=FIRST,
                ends_on=LAST,
            ),
            Schedule,
            owner.principal,
        )
        uow, ticker = container.unit_of_work_factory(), container.publication_ticker()
        for day in days:
            due = datetime(2027, day.month, day.day, expected_utc_hour(day), tzinfo=UTC)
            clock.advance(due - timedelta(seconds=1) - clock.now())
            await expand_due_schedules(uow, clock=clock, ids=container.ids())  # kept ahead
            assert (await ticker.tick()).claimed == 0, day  # a second early: nothing is due
            clock.advance(timedelta(seconds=1))
            assert (await ticker.tick()).claimed == 1, day  # on the dot: this Monday's
            pid, at = (await handed_over(database_url))[-1]
            async with uow() as unit:  # it went out: published, as the engine would record
                claimed = await unit.publications.get(account.organization_id, pid)
                assert claimed is not None
                assert (claimed.schedule_id, claimed.local_time, at) == (
                    schedule.id,
                    datetime.combine(day, wall(9)),
                    due,
                )
                claimed.begin_attempt(claimed.fence, now=due)
                claimed.record_success(claimed.fence, remote_id=f"post-{day}", now=due)
                await unit.publications.save(claimed)
                await unit.commit()
        handed = await handed_over(database_url)
    zone = ZoneInfo(BERLIN)
    assert len(handed) == len(days) == 35  # each Monday once, never twice
    assert len({pid for pid, _ in handed}) == 35
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
# each approved piece goes out a hundred times (its status follows all its publications)
PIECES = max(1, PUBLICATIONS // 100)
# the shortest lease, so the killed worker's claims come back soon; a longer run needs one
# that outlasts the backlog (docs/publishing.md, "Reliability")
LEASE_SECONDS = int(os.environ.get("UMT_R9_LEASE_SECONDS", "15"))


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
        tenant = await seed_tenant(settings, accounts=ACCOUNTS, pieces=PIECES)
        items = due_publications(
            tenant, PUBLICATIONS - len(tenant.scheduled), now=datetime.now(UTC)
        )
        await insert_publications(database_url, items)
        env = worker_env(
            database_url, broker_url, tmp_path, secret=SECRET, lease_seconds=LEASE_SECONDS
        )
        run = await publish_under_fire(env, database_url, tmp_path, PUBLICATIONS)
        # the workers are stopped: nothing can post any more, the record is final
        references = [*tenant.scheduled, *(p.id for p in items)]
        figures = await tally(database_url, tmp_path, references)
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
