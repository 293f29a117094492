"""Schemas of the analytics context: ingested sample batches and the brand dashboard."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import Meta

from umt.application.analytics.dashboard import BrandDashboard, MetricSeries
from umt.application.analytics.ingest_samples import IngestReport
from umt.entrypoints.http.schemas.common import Input

Source = Annotated[str, Meta(min_length=1, max_length=40, examples=["tiktok_export"])]
EXAMPLE_SAMPLES = [
    {
        "subject_kind": "publication",
        "subject_id": "0190c0de-0000-7000-8000-000000000003",
        "channel": "tiktok",
        "metric": "video_views",
        "value": 1200,
        "observed_at": "2026-03-18T10:00:00Z",
        "raw_name": "play_count",
    },
    {
        "subject_kind": "ad",
        "subject_id": "0190c0de-0000-7000-8000-000000000004",
        "channel": "meta_ads",
        "metric": "spend",
        "value": "12.50",
        "observed_at": "2026-03-18T10:00:00Z",
        "currency": "EUR",
    },
]


class SampleBatch(Input):
    """The brand's samples, validated all or nothing (a 422 lists every bad row, as
    ``samples[i].field``). Each: ``subject_kind``, ``subject_id``, ``channel``, ``metric``,
    ``value`` (the cumulative total: a number or a decimal string), ``observed_at`` (ISO 8601
    with a zone), optionally ``raw_name`` and ``currency`` (``spend``, ``conversion_value``).
    Idempotent by the sample key (organization, subject, metric, observed_at, source)."""

    samples: Annotated[list[dict[str, Any]], Meta(min_length=1, examples=[EXAMPLE_SAMPLES])]
    source: Source = "api"


class IngestReportOut(msgspec.Struct):
    received: int
    stored: int  # new samples
    duplicates: int  # stored before (or repeated in the batch): nothing changed for them
    late: int  # on days older than the late-data window: stored, their buckets final


class PeriodOut(msgspec.Struct):
    from_: date = msgspec.field(name="from")
    to: date


class ChannelSeriesOut(msgspec.Struct):
    channel: str
    daily: list[str]  # exact decimals, one per day of the period
    total: str
    previous_total: str


class MetricSeriesOut(msgspec.Struct):
    metric: str
    currency: str | None
    daily: list[str]  # every channel's, one per day of the period
    total: str
    previous_total: str
    change: str | None  # (total - previous) / previous; null when previous is zero
    channels: list[ChannelSeriesOut]


class DashboardOut(msgspec.Struct):
    brand_id: UUID
    time_zone: str
    period: PeriodOut
    previous: PeriodOut
    days: list[date]
    provisional_from: date  # from this day on, late samples may still change the values
    metrics: list[MetricSeriesOut]


def ingest_report_out(report: IngestReport) -> IngestReportOut:
    return IngestReportOut(
        received=report.received,
        stored=report.stored,
        duplicates=report.duplicates,
        late=report.late,
    )


def exact(value: Decimal) -> str:
    """A decimal as plain text: ``"120"``, ``"12.5"`` (no exponent, no trailing zero)."""
    return format(value.normalize(), "f") if value else "0"


def _metric_out(series: MetricSeries) -> MetricSeriesOut:
    return MetricSeriesOut(
        metric=series.metric.value,
        currency=series.currency,
        daily=[exact(v) for v in series.daily],
        total=exact(series.total),
        previous_total=exact(series.previous_total),
        change=None if series.change is None else exact(series.change),
        channels=[
            ChannelSeriesOut(
                channel=c.channel.value,
                daily=[exact(v) for v in c.daily],
                total=exact(c.total),
                previous_total=exact(c.previous_total),
            )
            for c in series.channels
        ],
    )


def dashboard_out(dashboard: BrandDashboard) -> DashboardOut:
    period = dashboard.period
    return DashboardOut(
        brand_id=dashboard.brand_id,
        time_zone=dashboard.time_zone,
        period=PeriodOut(from_=period.since, to=period.until),
        previous=PeriodOut(from_=dashboard.previous.since, to=dashboard.previous.until),
        days=[date.fromordinal(period.since.toordinal() + i) for i in range(period.days)],
        provisional_from=dashboard.provisional_from,
        metrics=[_metric_out(m) for m in dashboard.metrics],
    )
