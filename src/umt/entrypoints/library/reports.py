"""``platform.reports`` (as /api/v1/brands/{brand_id}/analytics/reports).

A brand's reports over a range of its days, each figure beside the previous period of the
same length, read from the daily rollups (docs/analytics.md, "Reports").
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from umt.application.analytics.reports.export import ExportAnalyticsReport, ReportFile
from umt.application.analytics.reports.get_report import DEFAULT_LIMIT, GetAnalyticsReport
from umt.application.analytics.reports.views import Report, ReportKind
from umt.entrypoints.library.session import BusApi, Session


class ReportsApi(BusApi):
    """The reports (``analytics:read``)."""

    async def report(
        self,
        session: Session,
        brand_id: UUID,
        kind: ReportKind | str,
        *,
        since: date | None = None,
        until: date | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> Report:
        """The ``kind`` report (content, channels, campaigns, time_of_day, experiments) over
        ``since``..``until`` (the brand's days; default: the 28 days up to today)."""
        query = GetAnalyticsReport(
            brand_id=brand_id, kind=str(kind), start=since, end=until, limit=limit
        )
        return await self._ask(session, query, Report)

    async def export(
        self,
        session: Session,
        brand_id: UUID,
        kind: ReportKind | str,
        file_format: str = "csv",
        *,
        since: date | None = None,
        until: date | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> ReportFile:
        """The same report as a file, ``file_format`` csv or xlsx (``.filename``,
        ``.media_type``, ``.content``); text a spreadsheet would run as a formula is prefixed
        with an apostrophe."""
        command = ExportAnalyticsReport(
            brand_id=brand_id,
            kind=str(kind),
            format=file_format,
            start=since,
            end=until,
            limit=limit,
        )
        return await self._ask(session, command, ReportFile)
