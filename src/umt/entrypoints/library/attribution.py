"""``platform.attribution`` (as /api/v1/brands/{brand_id}/attribution).

Record a brand's conversion paths (a JSON batch or a CSV upload) and the clicks and
conversions its site sees on umt's tagged links; read how seven attribution models share the
conversions among channels, campaigns or contents. The credits are an association, not
causation (docs/attribution.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from umt.application.attribution.record_paths import PathsRecorded, RecordConversionPaths
from umt.application.attribution.report import DEFAULT_HALF_LIFE_HOURS, GetAttributionReport
from umt.application.attribution.tagged_events import RecordTaggedEvents, TaggedEventsRecorded
from umt.application.attribution.views import AttributionReport
from umt.entrypoints.library.session import BusApi, Session


class AttributionApi(BusApi):
    """Paths and events in (``analytics:manage``), the report out (``analytics:read``)."""

    async def record_paths(
        self,
        session: Session,
        brand_id: UUID,
        *,
        paths: Sequence[Mapping[str, Any]] | None = None,
        csv: str | None = None,
    ) -> PathsRecorded:
        """Store ``paths`` (JSON objects) or the paths of ``csv``; all or nothing
        (``PathsRejected`` lists every bad value), idempotent by path key."""
        command = RecordConversionPaths(brand_id=brand_id, paths=paths, csv=csv)
        return await self._ask(session, command, PathsRecorded)

    async def record_events(
        self,
        session: Session,
        brand_id: UUID,
        events: Sequence[Mapping[str, Any]],
        *,
        lookback_days: int = 30,
    ) -> TaggedEventsRecorded:
        """Clicks on tagged links and conversions; a conversion closes the visitor's clicks
        of the last ``lookback_days`` into a conversion path. Idempotent by event id."""
        command = RecordTaggedEvents(brand_id=brand_id, events=events, lookback_days=lookback_days)
        return await self._ask(session, command, TaggedEventsRecorded)

    async def report(
        self,
        session: Session,
        brand_id: UUID,
        *,
        start: date | str | None = None,
        end: date | str | None = None,
        dimension: str = "channel",
        models: Sequence[str] | None = None,
        half_life_hours: float = DEFAULT_HALF_LIFE_HOURS,
    ) -> AttributionReport:
        """Each key's credit under each model over whole days in the brand's time zone
        (default: the 30 days up to today)."""
        query = GetAttributionReport(
            brand_id=brand_id,
            start=start,
            end=end,
            dimension=dimension,
            models=models,
            half_life_hours=half_life_hours,
        )
        return await self._ask(session, query, AttributionReport)
