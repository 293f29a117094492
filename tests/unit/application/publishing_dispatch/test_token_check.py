"""The token check a day ahead: the credentials of every account with a publication due
within the window must last until it is due; one that cannot is counted (the credentials
mark the integration needs_reauth, which tells the brand), one further ahead is not asked."""

from __future__ import annotations

from datetime import timedelta

from tests.unit.application.publishing_dispatch.conftest import CONFIG, Desk

from umt.adapters.system.clock import FixedClock
from umt.application.agents.loop_beats import LoopBeats
from umt.application.publishing_dispatch.token_check import LOOP, TokenCheck
from umt.domain.integration.errors import PlatformUnavailable


def check(desk: Desk, clock: FixedClock, beats: LoopBeats | None = None) -> TokenCheck:
    return TokenCheck(desk.uow_factory, desk.credentials, clock=clock, config=CONFIG, beats=beats)


async def test_credentials_must_last_until_the_next_publication_is_due(
    desk: Desk, clock: FixedClock
) -> None:
    await desk.schedule(due_in=timedelta(hours=30))  # beyond the day: not asked yet
    assert (await check(desk, clock).run_once()).checked == 0
    assert desk.credentials.asked == []
    await desk.schedule(due_in=timedelta(hours=20))
    await desk.schedule(due_in=timedelta(hours=6))

    report = await check(desk, clock).run_once()

    assert (report.checked, report.needs_reauth) == (1, 0)  # one account, checked once
    assert desk.credentials.asked == [timedelta(hours=6) + CONFIG.lease]


async def test_a_token_that_cannot_be_refreshed_is_counted_a_day_ahead(
    desk: Desk, clock: FixedClock
) -> None:
    await desk.schedule(due_in=timedelta(hours=12))
    desk.credentials.refusing = True
    beats = LoopBeats()

    report = await check(desk, clock, beats).run_once()

    assert (report.checked, report.needs_reauth, report.unavailable) == (1, 1, 0)
    beat = beats.snapshot()[LOOP]
    assert (beat.handled, beat.counts["needs_reauth"]) == (1, 1)


async def test_a_platform_that_is_down_is_tried_again_later_not_flagged(
    desk: Desk, clock: FixedClock
) -> None:
    await desk.schedule(due_in=timedelta(hours=12))

    async def down(account, *, valid_for):
        raise PlatformUnavailable("the token endpoint is down", platform="sandbox")

    desk.credentials.for_account = down  # type: ignore[method-assign]

    report = await check(desk, clock).run_once()

    assert (report.checked, report.needs_reauth, report.unavailable) == (1, 0, 1)
