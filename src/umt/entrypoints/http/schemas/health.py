"""Schemas of the health probes."""

from __future__ import annotations

import msgspec


class Liveness(msgspec.Struct):
    status: str


class Readiness(msgspec.Struct):
    status: str
    checks: dict[str, str]
    down: list[str]
    # each circuit breaker by dependency name: closed, open or half-open
    breakers: dict[str, str] = msgspec.field(default_factory=dict)
