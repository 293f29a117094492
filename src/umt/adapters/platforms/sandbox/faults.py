"""Test hooks of the sandbox network: the failure modes a real platform shows, on demand.

Process-local on purpose: a test or a demo switches them on for the network it holds; they
are not part of the stored state. Expired tokens and revoked grants are stored state and
live on the network itself (``SandboxNetwork.expire_access_token``, ``revoke_grants``).

Two families:

- before the call has any effect (nothing happened, a retry is safe): ``outage`` (503),
  ``rate_limit`` (429 with Retry-After), ``expire_tokens`` (401 ``token_expired``), the
  publishing quota (``post_quota``, 429 with Retry-After) and duplicate content
  (``reject_duplicates``, ``force_duplicates``; 403);
- after the effect: ``lose_responses`` commits the write, then answers 504, so the caller
  cannot know that its post, comment or ad object exists until it looks it up.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from umt.adapters.platforms.sandbox.errors import (
    DuplicateContent,
    RateLimited,
    ResponseLost,
    TokenExpired,
    Unavailable,
)

DEFAULT_DUPLICATE_WINDOW = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class PostQuota:
    """At most ``limit`` posts per account in any trailing ``window``."""

    limit: int
    window: timedelta


class Faults:
    """Switchable failures, checked by the network at the documented points of every call."""

    def __init__(self) -> None:
        self._outage = False
        self._retry_after: float | None = None
        self._limited_calls: int | None = None  # None: until cleared
        self._tokens_expired = False
        self._lose_rate = 0.0
        self._lose_draws = random.Random(0)  # noqa: S311 - a simulation, not a secret
        self._lose_calls = 0
        self._duplicate_window: timedelta | None = None
        self._forced_duplicates = 0
        self._quota: PostQuota | None = None
        self.responses_lost = 0  # how many answers were dropped after their effect

    # -- switches ------------------------------------------------------------------------

    def outage(self, on: bool = True) -> None:
        """Every call fails as a 503 until switched off."""
        self._outage = on

    def rate_limit(self, retry_after_seconds: float, *, calls: int | None = None) -> None:
        """The next ``calls`` calls (every call, when None, until cleared) answer 429 with
        ``Retry-After: retry_after_seconds``."""
        if retry_after_seconds < 0 or (calls is not None and calls < 1):
            raise ValueError("retry_after_seconds must be >= 0 and calls >= 1")
        self._retry_after = retry_after_seconds
        self._limited_calls = calls

    def expire_tokens(self, on: bool = True) -> None:
        """Every API call answers 401 ``token_expired`` (whatever the token) until switched
        off; the token endpoint (refresh) keeps working."""
        self._tokens_expired = on

    def lose_responses(self, *, rate: float = 0.0, seed: int = 0, calls: int | None = None) -> None:
        """Drop the answer of writes *after* their effect (a 504): each write with
        probability ``rate`` (drawn from a generator seeded with ``seed``, so the same
        sequence of calls loses the same answers), and the next ``calls`` writes surely."""
        if not 0.0 <= rate <= 1.0 or (calls is not None and calls < 0):
            raise ValueError("rate must be within [0, 1] and calls >= 0")
        self._lose_rate = rate
        self._lose_draws = random.Random(seed)  # noqa: S311 - a simulation, not a secret
        self._lose_calls = calls or 0

    def reject_duplicates(self, window: timedelta | None = DEFAULT_DUPLICATE_WINDOW) -> None:
        """Refuse a post whose text equals one the account posted within ``window`` (None:
        switch the check off)."""
        if window is not None and window <= timedelta(0):
            raise ValueError("the duplicate window must be positive")
        self._duplicate_window = window

    def force_duplicates(self, calls: int = 1) -> None:
        """The next ``calls`` posts are refused as duplicates, whatever their text."""
        if calls < 0:
            raise ValueError("calls must be >= 0")
        self._forced_duplicates = calls

    def post_quota(self, limit: int | None, window: timedelta = timedelta(hours=24)) -> None:
        """At most ``limit`` posts per account in any trailing ``window`` (0: the quota is
        already exhausted; None: no quota)."""
        if limit is not None and (limit < 0 or window <= timedelta(0)):
            raise ValueError("limit must be >= 0 and the window positive")
        self._quota = None if limit is None else PostQuota(limit, window)

    def clear(self) -> None:
        """Every fault off (the count of lost responses stays)."""
        self._outage = False
        self._retry_after = None
        self._limited_calls = None
        self._tokens_expired = False
        self._lose_rate = 0.0
        self._lose_calls = 0
        self._duplicate_window = None
        self._forced_duplicates = 0
        self._quota = None

    # -- checks (called by the network) --------------------------------------------------

    def check(self) -> None:
        """Before every token-endpoint and API call: outage, then rate limit."""
        if self._outage:
            raise Unavailable("the sandbox network is down (simulated outage)")
        if self._retry_after is None:
            return
        retry_after = self._retry_after
        if self._limited_calls is not None:
            self._limited_calls -= 1
            if self._limited_calls == 0:
                self._retry_after = self._limited_calls = None
        raise RateLimited("too many requests (simulated)", retry_after_seconds=retry_after)

    def check_token(self) -> None:
        """Before every API call, after ``check``."""
        if self._tokens_expired:
            raise TokenExpired("the access token has expired (simulated)")

    @property
    def duplicate_window(self) -> timedelta | None:
        return self._duplicate_window

    @property
    def quota(self) -> PostQuota | None:
        return self._quota

    def check_forced_duplicate(self) -> None:
        if self._forced_duplicates > 0:
            self._forced_duplicates -= 1
            raise DuplicateContent("this content was already posted (simulated)")

    def after_effect(self) -> None:
        """After a write committed: raise ``ResponseLost`` if its answer is to be dropped."""
        if self._lose_calls > 0:
            self._lose_calls -= 1
        elif not (self._lose_rate and self._lose_draws.random() < self._lose_rate):
            return
        self.responses_lost += 1
        raise ResponseLost("the gateway timed out waiting for the answer (simulated)")
