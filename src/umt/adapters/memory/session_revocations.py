"""Ended sign-ins in process memory: the embedded default (one instance)."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection

from umt.ports.session_revocations import SessionRevocations


class InMemorySessionRevocations(SessionRevocations):
    """A dict of session id to the moment it may be forgotten; expired entries are swept
    whenever new ones are written, so the dict holds at most one token lifetime of logouts."""

    def __init__(self, *, ttl_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl_seconds
        self._clock = clock
        self._until: dict[str, float] = {}

    async def revoke(self, session_ids: Collection[str]) -> None:
        now = self._clock()
        self._until = {sid: until for sid, until in self._until.items() if until > now}
        for sid in session_ids:
            self._until[sid] = now + self._ttl

    async def is_revoked(self, session_id: str) -> bool:
        until = self._until.get(session_id)
        return until is not None and until > self._clock()
