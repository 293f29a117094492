"""What a report is: a table of rows, each named by its labels (the subject, the channel, the
campaign, the weekday and hour) and carrying figures, each figure beside its value in the
previous period of the same length and the relative change. One shape for every kind, so the
exports (CSV, XLSX) and the HTTP answer need no knowledge of a kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from umt.application.analytics.dashboard import Period

CHANGE_QUANTUM = Decimal("0.000001")


class ReportKind(StrEnum):
    CONTENT = "content"  # per content piece and publication
    CHANNELS = "channels"  # channel against channel
    CAMPAIGNS = "campaigns"  # spend, conversions, ROAS, CPA per campaign
    TIME_OF_DAY = "time_of_day"  # by the local weekday and hour of publishing
    EXPERIMENTS = "experiments"  # the experiments concluded in the range


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """A figure and its value in the previous period; ``change`` is (value - previous) /
    previous, None where it cannot be computed (no previous value, or zero). A ratio whose
    denominator is zero (ROAS without spend) is None, never an error."""

    value: Decimal | None
    previous: Decimal | None = None
    change: Decimal | None = None

    @classmethod
    def compare(cls, value: Decimal | None, previous: Decimal | None) -> Figure:
        change = None
        if value is not None and previous is not None and previous != 0:
            change = plain(((value - previous) / abs(previous)).quantize(CHANGE_QUANTUM))
        return cls(value=plain(value), previous=plain(previous), change=change)


def plain(value: Decimal | None) -> Decimal | None:
    """Without trailing zeros (``190``, ``12.5``), so a figure reads the same in JSON, in an
    agent task's result and in an export."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportRow:
    labels: dict[str, str | None]  # by the report's ``dimensions``
    figures: dict[str, Figure]  # by the report's ``figures``


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    kind: ReportKind
    brand_id: UUID
    time_zone: str
    period: Period
    previous: Period  # as long, just before ``period``
    provisional_from: date  # days from this one on may still change (the late-data window)
    dimensions: list[str]  # the labels' names, in column order
    figures: list[str]  # the figures' names, in column order
    rows: list[ReportRow]
    totals: dict[str, Figure]  # over every row (also those cut by the limit)
    truncated: bool = False  # more rows than the limit: the first ones by the report's order
    notes: list[str] = field(default_factory=list)  # how to read it


def ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """``numerator / denominator`` to six places; None when either is missing or the
    denominator is zero (a CPA without conversions is shown empty, not infinite)."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return (numerator / denominator).quantize(CHANGE_QUANTUM)


def compared(
    current: dict[str, Decimal | None], previous: dict[str, Decimal | None], names: list[str]
) -> dict[str, Figure]:
    """Every figure of ``names`` beside its previous value (a missing one: None)."""
    return {name: Figure.compare(current.get(name), previous.get(name)) for name in names}
