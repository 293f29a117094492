"""The SignInLockout port: slowing password guessing per email, whoever guesses.

After ``threshold`` failed sign-ins for a key the key is locked for ``base`` seconds, doubling
with each further failure up to ``max``; a success clears it, and an idle key is forgotten
after ``window`` seconds. Keys are opaque (the caller hashes the normalized email), so the
store never holds an address and the same key exists whether or not the account does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class LockoutPolicy:
    threshold: int = 5  # failures before the first lock
    base_seconds: float = 1.0  # the first lock; each further failure doubles it
    max_seconds: float = 900.0
    window_seconds: float = 900.0  # failures older than this (with no new one) are forgotten

    def lock_seconds(self, failures: int) -> float:
        """How long ``failures`` consecutive failures lock the key (0: not locked)."""
        if failures < self.threshold:
            return 0.0
        exponent = min(failures - self.threshold, 62)  # 2**62 s is past any max anyway
        return float(min(self.base_seconds * 2**exponent, self.max_seconds))


class SignInLockout(Protocol):
    async def locked_for(self, key: str) -> float:
        """Seconds until ``key`` may try again (0: now)."""
        ...

    async def record_failure(self, key: str) -> float:
        """Count a failed sign-in; the lock it starts in seconds (0 below the threshold)."""
        ...

    async def reset(self, key: str) -> None:
        """A successful sign-in: forget the key's failures."""
        ...
