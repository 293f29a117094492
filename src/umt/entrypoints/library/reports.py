"""``platform.reports`` (as /api/v1/brands/{brand_id}/analytics/reports).

A brand's reports over a range of its days, each figure beside the previous period of the
same length, read from the daily rollups, their CSV and XLSX files, and scheduled reports
with what they delivered (docs/analytics.md, "Reports").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from umt.application.analytics.reports.export import ExportAnalyticsReport, ReportFile
from umt.application.analytics.reports.get_report import DEFAULT_LIMIT, GetAnalyticsReport
from umt.application.analytics.reports.schedule_commands import (
    CreateReportSchedule,
    DeleteReportSchedule,
    UpdateReportSchedule,
)
from umt.application.analytics.reports.schedule_queries import (
    GetReportDelivery,
    ListReportSchedules,
)
from umt.application.analytics.reports.schedule_views import (
    ReportDeliveryView,
    ReportScheduleView,
    report_delivery_view,
    report_schedule_view,
)
from umt.application.analytics.reports.views import Report, ReportKind
from umt.domain.analytics.report_delivery import ReportDelivery
from umt.domain.analytics.report_schedule import ReportSchedule
from umt.entrypoints.library.session import BusApi, Session


class ReportsApi(BusApi):
    """The reports and their files (``analytics:read``), the schedules (``analytics:manage``
    to change)."""

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

    async def create_schedule(
        self,
        session: Session,
        brand_id: UUID,
        kind: ReportKind | str,
        *,
        recipients: Sequence[str] = (),
        range_days: int = 7,
        cadence: str = "weekly",
        weekday: int | None = 0,
        hour: int = 8,
        webhook: bool = False,
        file_format: str = "csv",
    ) -> ReportScheduleView:
        """Deliver the ``kind`` report of the last ``range_days`` whole days daily, or weekly
        on ``weekday`` (0 Monday), at ``hour`` in the brand's time zone: mailed to
        ``recipients`` with the file attached and, with ``webhook``, announced as
        ``report.ready`` (``analytics:manage``)."""
        command = CreateReportSchedule(
            brand_id=brand_id,
            kind=str(kind),
            range_days=range_days,
            cadence=cadence,
            weekday=weekday,
            hour=hour,
            recipients=recipients,
            webhook=webhook,
            file_format=file_format,
        )
        return report_schedule_view(await self._ask(session, command, ReportSchedule))

    async def update_schedule(
        self,
        session: Session,
        schedule_id: UUID,
        changes: Mapping[str, Any],
        *,
        expected_version: int | None = None,
    ) -> ReportScheduleView:
        """Change any field of a schedule but its brand; its next run is computed again."""
        command = UpdateReportSchedule(
            schedule_id=schedule_id, changes=changes, expected_version=expected_version
        )
        return report_schedule_view(await self._ask(session, command, ReportSchedule))

    async def delete_schedule(
        self, session: Session, schedule_id: UUID, *, expected_version: int | None = None
    ) -> None:
        """Delete a schedule; what it delivered stays fetchable."""
        command = DeleteReportSchedule(schedule_id=schedule_id, expected_version=expected_version)
        await self._send(session, command)

    async def schedules(self, session: Session, brand_id: UUID) -> list[ReportScheduleView]:
        """The brand's report schedules, oldest first."""
        found = await self._ask(session, ListReportSchedules(brand_id=brand_id), list)
        return [report_schedule_view(schedule) for schedule in found]

    async def delivery(self, session: Session, delivery_id: UUID) -> ReportDeliveryView:
        """A delivered run (its ``content``, ``filename``, ``media_type``), as the
        ``report.ready`` event names it."""
        query = GetReportDelivery(delivery_id=delivery_id)
        return report_delivery_view(await self._ask(session, query, ReportDelivery))
