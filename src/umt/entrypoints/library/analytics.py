"""``platform.analytics`` (as /api/v1/analytics).

Ingest metric samples from outside the platform syncs (a batch of rows, or a CSV file's
text), idempotent by the sample key and refused as a whole with every bad row listed
(``InvalidSamples``), and read a brand's dashboard from the daily rollups.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from umt.application.analytics.dashboard import BrandDashboard, GetBrandDashboard
from umt.application.analytics.ingest_csv import IngestSampleCsv
from umt.application.analytics.ingest_samples import IngestReport, IngestSamples
from umt.domain.brand.channels import Channel
from umt.domain.shared.metrics import Metric
from umt.entrypoints.library.metrics import named
from umt.entrypoints.library.session import BusApi, Session


class AnalyticsApi(BusApi):
    """Ingesting samples (``analytics:manage``) and the dashboard (``analytics:read``)."""

    async def ingest(
        self,
        session: Session,
        brand_id: UUID,
        samples: Sequence[Mapping[str, Any]],
        *,
        source: str = "api",
    ) -> IngestReport:
        """Store a brand's samples (each a mapping: ``subject_kind``, ``subject_id``,
        ``channel``, ``metric``, ``value``, ``observed_at``, optionally ``raw_name`` and
        ``currency``; typed values such as ``UUID``, ``datetime`` and ``Decimal`` are taken
        as they are) and recompute the rollups of the series they touch."""
        command = IngestSamples(brand_id=brand_id, samples=samples, source=source)
        return await self._ask(session, command, IngestReport)

    async def ingest_csv(
        self, session: Session, brand_id: UUID, content: str | bytes, *, source: str = "csv"
    ) -> IngestReport:
        """The same from a CSV file's text (its first line names the columns)."""
        command = IngestSampleCsv(brand_id=brand_id, content=content, source=source)
        return await self._ask(session, command, IngestReport)

    async def dashboard(
        self,
        session: Session,
        brand_id: UUID,
        *,
        since: date | None = None,
        until: date | None = None,
        metrics: Iterable[Metric | str] = (),
        channels: Iterable[Channel | str] = (),
    ) -> BrandDashboard:
        """The brand's metrics per day and channel over ``since``..``until`` (its days),
        beside the previous period as long."""
        query = GetBrandDashboard(
            brand_id=brand_id,
            since=since,
            until=until,
            metrics=tuple(named(Metric, m, "metrics") for m in metrics),
            channels=tuple(named(Channel, c, "channels") for c in channels),
        )
        return await self._ask(session, query, BrandDashboard)
