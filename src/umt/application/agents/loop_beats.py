"""The heartbeats of a process's background loops (the publication ticker, ...): each loop
reports its last tick here, the agent workers of the process send them with their own
heartbeats (``GET /api/v1/agents``) and ``/health/ready`` shows them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LoopBeat:
    """One tick of a loop: when, how many items it handed on, how late the oldest was."""

    agent: str  # the agent the loop runs beside
    last_tick: datetime
    handled: int
    lag_seconds: float
    counts: Mapping[str, int] = field(default_factory=dict)  # a loop's own tallies


class LoopBeats:
    """The latest beat of each loop of this process, by loop name."""

    def __init__(self) -> None:
        self._beats: dict[str, LoopBeat] = {}

    def record(self, name: str, beat: LoopBeat) -> None:
        self._beats[name] = beat

    def snapshot(self, agent: str | None = None) -> dict[str, LoopBeat]:
        """Every loop's latest beat (of ``agent``'s loops only, when given)."""
        return {n: b for n, b in self._beats.items() if agent is None or b.agent == agent}
