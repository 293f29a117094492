"""Schemas of the health probes."""

from __future__ import annotations

import msgspec

from umt.entrypoints.http.schemas.jobs import LoopOut


class Liveness(msgspec.Struct):
    status: str


class Readiness(msgspec.Struct):
    status: str
    checks: dict[str, str]
    down: list[str]
    # each circuit breaker by dependency name: closed, open or half-open
    breakers: dict[str, str] = msgspec.field(default_factory=dict)
    # the background loops of this process (the publication ticker): each one's last tick
    loops: dict[str, LoopOut] = msgspec.field(default_factory=dict)
