"""Deadlines behave as asyncio.timeout: expiry at the deadline as TimeoutError, nothing for
work that ends in time, outside cancellations left alone; and fast work leaves no timer."""

from __future__ import annotations

import asyncio

import pytest

from umt.application.agents.deadlines import Deadlines


async def test_work_past_its_deadline_is_cancelled_as_a_timeout() -> None:
    deadlines = Deadlines(horizon=0.1)
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(TimeoutError):
        async with deadlines.within(0.3):  # beyond the horizon: the watchdog hands it over
            await asyncio.sleep(5)
    assert 0.3 <= loop.time() - started < 0.45  # asyncio's own timer: on time


async def test_a_short_deadline_is_asyncios_timer_from_the_start() -> None:
    deadlines = Deadlines(horizon=0.5)
    with pytest.raises(TimeoutError):
        async with deadlines.within(0.05):
            await asyncio.sleep(5)


async def test_work_that_ends_in_time_is_untouched_and_leaves_no_timer() -> None:
    deadlines = Deadlines(horizon=0.1)
    loop = asyncio.get_running_loop()
    timers = len(loop._scheduled)  # type: ignore[attr-defined]  # the loop's timer heap
    for _ in range(100):
        async with deadlines.within(30) as timeout:
            await asyncio.sleep(0)
        assert not timeout.expired()
    assert len(loop._scheduled) <= timers + 1  # type: ignore[attr-defined]  # the watchdog
    await asyncio.sleep(0.2)  # with nothing pending the watchdog ends
    assert deadlines._watchdog is None


async def test_many_tasks_each_get_their_own_deadline() -> None:
    deadlines = Deadlines(horizon=0.1)

    async def work(seconds: float, limit: float) -> str:
        try:
            async with deadlines.within(limit):
                await asyncio.sleep(seconds)
        except TimeoutError:
            return "timed out"
        return "done"

    results = await asyncio.gather(work(0.05, 0.3), work(1, 0.3), work(0.4, 1), work(2, 0.2))
    assert results == ["done", "timed out", "done", "timed out"]


async def test_a_cancellation_from_outside_stays_a_cancellation() -> None:
    deadlines = Deadlines(horizon=0.1)

    async def work() -> None:
        async with deadlines.within(30):
            await asyncio.sleep(5)

    task = asyncio.create_task(work())
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
