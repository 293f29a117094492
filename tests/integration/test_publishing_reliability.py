"""R9, the reliability of publishing (issue 12 §7) on PostgreSQL.

DST: a weekly 09:00 Europe/Berlin schedule across both daylight-saving transitions of 2027 is
handed out by the scheduler's claim at 09:00 local each time (07:00 UTC in summer, 08:00 UTC
in winter), never an hour early or late, with a controlled clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from tests.contracts.conftest import RandomIds
from tests.support.postgres import throwaway_database

from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.application.audit.entries import entry_for_event
from umt.domain.brand.channels import Channel
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.planned_time import PlannedTime
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus
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


def scheduled_at_nine(day: date, schedule: ScheduleId, now: datetime) -> Publication:
    """The schedule's publication on ``day``, planned at 09:00 Berlin wall time."""
    return Publication.schedule(
        planned=PlannedTime.at_local(datetime.combine(day, time(9)), BERLIN),
        now=now,
        id=PublicationId(uuid4()),
        organization_id=OrganizationId(uuid4()),
        brand_id=BrandId(uuid4()),
        content_id=ContentId(uuid4()),
        content_version_id=ContentVersionId(uuid4()),
        channel_account_id=ChannelAccountId(uuid4()),
        channel=Channel.LINKEDIN,
        kind=ChannelKind.SANDBOX_ACCOUNT,
        rendering=RenderedPost(text="Monday beans"),
        schedule_id=schedule,
    )


async def test_a_weekly_nine_oclock_berlin_schedule_goes_out_at_nine_local_across_dst(
    database_url: str,
) -> None:
    engine = create_engine(database_url, pool_size=2)
    ids = RandomIds()

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, ids, audit=entry_for_event)

    days = weekly(FIRST, LAST)
    schedule = ScheduleId(uuid4())
    start = datetime(2027, 3, 1, tzinfo=UTC)
    try:
        async with uow() as unit:
            for day in days:
                await unit.publications.add(scheduled_at_nine(day, schedule, start))
            await unit.commit()
        handed: list[datetime] = []
        for day in days:
            due = datetime(2027, day.month, day.day, expected_utc_hour(day), tzinfo=UTC)
            async with uow() as unit:  # a second early: nothing is due yet
                early = await unit.publications.claim_due(
                    due - timedelta(seconds=1), limit=10, owner="ticker", lease=LEASE
                )
                assert early == [], day
            async with uow() as unit:  # on the dot: exactly this Monday's
                claimed = await unit.publications.claim_due(
                    due, limit=10, owner="ticker", lease=LEASE
                )
                assert len(claimed) == 1, day
                (publication,) = claimed
                publication.begin_attempt(publication.fence, now=due)
                publication.record_success(publication.fence, remote_id=f"post-{day}", now=due)
                await unit.publications.save(publication)
                await unit.commit()
            assert publication.status is PublicationStatus.PUBLISHED
            assert publication.local_time == datetime.combine(day, time(9))
            handed.append(publication.due_at)
    finally:
        await engine.dispose()
    zone = ZoneInfo(BERLIN)
    assert len(handed) == len(days) == 35
    assert all(at.astimezone(zone).time() == time(9) for at in handed)
    assert {at.hour for at in handed} == {7, 8}  # the UTC instant moved with the clocks
    # the weeks around each change: the UTC hour steps back on the Monday after it
    by_day = {at.date(): at.hour for at in handed}
    assert [by_day[date(2027, 3, 22)], by_day[date(2027, 3, 29)]] == [8, 7]
    assert [by_day[date(2027, 10, 25)], by_day[date(2027, 11, 1)]] == [7, 8]
