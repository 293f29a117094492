"""Schemas of the analytics reports: one table shape for every kind (labels and figures per
row, each figure beside the previous period's), exact decimals as text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import msgspec

from umt.application.analytics.reports.views import Figure, Report, ReportRow
from umt.entrypoints.http.schemas.analytics import PeriodOut, exact


class FigureOut(msgspec.Struct):
    value: str | None  # null: not computable (a ratio over zero: ROAS without spend)
    previous: str | None  # the same figure over the previous period
    change: str | None  # (value - previous) / |previous|; null when previous is 0 or null


class ReportRowOut(msgspec.Struct):
    labels: dict[str, str | None]
    figures: dict[str, FigureOut]


class ReportOut(msgspec.Struct):
    kind: str
    brand_id: UUID
    time_zone: str
    period: PeriodOut
    previous: PeriodOut  # as long, just before
    provisional_from: date  # from this day on, late samples may still change the figures
    dimensions: list[str]  # the labels' names, in column order
    figures: list[str]  # the figures' names, in column order
    rows: list[ReportRowOut]
    totals: dict[str, FigureOut]  # over every row, also those past the limit
    truncated: bool  # more rows than the limit
    notes: list[str]


def _text(value: Decimal | None) -> str | None:
    return None if value is None else exact(value)


def figure_out(figure: Figure) -> FigureOut:
    return FigureOut(
        value=_text(figure.value), previous=_text(figure.previous), change=_text(figure.change)
    )


def _row(row: ReportRow) -> ReportRowOut:
    return ReportRowOut(
        labels=row.labels, figures={k: figure_out(v) for k, v in row.figures.items()}
    )


def report_out(report: Report) -> ReportOut:
    return ReportOut(
        kind=report.kind.value,
        brand_id=report.brand_id,
        time_zone=report.time_zone,
        period=PeriodOut(from_=report.period.since, to=report.period.until),
        previous=PeriodOut(from_=report.previous.since, to=report.previous.until),
        provisional_from=report.provisional_from,
        dimensions=report.dimensions,
        figures=report.figures,
        rows=[_row(r) for r in report.rows],
        totals={k: figure_out(v) for k, v in report.totals.items()},
        truncated=report.truncated,
        notes=report.notes,
    )
