"""What every report builder reads from: the brand, its zone and the two periods, and the
rollup totals of a period grouped the way a report needs them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar
from zoneinfo import ZoneInfo

from umt.application.analytics.dashboard import Period
from umt.application.analytics.reports.views import Figure, ReportRow, ratio
from umt.domain.analytics.rollups import ZERO
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.rollup_totals import SubjectTotal, TotalsQuery
from umt.ports.unit_of_work import UnitOfWork

K = TypeVar("K", bound=Hashable)

# the organic metrics a content or channel report shows, and those that count as engagement
SOCIAL = (
    Metric.IMPRESSIONS,
    Metric.REACH,
    Metric.LIKES,
    Metric.COMMENTS,
    Metric.SHARES,
    Metric.SAVES,
    Metric.CLICKS,
    Metric.VIDEO_VIEWS,
)
ENGAGEMENT = (Metric.LIKES, Metric.COMMENTS, Metric.SHARES, Metric.SAVES)
SOCIAL_FIGURES = [*(m.value for m in SOCIAL), "engagements", "engagement_rate"]
MAX_LIMIT = 1000  # rows a report shows at most (the totals still count every row)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scope:
    organization_id: OrganizationId
    brand_id: BrandId
    zone: ZoneInfo
    period: Period
    previous: Period


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """What a builder makes; the use case frames it as a ``Report``."""

    dimensions: list[str]
    figures: list[str]
    rows: list[ReportRow]
    totals: dict[str, Figure]
    truncated: bool = False
    notes: list[str] = field(default_factory=list)


async def read_totals(
    uow: UnitOfWork,
    scope: Scope,
    period: Period,
    kinds: Iterable[SubjectKind],
    metrics: Iterable[Metric],
) -> Sequence[SubjectTotal]:
    query = TotalsQuery(
        organization_id=scope.organization_id,
        brand_id=scope.brand_id,
        since=period.since,
        until=period.until,
        metrics=frozenset(metrics),
        subject_kinds=frozenset(kinds),
    )
    return await uow.rollup_totals.subject_totals(query)


def grouped(
    totals: Iterable[SubjectTotal], key: Callable[[SubjectTotal], K]
) -> dict[K, dict[Metric, Decimal]]:
    """The totals' values added up per ``key`` and metric."""
    found: defaultdict[K, defaultdict[Metric, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for item in totals:
        found[key(item)][item.metric] += item.value
    return {k: dict(v) for k, v in found.items()}


def added(groups: Iterable[dict[Metric, Decimal]]) -> dict[Metric, Decimal]:
    every: defaultdict[Metric, Decimal] = defaultdict(Decimal)
    for values in groups:
        for metric, value in values.items():
            every[metric] += value
    return dict(every)


def social_figures(values: dict[Metric, Decimal]) -> dict[str, Decimal | None]:
    """The organic metrics, the engagements (likes, comments, shares, saves) and the
    engagement rate (engagements per impression; None without impressions)."""
    found: dict[str, Decimal | None] = {m.value: values.get(m, ZERO) for m in SOCIAL}
    engagements = sum((values.get(m, ZERO) for m in ENGAGEMENT), ZERO)
    found["engagements"] = engagements
    found["engagement_rate"] = ratio(engagements, values.get(Metric.IMPRESSIONS, ZERO))
    return found


def descending(figure: str) -> Callable[[ReportRow], tuple[Decimal, str]]:
    """Rows by ``figure``, largest first (a missing one last), then by their labels."""

    def key(row: ReportRow) -> tuple[Decimal, str]:
        value = row.figures[figure].value
        return (-(value if value is not None else Decimal("-Infinity")), repr(row.labels))

    return key


def table(
    dimensions: list[str],
    figures: list[str],
    rows: list[ReportRow],
    totals: dict[str, Figure],
    *,
    limit: int,
    notes: list[str],
) -> Table:
    """The first ``limit`` rows (``truncated`` when there were more) and the totals."""
    return Table(
        dimensions=dimensions,
        figures=figures,
        rows=rows[:limit],
        totals=totals,
        truncated=len(rows) > limit,
        notes=notes,
    )
