"""Bounded retries of transient errors, with jittered exponential backoff (tenacity).

tenacity rather than a hand-written loop: its stop, wait and retry strategies compose and are
well tested (full-jitter exponential backoff is ``wait_random_exponential``), it runs natively
on asyncio, and the sleep function is injectable, so tests check the delays without waiting.

What is retried is decided by the wrappers, not here: only operations that are safe to run
twice (reads, opening a transaction, completing or releasing an idempotency key, publishing
under at-least-once delivery). A write whose commit may have happened is never retried.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)
from tenacity.stop import stop_base

from umt.adapters.resilience.outages import is_transient

T = TypeVar("T")
log = logging.getLogger("umt.resilience")


def _log_retry(state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome else None
    log.info(
        "retrying after a transient error",
        extra={
            "attempt": state.attempt_number,
            "error": type(error).__name__,
            "sleep_seconds": round(state.upcoming_sleep, 3),
        },
    )


class _StopAfterBudget(stop_base):
    """tenacity's ``stop_after_delay``, measured from ``started`` rather than from when
    tenacity took over (after the first attempt)."""

    def __init__(self, started: float, budget_seconds: float) -> None:
        self._deadline = started + budget_seconds

    def __call__(self, retry_state: RetryCallState) -> bool:
        return time.monotonic() >= self._deadline


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """At most ``attempts`` tries within ``budget_seconds``; before try n+1 it sleeps a random
    time in [0, min(max_delay, base_delay * 2**(n-1))] (full jitter, so that many clients hit by
    the same blip do not come back in step)."""

    attempts: int = 3
    base_delay: float = 0.05
    max_delay: float = 0.5
    budget_seconds: float = 2.0
    retry_on: Callable[[BaseException], bool] = is_transient
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep)

    async def run(self, operation: Callable[[], Awaitable[T]]) -> T:
        if self.attempts <= 1:
            return await operation()
        # The first attempt runs without tenacity: setting up its controller costs more CPU
        # (15-30 us) than a pooled read, and nearly every call succeeds at once. A failure
        # hands over to tenacity as its first attempt, so what is retried, the delays, the
        # log lines and the attempt bound are tenacity's; the time budget counts from here.
        started = time.monotonic()
        try:
            return await operation()
        except BaseException as exc:  # tenacity decides, exactly as if it had run it
            first_failure: BaseException | None = exc
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.attempts) | _StopAfterBudget(started, self.budget_seconds),
            wait=wait_random_exponential(multiplier=self.base_delay, max=self.max_delay),
            retry=retry_if_exception(self.retry_on),
            sleep=self.sleep,
            before_sleep=_log_retry,
            reraise=True,
        )

        async def attempt() -> T:
            # a coroutine *function*: tenacity awaits only what it recognises as one, and the
            # lambdas callers pass merely return coroutines
            nonlocal first_failure
            if first_failure is not None:
                failure, first_failure = first_failure, None
                raise failure
            return await operation()

        return await retrying(attempt)


NO_RETRY = RetryPolicy(attempts=1)
