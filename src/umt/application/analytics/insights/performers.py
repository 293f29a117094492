"""GetPerformers: a brand's top and bottom subjects (publications by default) over a range of
its days by a measure, each with its interval, its effect against the brand's median subject,
and the rollup sums behind it (``domain/analytics/insights/performers.py``). Read from the
rollups only, on demand; nothing is stored."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import ClassVar
from uuid import UUID
from zoneinfo import ZoneInfo

from umt.application.agents.names import Agent
from umt.application.analytics.insights.access import brand_of
from umt.application.analytics.insights.drafts import rounded
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.analytics.insights.measures import Measure
from umt.domain.analytics.insights.performers import Candidate, Performer, rank
from umt.domain.analytics.rollups import local_day
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.brand_reader import BrandReader
from umt.ports.clock import Clock
from umt.ports.rollup_totals import SubjectTotal, TotalsQuery
from umt.ports.unit_of_work import UnitOfWork

DEFAULT_DAYS = 28
MAX_DAYS = 400
MAX_LIMIT = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class GetPerformers:
    use_case: ClassVar = UseCase(
        Permission.ANALYTICS_READ, task="insights.performers", agent=Agent.CONTENT_STRATEGY
    )
    brand_id: UUID
    measure: str = "engagement_rate"
    since: date | None = None  # default: ``DEFAULT_DAYS`` days up to ``until``
    until: date | None = None  # default: the brand's yesterday (the latest complete day)
    subject_kind: str = SubjectKind.PUBLICATION.value
    limit: int = 5
    min_trials: int = 100  # a rate's subjects need this many trials (impressions, …)


@dataclass(frozen=True, slots=True, kw_only=True)
class SubjectPerformance:
    subject_kind: str
    subject_id: UUID
    channel: str
    value: float
    interval: tuple[float, float]
    lift: float | None  # value / brand median - 1
    difference: float  # value - brand median
    clear: bool  # the interval excludes the brand median
    trials: float | None
    evidence: list[SubjectTotal]  # the rollup sums behind it, per metric and channel


@dataclass(frozen=True, slots=True, kw_only=True)
class PerformersReport:
    brand_id: UUID
    measure: str
    since: date
    until: date
    interval: str  # "wilson" (rates) or "poisson_sqrt" (counts), 95 %
    brand_median: float
    brand_mean: float
    subjects: int
    top: list[SubjectPerformance]
    bottom: list[SubjectPerformance]


async def get_performers(
    cmd: GetPerformers, ctx: Context, *, clock: Clock, brand_reader: BrandReader
) -> PerformersReport:
    actor, brand = await brand_of(
        ctx, GetPerformers.use_case.permission, cmd.brand_id, brand_reader
    )
    async with ctx.uow as uow:
        return await performers_of(
            uow, actor.organization_id, brand.time_zone, cmd, now=clock.now()
        )


async def performers_of(
    uow: UnitOfWork,
    organization_id: OrganizationId,
    time_zone: str,
    cmd: GetPerformers,
    *,
    now: datetime,
) -> PerformersReport:
    """The performers ``cmd`` asks for, of a brand in ``time_zone``, read in ``uow`` (which
    the caller opened; ``cmd`` is checked here, the caller's access is not): what the
    insight answers and what evergreen recycling picks its winners from."""
    measure = Measure.parse(cmd.measure)
    try:
        kind = SubjectKind(cmd.subject_kind)
    except ValueError:
        raise InvalidValue(
            f"unknown subject kind {cmd.subject_kind!r}", field="subject_kind"
        ) from None
    if not 1 <= cmd.limit <= MAX_LIMIT:
        raise InvalidValue(f"limit lies between 1 and {MAX_LIMIT}", field="limit")
    if cmd.min_trials < 0:
        raise InvalidValue("min_trials is 0 or more", field="min_trials")
    until = cmd.until or local_day(now, ZoneInfo(time_zone)) - timedelta(days=1)
    since = cmd.since or until - timedelta(days=DEFAULT_DAYS - 1)
    if since > until:
        raise InvalidValue("from is on or before to", field="from")
    if (until - since).days >= MAX_DAYS:
        raise InvalidValue(f"a range spans at most {MAX_DAYS} days", field="to")
    query = TotalsQuery(
        organization_id=organization_id,
        brand_id=BrandId(cmd.brand_id),
        since=since,
        until=until,
        metrics=measure.metrics,
        subject_kinds=frozenset({kind}),
    )
    sums = await uow.rollup_totals.subject_totals(query)
    by_subject: defaultdict[UUID, list[SubjectTotal]] = defaultdict(list)
    for item in sums:
        if item.currency is not None:
            continue  # money: the measures count, they never add currencies
        by_subject[item.subject_id].append(item)
    candidates = [_candidate(measure, subject, rows) for subject, rows in by_subject.items()]
    ranking = rank(candidates, limit=cmd.limit, min_trials=float(cmd.min_trials))

    def shown(performer: Performer[UUID]) -> SubjectPerformance:
        rows = by_subject[performer.key]
        totals = _totals(rows)
        return SubjectPerformance(
            subject_kind=kind.value,
            subject_id=performer.key,
            channel=rows[0].channel.value,
            value=rounded(performer.value) or 0.0,
            interval=(
                rounded(performer.interval.low) or 0.0,
                rounded(performer.interval.high) or 0.0,
            ),
            lift=rounded(performer.lift),
            difference=rounded(performer.difference) or 0.0,
            clear=performer.clear,
            trials=measure.denominator(totals),
            evidence=rows,
        )

    return PerformersReport(
        brand_id=cmd.brand_id,
        measure=measure.name,
        since=since,
        until=until,
        interval="poisson_sqrt" if measure.rate is None else "wilson",
        brand_median=rounded(ranking.median) or 0.0,
        brand_mean=rounded(ranking.mean) or 0.0,
        subjects=ranking.subjects,
        top=[shown(p) for p in ranking.top],
        bottom=[shown(p) for p in ranking.bottom],
    )


def _totals(rows: list[SubjectTotal]) -> dict[Metric, float]:
    totals: defaultdict[Metric, float] = defaultdict(float)
    for row in rows:
        totals[row.metric] += float(row.value)
    return dict(totals)


def _candidate(measure: Measure, subject: UUID, rows: list[SubjectTotal]) -> Candidate[UUID]:
    totals = _totals(rows)
    return Candidate(subject, measure.numerator(totals), measure.denominator(totals))
