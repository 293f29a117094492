"""Waiting, in tests, for another process to get somewhere (a worker to answer, a relay to
publish): poll a condition instead of sleeping a fixed time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_for(check: Callable[[], T | None], within: float = 120.0) -> T:
    """Poll ``check`` every 0.1 s until it returns something truthy, and return that.

    The deadline is generous (a process can take half a minute to start on a loaded machine);
    a passing run never waits it out, a failing one fails with "the condition never held"."""
    deadline = time.monotonic() + within
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.1)
