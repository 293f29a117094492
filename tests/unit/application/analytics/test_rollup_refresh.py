"""The rollup-refresh loop: a backlog is taken in full batches back to back, then the loop
waits; a failed tick does not end it; it runs with the content-strategy agent. (What a
refresh rebuilds is the metric sink's contract: tests/contracts/test_analytics_rollups.py.)"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import pytest
from tests.unit.application.analytics.conftest import CONFIG

from umt.adapters.system.clock import FixedClock
from umt.application.analytics.rollup_refresh import RollupRefresh
from umt.application.context_module import loops_of
from umt.application.modules import MODULES
from umt.ports.metric_sink import RollupWindow

SMALL = replace(CONFIG, rollup_refresh_batch=10)


class ScriptedSink:
    """Takes the scripted number of notes per refresh (an exception is raised instead), then
    none; ``done`` is set as the script's last step is taken."""

    def __init__(self, script: Iterator[int | Exception], done: asyncio.Event) -> None:
        self._script = script
        self._done = done
        self.windows: list[RollupWindow] = []

    async def refresh_rollups(self, *, window: RollupWindow, limit: int) -> int:
        assert limit == SMALL.rollup_refresh_batch
        self.windows.append(window)
        step = next(self._script, None)
        if step is None:
            return 0
        if self._script.__length_hint__() == 0:
            self._done.set()
        if isinstance(step, Exception):
            raise step
        return step


class Uow:
    def __init__(self, sink: ScriptedSink, commits: list[int]) -> None:
        self.metric_samples = sink
        self._commits = commits

    async def __aenter__(self) -> Uow:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def commit(self) -> None:
        self._commits.append(1)


def refresh(
    script: list[int | Exception],
) -> tuple[RollupRefresh, ScriptedSink, asyncio.Event, list[int]]:
    done = asyncio.Event()
    commits: list[int] = []
    sink = ScriptedSink(iter(script), done)
    clock = FixedClock(datetime(2026, 3, 20, 12, tzinfo=UTC))
    factory: Any = lambda: Uow(sink, commits)  # noqa: E731
    return RollupRefresh(factory, clock=clock, config=SMALL), sink, done, commits


async def test_a_backlog_is_taken_back_to_back_then_the_loop_waits() -> None:
    loop, sink, done, commits = refresh([10, 10, 3])
    stop = asyncio.Event()
    # a day-long interval: the loop gets to the 4th tick only by not waiting after full ones
    task = asyncio.create_task(loop.run(stop, interval_seconds=86_400))
    await asyncio.wait_for(done.wait(), 30)
    for _ in range(20):
        await asyncio.sleep(0)  # room for a tick it should not take
    assert len(sink.windows) == 3  # 10, 10 (full: again at once), 3 (then it waits)
    assert len(commits) == 3
    assert sink.windows[0] == RollupWindow(
        now=datetime(2026, 3, 20, 12, tzinfo=UTC), late_days=SMALL.late_days
    )
    stop.set()
    await asyncio.wait_for(task, 30)


async def test_a_failed_tick_is_logged_and_the_loop_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    loop, sink, done, _ = refresh([RuntimeError("database went away"), 1])
    stop = asyncio.Event()
    task = asyncio.create_task(loop.run(stop, interval_seconds=0.01))
    await asyncio.wait_for(done.wait(), 30)
    stop.set()
    await asyncio.wait_for(task, 30)
    assert "metric rollup refresh failed" in caplog.text
    assert len(sink.windows) >= 2


async def test_catch_up_refreshes_until_nothing_waits() -> None:
    loop, sink, _, commits = refresh([10, 10, 4])
    assert await loop.catch_up() == 24
    assert len(sink.windows) == len(commits) == 4


def test_the_loop_runs_with_the_content_strategy_agent() -> None:
    assert "rollup-refresh" in [loop.name for loop in loops_of(MODULES, ["content-strategy"])]
    assert "rollup-refresh" not in [loop.name for loop in loops_of(MODULES, ["brand-project"])]
