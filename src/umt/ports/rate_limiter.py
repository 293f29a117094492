"""The RateLimiter port: may this caller make one more request now?

Limits are ``limit`` requests per ``period_seconds``, allowing bursts of up to ``limit`` and
refilling smoothly (GCRA, the generic cell rate algorithm): no cliff at a window's edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RateDecision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: float  # until the bucket is full again
    retry_after_seconds: float  # until one request is allowed (0 when allowed)


class RateLimiter(Protocol):
    async def hit(self, key: str, *, limit: int, period_seconds: float) -> RateDecision:
        """Count one request against ``key``; refused requests count nothing."""
        ...
