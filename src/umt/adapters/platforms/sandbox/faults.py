"""Test hooks of the sandbox network: the failure modes a real platform shows, on demand.

Process-local on purpose: a test or a demo switches them on for the network it holds; they
are not part of the stored state. Expired tokens and revoked grants are stored state and
live on the network itself (``SandboxNetwork.expire_access_token``, ``revoke_grants``).
"""

from __future__ import annotations

from umt.adapters.platforms.sandbox.errors import RateLimited, Unavailable


class Faults:
    """Outage and rate limiting, checked before every token-endpoint and API call."""

    def __init__(self) -> None:
        self._outage = False
        self._retry_after: float | None = None
        self._limited_calls: int | None = None  # None: until cleared

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

    def clear(self) -> None:
        self._outage = False
        self._retry_after = None
        self._limited_calls = None

    def check(self) -> None:
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
