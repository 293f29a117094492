"""GetBrandDashboard: a brand's metrics per day and channel over a date range, beside the
previous period of the same length, read from the daily rollups only (never a raw sample).

Days are the brand's (its time zone). A day's value is the change of the brand's totals that
day (the sum of its subjects' buckets); money metrics come per currency, never added across.
Days from the late-data window's first open day on are provisional: late samples may still
change them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import ClassVar
from uuid import UUID
from zoneinfo import ZoneInfo

from umt.application.analytics.config import AnalyticsConfig
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.analytics.rollups import ZERO, first_open_day, local_day
from umt.domain.brand.channels import Channel
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.domain.shared.ids import BrandId
from umt.domain.shared.metrics import Metric
from umt.ports.brand_reader import BrandReader
from umt.ports.clock import Clock
from umt.ports.metric_rollups import RollupQuery, RollupSum

# what a dashboard shows unless asked otherwise: reach and engagement
DEFAULT_METRICS = (
    Metric.IMPRESSIONS,
    Metric.REACH,
    Metric.CLICKS,
    Metric.LIKES,
    Metric.COMMENTS,
    Metric.SHARES,
)
CHANGE_QUANTUM = Decimal("0.000001")
DEFAULT_DAYS = 30
MAX_DAYS = 400


@dataclass(frozen=True, slots=True, kw_only=True)
class GetBrandDashboard:
    use_case: ClassVar = UseCase(Permission.ANALYTICS_READ)

    brand_id: UUID
    since: date | None = None  # the first day; default: ``DEFAULT_DAYS`` days up to ``until``
    until: date | None = None  # the last day (included); default: today, in the brand's zone
    metrics: tuple[Metric, ...] = ()  # default: DEFAULT_METRICS
    channels: tuple[Channel, ...] = ()  # default: every channel


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    since: date
    until: date

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelSeries:
    channel: Channel
    daily: list[Decimal]  # one value per day of the period, in order (zero: no change)
    total: Decimal
    previous_total: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricSeries:
    metric: Metric
    currency: str | None  # money metrics: one series per currency
    daily: list[Decimal]  # every channel's, per day of the period
    total: Decimal
    previous_total: Decimal
    change: Decimal | None  # (total - previous) / previous, 6 places; None if previous is 0
    channels: list[ChannelSeries]  # by channel name


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandDashboard:
    brand_id: UUID
    time_zone: str
    period: Period
    previous: Period  # as long, just before
    provisional_from: date  # days from this one on may still change (the late-data window)
    metrics: list[MetricSeries]  # in the order asked, then by currency


async def get_brand_dashboard(
    cmd: GetBrandDashboard,
    ctx: Context,
    *,
    clock: Clock,
    brand_reader: BrandReader,
    analytics: AnalyticsConfig,
) -> BrandDashboard:
    actor = ctx.actor()
    actor.require(GetBrandDashboard.use_case.permission)
    actor.require_brand(cmd.brand_id)
    brand = await brand_reader.get(actor.organization_id, BrandId(cmd.brand_id))
    if brand is None:
        raise NotFound(f"brand {cmd.brand_id} not found")  # another tenant's too
    zone = ZoneInfo(brand.time_zone)
    now = clock.now()
    period = _period(cmd, local_day(now, zone))
    previous = Period(
        since=period.since - timedelta(days=period.days), until=period.since - timedelta(days=1)
    )
    metrics = tuple(dict.fromkeys(cmd.metrics or DEFAULT_METRICS))
    query = RollupQuery(
        organization_id=actor.organization_id,
        brand_id=BrandId(cmd.brand_id),
        since=previous.since,
        until=period.until,
        metrics=frozenset(metrics),
        channels=frozenset(cmd.channels) if cmd.channels else None,
    )
    async with ctx.uow as uow:
        sums = await uow.metric_rollups.daily_sums(query)
    return BrandDashboard(
        brand_id=cmd.brand_id,
        time_zone=brand.time_zone,
        period=period,
        previous=previous,
        provisional_from=first_open_day(now, zone, analytics.late_days),
        metrics=_series(sums, metrics, period),
    )


def _period(cmd: GetBrandDashboard, today: date) -> Period:
    until = cmd.until or today
    since = cmd.since or until - timedelta(days=DEFAULT_DAYS - 1)
    if since > until:
        raise InvalidValue("from is on or before to", field="from")
    if (until - since).days >= MAX_DAYS:
        raise InvalidValue(f"a dashboard spans at most {MAX_DAYS} days", field="to")
    return Period(since=since, until=until)


def _series(
    sums: Sequence[RollupSum], metrics: tuple[Metric, ...], period: Period
) -> list[MetricSeries]:
    width = period.days
    current: defaultdict[tuple[Metric, str | None], dict[Channel, list[Decimal]]] = defaultdict(
        dict
    )
    before: defaultdict[tuple[Metric, str | None], dict[Channel, Decimal]] = defaultdict(dict)
    for item in sums:
        key = (item.metric, item.currency)
        if item.day < period.since:
            before[key][item.channel] = before[key].get(item.channel, ZERO) + item.value
            continue
        days = current[key].get(item.channel)
        if days is None:
            days = current[key][item.channel] = [ZERO] * width
        days[(item.day - period.since).days] += item.value
    found: list[MetricSeries] = []
    for metric in metrics:
        found_in = {currency for m, currency in (*current, *before) if m == metric}
        # a metric without any bucket still shows, as zeros
        currencies = sorted(found_in, key=lambda c: c or "") or [None]
        for currency in currencies:
            key = (metric, currency)
            found.append(_one(metric, currency, current.get(key, {}), before.get(key, {}), width))
    return found


def _one(
    metric: Metric,
    currency: str | None,
    current: dict[Channel, list[Decimal]],
    before: dict[Channel, Decimal],
    width: int,
) -> MetricSeries:
    channels = [
        ChannelSeries(
            channel=channel,
            daily=current.get(channel, [ZERO] * width),
            total=sum(current.get(channel, ()), ZERO),
            previous_total=before.get(channel, ZERO),
        )
        for channel in sorted({*current, *before}, key=lambda c: c.value)
    ]
    total = sum((c.total for c in channels), ZERO)
    previous_total = sum((c.previous_total for c in channels), ZERO)
    daily = [sum(values, ZERO) for values in zip(*(c.daily for c in channels), strict=True)]
    return MetricSeries(
        metric=metric,
        currency=currency,
        daily=daily or [ZERO] * width,
        total=total,
        previous_total=previous_total,
        change=None
        if previous_total == 0
        else ((total - previous_total) / previous_total).quantize(CHANGE_QUANTUM),
        channels=channels,
    )
