"""Schemas of the metric sync and the metric samples."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from umt.application.metrics.sync_account import SyncOutcome
from umt.domain.metrics.sync_state import SyncState
from umt.entrypoints.http.schemas.common import Input
from umt.ports.metric_sink import MetricSample

SubjectKindName = Literal[
    "content_piece",
    "publication",
    "ad",
    "ad_set",
    "campaign",
    "channel_account",
    "email_campaign",
]
MetricName = Literal[
    "impressions",
    "reach",
    "likes",
    "comments",
    "shares",
    "saves",
    "clicks",
    "link_clicks",
    "video_views",
    "delivered",
    "opens",
    "unsubscribes",
    "bounces",
    "spend",
    "conversions",
    "conversion_value",
]


class SyncRequest(Input):
    """Name one channel account, or a brand (every active account of it whose platform
    reports metrics)."""

    channel_account_id: (
        Annotated[UUID, Meta(examples=["0190c0de-0000-7000-8000-000000000002"])] | None
    ) = None
    brand_id: Annotated[UUID, Meta(examples=["0190c0de-0000-7000-8000-000000000001"])] | None = None


class SyncStateOut(msgspec.Struct):
    channel_account_id: UUID
    brand_id: UUID
    platform: str
    cursor_stored: bool  # the platform's cursor itself is opaque and never shown
    next_due_at: datetime
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_error_reason: str | None
    last_error_message: str | None
    consecutive_failures: int
    retry_not_before: datetime | None
    samples_stored: int


class SyncCountsOut(msgspec.Struct):
    readings: int
    stored: int
    skipped: int


class SyncOutcomeOut(msgspec.Struct):
    state: SyncStateOut
    counts: SyncCountsOut | None  # null: the sync failed, waited, or another one got in first


class SyncReportOut(msgspec.Struct):
    outcomes: list[SyncOutcomeOut]


class SampleOut(msgspec.Struct):
    metric: str
    value: str  # an exact decimal, as text
    observed_at: datetime
    source: str
    raw_name: str
    channel: str
    currency: str | None


class SamplesOut(msgspec.Struct):
    subject_kind: str
    subject_id: UUID
    latest: list[SampleOut]  # per metric and source, the last total within the window
    series: list[SampleOut]  # the samples in time order, one page
    next_cursor: str | None


def sync_state_out(s: SyncState) -> SyncStateOut:
    return SyncStateOut(
        channel_account_id=s.id,
        brand_id=s.brand_id,
        platform=s.platform.value,
        cursor_stored=s.cursor is not None,
        next_due_at=s.next_due_at,
        last_attempt_at=s.last_attempt_at,
        last_success_at=s.last_success_at,
        last_error_reason=s.last_error_reason,
        last_error_message=s.last_error_message,
        consecutive_failures=s.consecutive_failures,
        retry_not_before=s.retry_not_before,
        samples_stored=s.samples_stored,
    )


def outcome_out(o: SyncOutcome) -> SyncOutcomeOut:
    counts = o.counts
    return SyncOutcomeOut(
        state=sync_state_out(o.state),
        counts=None
        if counts is None
        else SyncCountsOut(readings=counts.readings, stored=counts.stored, skipped=counts.skipped),
    )


def sample_out(s: MetricSample) -> SampleOut:
    return SampleOut(
        metric=s.metric.value,
        value=format(s.value.normalize(), "f"),  # "120", "12.5": no exponent, no trailing 0
        observed_at=s.observed_at,
        source=s.source,
        raw_name=s.raw_name,
        channel=s.channel.value,
        currency=s.currency,
    )
