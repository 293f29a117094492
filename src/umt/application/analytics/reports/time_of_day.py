"""The time-of-day report: how the brand's publications did by the weekday and hour they
went out, in the brand's time zone. A publication counts in the period it was published in,
with its activity over that period (the rollup totals of its days there); a cell is a
(weekday, hour) with a publication in either period, beside the previous period's."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

from umt.application.analytics.dashboard import Period
from umt.application.analytics.reports.scope import (
    SOCIAL,
    SOCIAL_FIGURES,
    Scope,
    Table,
    added,
    grouped,
    read_totals,
    social_figures,
    table,
)
from umt.application.analytics.reports.views import ReportRow, compared, ratio
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.pagination import MAX_PAGE_SIZE, PageRequest
from umt.ports.publication_repository import PublicationFilter
from umt.ports.unit_of_work import UnitOfWork

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_PUBLICATIONS = 20_000  # published in both periods together; more: narrow the range
# a post goes out at or after its due time, seldom days later (retries, reconciliation)
LATE_MARGIN = timedelta(days=7)
FIGURES = ["publications", *SOCIAL_FIGURES, "impressions_per_publication"]
Cell = tuple[int, int]  # (weekday, hour), Monday 0


async def published_in(uow: UnitOfWork, scope: Scope) -> list[Publication]:
    """The brand's publications published from the previous period's first day to the
    period's last (the brand's days)."""
    start = datetime.combine(scope.previous.since, time(), scope.zone).astimezone(UTC)
    end = datetime.combine(scope.period.until + timedelta(days=1), time(), scope.zone)
    filters = PublicationFilter(
        brand_id=scope.brand_id,
        statuses=frozenset({PublicationStatus.PUBLISHED}),
        due_from=start - LATE_MARGIN,
        due_to=end.astimezone(UTC),
    )
    found: list[Publication] = []
    cursor: str | None = None
    while True:
        page = await uow.publications.list(
            scope.organization_id,
            filters,
            PageRequest(limit=MAX_PAGE_SIZE, cursor=cursor, sort="due_at"),
        )
        found += [p for p in page.items if p.published_at is not None]
        if len(found) > MAX_PUBLICATIONS:
            raise InvalidValue(
                f"more than {MAX_PUBLICATIONS:,} publications in the range: narrow it",
                field="from",
            )
        cursor = page.next_cursor
        if cursor is None:
            return found


def _cells(publications: Sequence[Publication], scope: Scope, period: Period) -> dict[UUID, Cell]:
    cells: dict[UUID, Cell] = {}
    for publication in publications:
        assert publication.published_at is not None  # noqa: S101 - published_in keeps these
        local = publication.published_at.astimezone(scope.zone)
        if period.since <= local.date() <= period.until:
            cells[publication.id] = (local.weekday(), local.hour)
    return cells


async def _by_cell(
    uow: UnitOfWork, scope: Scope, period: Period, cells: dict[UUID, Cell]
) -> tuple[dict[Cell, dict[Metric, Decimal]], dict[Cell, int]]:
    totals = await read_totals(uow, scope, period, (SubjectKind.PUBLICATION,), SOCIAL)
    per_subject = grouped(totals, lambda t: t.subject_id)
    values: defaultdict[Cell, list[dict[Metric, Decimal]]] = defaultdict(list)
    counts: defaultdict[Cell, int] = defaultdict(int)
    for publication_id, cell in cells.items():
        counts[cell] += 1
        values[cell].append(per_subject.get(publication_id, {}))
    return {cell: added(found) for cell, found in values.items()}, dict(counts)


def _figures(values: dict[Metric, Decimal], count: int) -> dict[str, Decimal | None]:
    found = social_figures(values)
    found["publications"] = Decimal(count)
    found["impressions_per_publication"] = ratio(found["impressions"], Decimal(count))
    return found


async def time_of_day_table(uow: UnitOfWork, scope: Scope, limit: int) -> Table:
    publications = await published_in(uow, scope)
    now, counted = await _by_cell(
        uow, scope, scope.period, _cells(publications, scope, scope.period)
    )
    then, counted_before = await _by_cell(
        uow, scope, scope.previous, _cells(publications, scope, scope.previous)
    )
    rows = [
        ReportRow(
            labels={"weekday": WEEKDAYS[cell[0]], "hour": f"{cell[1]:02d}"},
            figures=compared(
                _figures(now.get(cell, {}), counted.get(cell, 0)),
                _figures(then.get(cell, {}), counted_before.get(cell, 0)),
                FIGURES,
            ),
        )
        for cell in sorted({*now, *then})
    ]
    totals = compared(
        _figures(added(now.values()), sum(counted.values())),
        _figures(added(then.values()), sum(counted_before.values())),
        FIGURES,
    )
    return table(
        ["weekday", "hour"],
        FIGURES,
        rows,
        totals,
        limit=limit,
        notes=[
            "publications by the local weekday and hour they went out (the brand's time "
            "zone), each with its activity within its period"
        ],
    )
