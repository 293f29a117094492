"""The ObservationLog port: an experiment's exposure and conversion events, append-only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from umt.domain.experiments.observation import Observation


class ObservationLog(Protocol):
    async def append(self, observations: Sequence[Observation], metrics: Sequence[str]) -> int:
        """Store the observations whose ``(experiment_id, event_id)`` is new, in this unit of
        work's transaction; return how many were stored. A known event id is ignored (also a
        repeat inside ``observations``: the first one counts), which makes ingestion idempotent
        under redelivery. ``metrics`` are the experiment's metric names in its design order
        (primary first): an adapter may keep per-metric rollups by that position."""
        ...
