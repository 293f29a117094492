"""Sign-in lockout in process memory: the embedded default (one instance)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from umt.ports.sign_in_lockout import LockoutPolicy, SignInLockout


@dataclass(slots=True)
class _Entry:
    failures: int
    locked_until: float
    forget_at: float


class InMemorySignInLockout(SignInLockout):
    def __init__(
        self,
        policy: LockoutPolicy,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self._policy = policy
        self._clock = clock
        self._max_keys = max_keys
        self._entries: dict[str, _Entry] = {}

    async def locked_for(self, key: str) -> float:
        entry = self._live(key, self._clock())
        return 0.0 if entry is None else max(0.0, entry.locked_until - self._clock())

    async def record_failure(self, key: str) -> float:
        now = self._clock()
        entry = self._live(key, now)
        if entry is None:
            if len(self._entries) >= self._max_keys:
                self._forget_idle(now)
            entry = self._entries[key] = _Entry(0, now, now)
        entry.failures += 1
        lock = self._policy.lock_seconds(entry.failures)
        entry.locked_until = now + lock
        entry.forget_at = now + max(self._policy.window_seconds, lock)
        return lock

    async def reset(self, key: str) -> None:
        self._entries.pop(key, None)

    def _live(self, key: str, now: float) -> _Entry | None:
        entry = self._entries.get(key)
        if entry is not None and entry.forget_at <= now:
            del self._entries[key]
            return None
        return entry

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, e in self._entries.items() if e.forget_at <= now]:
            del self._entries[key]
        while len(self._entries) >= self._max_keys:  # all recent: the oldest go
            del self._entries[next(iter(self._entries))]
