"""FindBestTimes through the bus: the posts it reads, the slots it suggests, and the answers
it gives when there is too little to go on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from tests.support.strategy import Post, seed_account, seed_posts, weekly

from umt.adapters.system.clock import FixedClock
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.application.strategy.best_times import BestTimesReport, FindBestTimes
from umt.domain.identity.permissions import Role
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.errors import InvalidValue, NotFound, PermissionDenied
from umt.ports.unit_of_work import UnitOfWork

# the clock stands at Sunday 1 March 2026, 09:00 UTC; Berlin is UTC+1 in February
TUESDAY_9_BERLIN = datetime(2026, 2, 3, 8, 0, tzinfo=UTC)
THURSDAY_15_BERLIN = datetime(2026, 2, 5, 14, 0, tzinfo=UTC)


async def _ask(bus: MessageBus, who: Principal, **fields: object) -> BestTimesReport:
    report: BestTimesReport = await bus.ask(FindBestTimes(**fields), BestTimesReport, who)  # type: ignore[arg-type]
    return report


async def test_the_better_slot_is_suggested_first_with_its_interval(
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
    uow_factory: Callable[[], UnitOfWork],
    clock: FixedClock,
) -> None:
    posts = weekly(TUESDAY_9_BERLIN, 10, 1000, 80) + weekly(THURSDAY_15_BERLIN, 10, 1000, 20)
    posts.append(Post(at=THURSDAY_15_BERLIN + timedelta(hours=3), impressions=500, likes=100))
    await seed_posts(uow_factory, account, posts, now=clock.now())

    report = await _ask(bus, owner, brand_id=brand_id, min_posts=10)

    assert report.time_zone == "Europe/Berlin"
    (answer,) = report.accounts
    assert answer.channel_account_id == account.id
    assert (answer.status, answer.publications, answer.measured) == ("ok", 21, 21)
    assert answer.account_rate == pytest.approx((800 + 200 + 100) / 20500)
    best, second = answer.suggestions
    assert (best.weekday, best.hour, best.publications) == (1, 9, 10)
    assert (second.weekday, second.hour) == (3, 15)
    assert best.low < best.rate < best.high
    assert best.lift > 1 > second.lift
    # the one Thursday 18:00 post beat them all, but one post is below the slot minimum
    lone = next(s for s in answer.slots if s.hour == 18)
    assert lone.observed_rate == pytest.approx(0.2)
    assert not lone.enough_data
    assert len(answer.slots) == 3


async def test_the_audiences_time_zone_moves_the_hours(
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
    uow_factory: Callable[[], UnitOfWork],
    clock: FixedClock,
) -> None:
    posts = weekly(TUESDAY_9_BERLIN, 5, 1000, 80) + weekly(THURSDAY_15_BERLIN, 5, 1000, 20)
    await seed_posts(uow_factory, account, posts, now=clock.now())
    report = await _ask(bus, owner, brand_id=brand_id, time_zone="America/New_York", min_posts=10)
    best = report.accounts[0].suggestions[0]
    assert (report.time_zone, best.weekday, best.hour) == ("America/New_York", 1, 3)


async def test_too_few_posts_is_an_answer_not_an_error(
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
    uow_factory: Callable[[], UnitOfWork],
    clock: FixedClock,
) -> None:
    posts = weekly(TUESDAY_9_BERLIN, 3, 1000, 80)
    posts.append(Post(at=THURSDAY_15_BERLIN, impressions=0, likes=0))  # never seen: not measured
    posts.append(Post(at=clock.now() - timedelta(days=400), impressions=900, likes=9))  # too old
    await seed_posts(uow_factory, account, posts, now=clock.now())

    (answer,) = (await _ask(bus, owner, brand_id=brand_id)).accounts

    assert (answer.status, answer.publications, answer.measured) == ("not_enough_data", 4, 3)
    assert answer.reason is not None
    assert "3 published posts" in answer.reason
    assert answer.suggestions == ()
    assert answer.account_rate is None


async def test_posts_all_in_one_hour_have_nothing_to_compare(
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
    uow_factory: Callable[[], UnitOfWork],
    clock: FixedClock,
) -> None:
    await seed_posts(uow_factory, account, weekly(TUESDAY_9_BERLIN, 4, 100, 5), now=clock.now())
    (answer,) = (await _ask(bus, owner, brand_id=brand_id, min_posts=2)).accounts
    assert answer.status == "not_enough_data"
    assert answer.reason is not None
    assert "same hour" in answer.reason


async def test_ad_accounts_are_left_out_and_another_brands_account_is_not_found(
    bus: MessageBus,
    owner: Principal,
    other_owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
    uow_factory: Callable[[], UnitOfWork],
    clock: FixedClock,
) -> None:
    await seed_account(
        uow_factory,
        owner.organization_id,
        brand_id,
        now=clock.now(),
        kind=ChannelKind.SANDBOX_AD_ACCOUNT,
    )
    report = await _ask(bus, owner, brand_id=brand_id)
    assert [a.channel_account_id for a in report.accounts] == [account.id]
    with pytest.raises(NotFound):
        await _ask(bus, owner, brand_id=brand_id, channel_account_id=uuid4())
    with pytest.raises(NotFound):
        await _ask(bus, other_owner, brand_id=brand_id)


async def test_every_role_reads_and_bad_input_is_refused(
    bus: MessageBus, owner: Principal, brand_id: UUID
) -> None:
    viewer = Principal.for_member(owner.user_id, owner.organization_id, Role.VIEWER)
    assert (await _ask(bus, viewer, brand_id=brand_id)).accounts == ()
    nobody = Principal(
        user_id=owner.user_id,
        organization_id=owner.organization_id,
        role=Role.VIEWER,
        permissions=frozenset(),
    )
    with pytest.raises(PermissionDenied):
        await _ask(bus, nobody, brand_id=brand_id)
    for bad in ({"level": 1.0}, {"days": 0}, {"top": 25}, {"time_zone": "Mars/Olympus"}):
        with pytest.raises(InvalidValue):
            await _ask(bus, owner, brand_id=brand_id, **bad)
