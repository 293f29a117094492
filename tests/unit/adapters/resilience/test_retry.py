"""Retry policies: transient errors only, bounded attempts, jittered exponential delays."""

from __future__ import annotations

import asyncio

import pytest

from umt.adapters.resilience.outages import is_transient
from umt.adapters.resilience.retry import RetryPolicy
from umt.domain.shared.errors import Conflict
from umt.ports.errors import DependencyUnavailable, StorageUnavailable


class Flaky:
    def __init__(self, *errors: BaseException) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "done"


class SerializationFailure(Exception):
    sqlstate = "40001"


@pytest.fixture
def sleeps() -> list[float]:
    return []


def policy(sleeps: list[float], **overrides: float) -> RetryPolicy:
    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    settings: dict[str, float] = {"attempts": 4, "base_delay": 0.05, "max_delay": 0.15}
    settings.update(overrides)
    return RetryPolicy(sleep=sleep, **settings)  # type: ignore[arg-type]


async def test_transient_errors_are_retried_until_success(sleeps: list[float]) -> None:
    flaky = Flaky(StorageUnavailable("reset"), ConnectionResetError(), TimeoutError())
    assert await policy(sleeps).run(flaky) == "done"
    assert flaky.calls == 4
    # full jitter: a random sleep below base * 2**(n-1), capped at max_delay
    assert len(sleeps) == 3
    for n, seconds in enumerate(sleeps, start=1):
        assert 0 <= seconds <= min(0.15, 0.05 * 2 ** (n - 1))


async def test_attempts_are_bounded_and_the_last_error_surfaces(sleeps: list[float]) -> None:
    flaky = Flaky(*(StorageUnavailable(f"down {n}") for n in range(10)))
    with pytest.raises(StorageUnavailable, match="down 3"):
        await policy(sleeps).run(flaky)
    assert flaky.calls == 4


@pytest.mark.parametrize(
    "error",
    [
        Conflict("slug taken"),
        ValueError("a bug"),
        DependencyUnavailable("database", retry_after_seconds=3),
    ],
)
async def test_answers_bugs_and_open_breakers_are_not_retried(
    sleeps: list[float], error: Exception
) -> None:
    flaky = Flaky(error)
    with pytest.raises(type(error)):
        await policy(sleeps).run(flaky)
    assert (flaky.calls, sleeps) == (1, [])


async def test_a_serialization_failure_underneath_a_port_error_is_transient() -> None:
    wrapped = RuntimeError("statement failed")
    wrapped.__cause__ = SerializationFailure()
    assert is_transient(wrapped)
    assert not is_transient(RuntimeError("statement failed"))


async def test_one_attempt_means_no_retry(sleeps: list[float]) -> None:
    flaky = Flaky(StorageUnavailable("down"))
    with pytest.raises(StorageUnavailable):
        await policy(sleeps, attempts=1).run(flaky)
    assert flaky.calls == 1


async def test_the_time_budget_counts_the_first_attempt(sleeps: list[float]) -> None:
    # A budget spent by the first attempt leaves no time for a second one.
    flaky = Flaky(StorageUnavailable("down"))
    with pytest.raises(StorageUnavailable):
        await policy(sleeps, budget_seconds=0.0).run(flaky)
    assert (flaky.calls, sleeps) == (1, [])


async def test_a_first_attempt_cancelled_is_not_retried(sleeps: list[float]) -> None:
    flaky = Flaky(asyncio.CancelledError())
    with pytest.raises(asyncio.CancelledError):
        await policy(sleeps).run(flaky)
    assert (flaky.calls, sleeps) == (1, [])
