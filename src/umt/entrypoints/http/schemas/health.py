"""Schemas of the health probes."""

from __future__ import annotations

import msgspec


class Liveness(msgspec.Struct):
    status: str


class Readiness(msgspec.Struct):
    status: str
    checks: dict[str, str]
    down: list[str]
