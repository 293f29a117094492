"""ExportAnalyticsReport: a report as a CSV or XLSX file (a download, or a scheduled
delivery's attachment). The table is flattened to one column per label and three per figure
(its value, its previous value, its change), the totals as a last row; the XLSX file adds a
sheet saying what the table is (brand, periods, time zone, notes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar
from uuid import UUID

from umt.application.analytics.config import AnalyticsConfig
from umt.application.analytics.reports.get_report import (
    DEFAULT_LIMIT,
    GetAnalyticsReport,
    get_analytics_report,
)
from umt.application.analytics.reports.views import Figure, Report
from umt.application.services import Context
from umt.application.shared.inputs import enum_value
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.ports.brand_reader import BrandReader
from umt.ports.clock import Clock
from umt.ports.report_files import Cell, ExportFormat, ReportFiles, Sheet

# far above what 1,000 rows make (a few hundred kB): the bound keeps a mail attachment sane
MAX_EXPORT_BYTES = 5 * 1024 * 1024
TOTAL = "total"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportAnalyticsReport:
    use_case: ClassVar = UseCase(Permission.ANALYTICS_READ)
    brand_id: UUID
    kind: str
    format: str  # csv | xlsx
    start: date | str | None = None
    end: date | str | None = None
    limit: int = DEFAULT_LIMIT


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportFile:
    filename: str  # e.g. campaigns-2026-03-01-2026-03-28.csv
    media_type: str
    content: bytes


async def export_analytics_report(
    cmd: ExportAnalyticsReport,
    ctx: Context,
    *,
    clock: Clock,
    brand_reader: BrandReader,
    analytics: AnalyticsConfig,
    report_files: ReportFiles,
) -> ReportFile:
    file_format = enum_value(ExportFormat, cmd.format, "format")
    query = GetAnalyticsReport(
        brand_id=cmd.brand_id, kind=cmd.kind, start=cmd.start, end=cmd.end, limit=cmd.limit
    )
    report = await get_analytics_report(
        query, ctx, clock=clock, brand_reader=brand_reader, analytics=analytics
    )
    return render_report(report, file_format, report_files)


def render_report(report: Report, file_format: ExportFormat, files: ReportFiles) -> ReportFile:
    rendered = files.render(sheet_of(report), file_format, max_bytes=MAX_EXPORT_BYTES)
    period = report.period
    return ReportFile(
        filename=f"{report.kind.value}-{period.since}-{period.until}.{file_format.value}",
        media_type=rendered.media_type,
        content=rendered.content,
    )


def _figure_cells(figure: Figure | None) -> tuple[Cell, ...]:
    if figure is None:
        return (None, None, None)
    return (figure.value, figure.previous, figure.change)


def sheet_of(report: Report) -> Sheet:
    header = [*report.dimensions]
    for name in report.figures:
        header += [name, f"{name}_previous", f"{name}_change"]
    rows: list[tuple[Cell, ...]] = []
    for row in report.rows:
        cells: list[Cell] = [row.labels.get(name) for name in report.dimensions]
        for name in report.figures:
            cells += _figure_cells(row.figures.get(name))
        rows.append(tuple(cells))
    total: list[Cell] = [TOTAL, *([None] * (len(report.dimensions) - 1))]
    for name in report.figures:
        total += _figure_cells(report.totals.get(name))
    rows.append(tuple(total))
    about = (
        ("report", report.kind.value),
        ("brand_id", str(report.brand_id)),
        ("from", str(report.period.since)),
        ("to", str(report.period.until)),
        ("previous_from", str(report.previous.since)),
        ("previous_to", str(report.previous.until)),
        ("time_zone", report.time_zone),
        ("provisional_from", str(report.provisional_from)),
        ("truncated", "yes" if report.truncated else "no"),
        *(("note", note) for note in report.notes),
    )
    return Sheet(title=report.kind.value, header=tuple(header), rows=tuple(rows), about=about)
