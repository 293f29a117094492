"""The circuit breaker on a fake clock: opens after consecutive outages, refuses at once while
open, lets one trial call through after the reset time, and follows the shared state."""

from __future__ import annotations

import asyncio

import pytest

from umt.adapters.resilience.breaker import CLOSED, HALF_OPEN, OPEN, Breaker, BreakerConfig
from umt.domain.shared.errors import NotFound
from umt.ports.errors import DependencyUnavailable, StorageUnavailable


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def breaker(clock: FakeClock) -> Breaker:
    return Breaker("database", BreakerConfig(failure_threshold=3, reset_seconds=10), clock=clock)


class Dependency:
    """Counts calls; fails with ``error`` while one is set."""

    def __init__(self) -> None:
        self.calls = 0
        self.error: BaseException | None = None

    async def __call__(self) -> str:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return "answer"


async def fail_times(breaker: Breaker, dependency: Dependency, times: int) -> None:
    dependency.error = StorageUnavailable("down")
    for _ in range(times):
        with pytest.raises(StorageUnavailable):
            await breaker.call(dependency)


async def test_opens_after_consecutive_outages_and_then_refuses_without_calling(
    breaker: Breaker, clock: FakeClock
) -> None:
    dependency = Dependency()
    await fail_times(breaker, dependency, 2)
    assert breaker.state == CLOSED
    await fail_times(breaker, dependency, 1)
    assert breaker.state == OPEN

    clock.now += 3.5
    with pytest.raises(DependencyUnavailable) as refused:
        await breaker.call(dependency)
    assert dependency.calls == 3  # the refused call never reached the dependency
    assert refused.value.dependency == "database"
    assert refused.value.retry_after_seconds == 7  # ceil(10 - 3.5)
    assert refused.value.retry_after == 7


async def test_a_success_resets_the_count(breaker: Breaker) -> None:
    dependency = Dependency()
    await fail_times(breaker, dependency, 2)
    dependency.error = None
    assert await breaker.call(dependency) == "answer"
    await fail_times(breaker, dependency, 2)
    assert breaker.state == CLOSED


async def test_answers_and_cancellations_are_not_outages(breaker: Breaker) -> None:
    dependency = Dependency()
    dependency.error = NotFound("no such brand")
    for _ in range(5):
        with pytest.raises(NotFound):
            await breaker.call(dependency)
    dependency.error = asyncio.CancelledError()
    for _ in range(5):
        with pytest.raises(asyncio.CancelledError):
            await breaker.call(dependency)
    assert breaker.state == CLOSED


async def test_a_raw_connection_error_counts_and_comes_out_as_a_port_error(
    breaker: Breaker,
) -> None:
    dependency = Dependency()
    dependency.error = ConnectionRefusedError(111, "refused")
    for _ in range(3):
        with pytest.raises(StorageUnavailable) as raised:
            await breaker.call(dependency)
        assert isinstance(raised.value.__cause__, ConnectionRefusedError)
    assert breaker.state == OPEN


async def test_after_the_reset_time_one_trial_call_decides(
    breaker: Breaker, clock: FakeClock
) -> None:
    dependency = Dependency()
    await fail_times(breaker, dependency, 3)
    clock.now += 10

    release = asyncio.Event()

    async def slow_success() -> str:
        await release.wait()
        return "back"

    trial = asyncio.create_task(breaker.call(slow_success))
    await asyncio.sleep(0)
    assert breaker.state == HALF_OPEN
    with pytest.raises(DependencyUnavailable):  # only one trial at a time
        await breaker.call(dependency)
    release.set()
    assert await trial == "back"
    assert breaker.state == CLOSED
    dependency.error = None
    assert await breaker.call(dependency) == "answer"


async def test_a_failed_trial_opens_it_for_a_full_reset_time(
    breaker: Breaker, clock: FakeClock
) -> None:
    dependency = Dependency()
    await fail_times(breaker, dependency, 3)
    clock.now += 12
    await fail_times(breaker, dependency, 1)  # the trial
    assert breaker.state == OPEN
    assert breaker.retry_after() == 10
    clock.now += 9.9
    with pytest.raises(DependencyUnavailable):
        await breaker.call(dependency)
    assert dependency.calls == 4


async def test_a_late_outcome_from_before_the_opening_does_not_close_it(
    breaker: Breaker, clock: FakeClock
) -> None:
    early = breaker.admit()  # a call that started before the outage was noticed
    await fail_times(breaker, Dependency(), 3)
    clock.now += 10
    trial = breaker.admit()
    assert breaker.state == HALF_OPEN
    breaker.record(early, None)  # its late success is stale evidence
    assert breaker.state == HALF_OPEN
    breaker.record(trial, None)
    assert breaker.state == CLOSED


def test_follows_a_breaker_opened_by_another_instance(breaker: Breaker, clock: FakeClock) -> None:
    breaker.apply_shared(4.2)  # opened elsewhere, 4.2 s left
    assert breaker.state == OPEN
    with pytest.raises(DependencyUnavailable) as refused:
        breaker.admit()
    assert refused.value.retry_after_seconds == 5
    clock.now += 4.3
    breaker.admit()  # the remaining time is over: a trial call
    assert breaker.state == HALF_OPEN


def test_follows_the_shared_breaker_closing(breaker: Breaker) -> None:
    breaker.apply_shared(8.0)
    breaker.apply_shared(None)  # closed by the instance whose trial call succeeded
    assert breaker.state == HALF_OPEN
    breaker.record(breaker.admit(), None)
    assert breaker.state == CLOSED
