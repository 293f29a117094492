"""A background loop's rhythm: one pass, then a pause, until the process stops.

A pass that fails is logged and the next one runs anyway (a loop is never ended by one bad
pass); the pause ends early when ``stop`` is set, so a shutdown does not wait it out.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta


async def run_every(
    stop: asyncio.Event,
    every: timedelta,
    one_pass: Callable[[], Awaitable[object]],
    *,
    log: logging.Logger,
    what: str,
) -> None:
    """Run ``one_pass`` every ``every`` until ``stop`` is set; a failing pass is logged as
    ``what`` failed."""
    while not stop.is_set():
        try:
            await one_pass()
        except Exception:  # logged; the next pass runs anyway
            log.exception("%s failed", what)
        try:
            await asyncio.wait_for(stop.wait(), every.total_seconds())
        except TimeoutError:
            continue
