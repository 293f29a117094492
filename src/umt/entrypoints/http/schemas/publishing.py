"""Schemas of the publishing calendar: scheduling, rescheduling, and publications as shown."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from umt.domain.publishing.attempts import PublicationAttempt
from umt.domain.publishing.first_comment import FirstCommentDelivery
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.schedule import Schedule
from umt.entrypoints.http.schemas.common import Input

TimeZone = Annotated[
    str, Meta(min_length=1, max_length=64, examples=["Europe/Berlin", "America/New_York"])
]
Instant = Annotated[
    datetime,
    Meta(
        description="An instant with its UTC offset",
        examples=["2026-03-02T09:00:00+01:00"],
    ),
]
WallTime = Annotated[
    str,
    Meta(
        max_length=40,
        description="A wall time without offset, read in time_zone",
        examples=["2026-03-02T09:00:00"],
    ),
]
Grace = Annotated[int, Meta(ge=0, le=604_800, description="Seconds after the due time")]
MissedPolicyName = Literal["skip", "publish_late"]
StatusName = Literal[
    "scheduled",
    "claimed",
    "publishing",
    "outcome_unknown",
    "published",
    "failed",
    "cancelled",
    "missed",
    "taken_down",
]
FirstComment = Annotated[str, Meta(max_length=10_000)]


class PublicationCreate(Input):
    """An approved version to one or more channel accounts, at ``at`` (an instant) or at
    ``local_time`` in ``time_zone`` (default: each account's zone)."""

    content_id: UUID
    channel_account_ids: Annotated[list[UUID], Meta(min_length=1, max_length=50)]
    version_id: UUID | None = None
    at: Instant | None = None
    local_time: WallTime | None = None
    time_zone: TimeZone | None = None
    first_comment: FirstComment | None = None
    grace_seconds: Grace | None = None
    missed_policy: MissedPolicyName | None = None


class PublicationImport(Input):
    """Either ``csv`` (a header line, then one publication per line) or ``rows`` (one object
    per publication). Columns: content_id, channel_account_id, at or local_time (+ time_zone),
    version_id, first_comment, grace_seconds, missed_policy."""

    csv: (
        Annotated[
            str,
            Meta(
                max_length=500_000,
                examples=[
                    "content_id,channel_account_id,local_time,time_zone\n"
                    "0195f3b2-7c1e-7a10-9a4b-2f1d0c9e8a71,0195f3b2-8d2f-7b20-8b5c-3e2f1d0a9b82,"
                    "2030-01-07T09:00:00,Europe/Berlin\n"
                ],
            ),
        ]
        | None
    ) = None
    rows: Annotated[list[dict[str, Any]], Meta(min_length=1, max_length=500)] | None = None


class PublicationReschedule(Input):
    at: Instant | None = None
    local_time: WallTime | None = None
    time_zone: TimeZone | None = None


class PublicationAttemptOut(msgspec.Struct):
    number: int
    fence: int
    started_at: datetime
    finished_at: datetime | None
    outcome: str
    reason: str | None
    rejection: str | None
    detail: str
    remote_id: str | None


class RenderedMediaOut(msgspec.Struct):
    url: str
    kind: str
    alt_text: str


class RenderedPostOut(msgspec.Struct):
    text: str
    title: str | None
    link: str | None
    media: list[RenderedMediaOut]
    preview_text: str | None


class PublicationFailureOut(msgspec.Struct):
    reason: str
    rejection: str | None
    detail: str


class FirstCommentDeliveryOut(msgspec.Struct):
    """How posting the first comment under the published post went: ``pending`` (posted at
    ``next_attempt_at``), ``posting``, ``posted`` (with ``comment_id``), ``failed`` (with
    ``reason``; ``unknown_outcome``: the answer was lost, the comment may exist and is not
    sent again) or ``unsupported`` (the platform takes no comments). The publication stays
    ``published`` whatever becomes of it."""

    status: str
    attempts: int
    next_attempt_at: datetime | None
    comment_id: str | None
    reason: str | None
    detail: str
    updated_at: datetime


class PublicationOut(msgspec.Struct):
    id: UUID
    brand_id: UUID
    project_id: UUID | None
    content_id: UUID
    content_version_id: UUID
    channel_account_id: UUID
    channel: str
    kind: str
    status: str
    due_at: datetime
    time_zone: str
    local_time: str
    next_attempt_at: datetime
    grace_seconds: int
    missed_policy: str
    first_comment: str | None
    first_comment_delivery: FirstCommentDeliveryOut | None  # None until published with one
    schedule_id: UUID | None
    rendering: RenderedPostOut
    attempts: list[PublicationAttemptOut]
    failure: PublicationFailureOut | None
    remote_id: str | None
    remote_url: str | None
    published_at: datetime | None
    lease_owner: str | None
    lease_expires_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime


class ScheduledPublicationsOut(msgspec.Struct):
    items: list[PublicationOut]


def attempt_out(a: PublicationAttempt) -> PublicationAttemptOut:
    return PublicationAttemptOut(
        number=a.number,
        fence=a.fence,
        started_at=a.started_at,
        finished_at=a.finished_at,
        outcome=a.outcome.value,
        reason=None if a.reason is None else a.reason.value,
        rejection=None if a.rejection is None else a.rejection.value,
        detail=a.detail,
        remote_id=a.remote_id,
    )


def comment_delivery_out(d: FirstCommentDelivery | None) -> FirstCommentDeliveryOut | None:
    if d is None:
        return None
    return FirstCommentDeliveryOut(
        status=d.status.value,
        attempts=d.attempts,
        next_attempt_at=d.next_attempt_at,
        comment_id=d.comment_id,
        reason=None if d.reason is None else d.reason.value,
        detail=d.detail,
        updated_at=d.updated_at,
    )


def publication_out(p: Publication) -> PublicationOut:
    failure = p.failure
    r = p.rendering
    return PublicationOut(
        id=p.id,
        brand_id=p.brand_id,
        project_id=p.project_id,
        content_id=p.content_id,
        content_version_id=p.content_version_id,
        channel_account_id=p.channel_account_id,
        channel=p.channel.value,
        kind=p.kind.value,
        status=p.status.value,
        due_at=p.due_at,
        time_zone=p.time_zone,
        local_time=p.local_time.isoformat(),
        next_attempt_at=p.next_attempt_at,
        grace_seconds=int(p.grace.total_seconds()),
        missed_policy=p.missed_policy.value,
        first_comment=p.first_comment,
        first_comment_delivery=comment_delivery_out(p.comment_delivery),
        schedule_id=p.schedule_id,
        rendering=RenderedPostOut(
            text=r.text,
            title=r.title,
            link=r.link,
            media=[
                RenderedMediaOut(url=m.url.value, kind=m.kind.value, alt_text=m.alt_text)
                for m in r.media
            ],
            preview_text=r.preview_text,
        ),
        attempts=[attempt_out(a) for a in p.attempts],
        failure=None
        if failure is None
        else PublicationFailureOut(
            reason=failure[0].value,
            rejection=None if failure[1] is None else failure[1].value,
            detail=failure[2],
        ),
        remote_id=p.remote_id,
        remote_url=p.remote_url,
        published_at=p.published_at,
        lease_owner=p.lease_owner,
        lease_expires_at=p.lease_expires_at,
        version=p.version,
        created_at=p.created_at,
        updated_at=p.updated_at,
    )


class RowRejectionOut(msgspec.Struct):
    row: int  # 1-based: the CSV line after the header, or the item of rows
    field: str | None
    code: str
    message: str


class ImportReportOut(msgspec.Struct):
    scheduled: list[PublicationOut]
    rejected: list[RowRejectionOut]


WallClock = Annotated[str, Meta(max_length=15, examples=["09:00"], description="A wall time")]
FrequencyName = Literal["daily", "weekly", "every_n_days"]
Weekdays = Annotated[
    list[Annotated[int, Meta(ge=0, le=6)]],
    Meta(max_length=7, description="0 Monday … 6 Sunday (weekly)"),
]
Interval = Annotated[int, Meta(ge=1, le=365, description="every_n_days: the days between")]
Horizon = Annotated[int, Meta(ge=1, le=90, description="Days expanded ahead")]


class ScheduleCreate(Input):
    """A recurring schedule of an approved piece: ``daily``, ``weekly`` on ``weekdays`` or
    ``every_n_days`` (evergreen recycling) at ``local_time`` in ``time_zone`` (default: the
    brand's)."""

    content_id: UUID
    channel_account_ids: Annotated[list[UUID], Meta(min_length=1, max_length=20)]
    frequency: FrequencyName
    local_time: WallClock
    time_zone: TimeZone | None = None
    weekdays: Weekdays = msgspec.field(default_factory=list)
    interval_days: Interval | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    horizon_days: Horizon = 14
    grace_seconds: Grace | None = None
    missed_policy: MissedPolicyName | None = None


class SchedulePatch(Input):
    channel_account_ids: Annotated[list[UUID], Meta(min_length=1, max_length=20)] | UnsetType = (
        UNSET
    )
    frequency: FrequencyName | UnsetType = UNSET
    local_time: WallClock | UnsetType = UNSET
    time_zone: TimeZone | UnsetType = UNSET
    weekdays: Weekdays | UnsetType = UNSET
    interval_days: Interval | UnsetType | None = UNSET
    starts_on: date | UnsetType = UNSET
    ends_on: date | UnsetType | None = UNSET
    horizon_days: Horizon | UnsetType = UNSET
    grace_seconds: Grace | UnsetType | None = UNSET
    missed_policy: MissedPolicyName | UnsetType | None = UNSET
    active: bool | UnsetType = UNSET


class ScheduleOut(msgspec.Struct):
    id: UUID
    brand_id: UUID
    content_id: UUID
    channel_account_ids: list[UUID]
    frequency: str
    local_time: str
    time_zone: str
    weekdays: list[int]
    interval_days: int | None
    starts_on: date
    ends_on: date | None
    horizon_days: int
    expanded_until: date | None
    active: bool
    grace_seconds: int | None
    missed_policy: str | None
    version: int
    created_at: datetime
    updated_at: datetime


def schedule_out(s: Schedule) -> ScheduleOut:
    return ScheduleOut(
        id=s.id,
        brand_id=s.brand_id,
        content_id=s.content_id,
        channel_account_ids=list(s.channel_account_ids),
        frequency=s.frequency.value,
        local_time=s.local_time.isoformat(timespec="minutes"),
        time_zone=s.time_zone,
        weekdays=sorted(s.weekdays),
        interval_days=s.interval_days,
        starts_on=s.starts_on,
        ends_on=s.ends_on,
        horizon_days=s.horizon_days,
        expanded_until=s.expanded_until,
        active=s.active,
        grace_seconds=None if s.grace is None else int(s.grace.total_seconds()),
        missed_policy=None if s.missed_policy is None else s.missed_policy.value,
        version=s.version,
        created_at=s.created_at,
        updated_at=s.updated_at,
    )
