"""Read models of publications handed to callers outside the application (the library): a
frozen copy of the publication, its rendering and every attempt (themselves frozen values),
of recurring schedules and of planned publications."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from uuid import UUID

from umt.application.publishing.import_publications import RowRejection
from umt.domain.brand.channels import Channel
from umt.domain.integration.errors import Rejection
from umt.domain.publishing.attempts import PublicationAttempt
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.failures import FailureReason
from umt.domain.publishing.first_comment import FirstCommentDelivery
from umt.domain.publishing.planned_publication import PlannedPublication, PlanStatus
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import MissedPolicy, PublicationStatus
from umt.domain.publishing.rendered_post import RenderedPost
from umt.domain.publishing.schedule import Frequency, Schedule
from umt.domain.shared.ids import (
    BrandId,
    ChannelAccountId,
    ContentId,
    ContentVersionId,
    OrganizationId,
    ProjectId,
    PublicationId,
    ScheduleId,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicationView:
    """One content version going to one channel account at one time, and how it went."""

    id: PublicationId
    organization_id: OrganizationId
    brand_id: BrandId
    project_id: ProjectId | None
    content_id: ContentId
    content_version_id: ContentVersionId
    channel_account_id: ChannelAccountId
    channel: Channel
    kind: ChannelKind
    status: PublicationStatus
    due_at: datetime  # UTC
    time_zone: str
    local_time: datetime  # the wall time planned in ``time_zone``
    next_attempt_at: datetime
    grace: timedelta
    missed_policy: MissedPolicy
    rendering: RenderedPost
    first_comment: str | None
    comment_delivery: FirstCommentDelivery | None  # how posting it went, once published
    schedule_id: ScheduleId | None
    attempts: tuple[PublicationAttempt, ...]
    failure: tuple[FailureReason, Rejection | None, str] | None
    remote_id: str | None
    remote_url: str | None
    published_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_aggregate(cls, p: Publication) -> PublicationView:
        return cls(
            id=p.id,
            organization_id=p.organization_id,
            brand_id=p.brand_id,
            project_id=p.project_id,
            content_id=p.content_id,
            content_version_id=p.content_version_id,
            channel_account_id=p.channel_account_id,
            channel=p.channel,
            kind=p.kind,
            status=p.status,
            due_at=p.due_at,
            time_zone=p.time_zone,
            local_time=p.local_time,
            next_attempt_at=p.next_attempt_at,
            grace=p.grace,
            missed_policy=p.missed_policy,
            rendering=p.rendering,
            first_comment=p.first_comment,
            comment_delivery=p.comment_delivery,
            schedule_id=p.schedule_id,
            attempts=p.attempts,
            failure=p.failure,
            remote_id=p.remote_id,
            remote_url=p.remote_url,
            published_at=p.published_at,
            version=p.version,
            created_at=p.created_at,
            updated_at=p.updated_at,
        )


@dataclass(frozen=True, slots=True)
class ImportReportView:
    """A bulk import's outcome: what was scheduled, and each refused row with its reason."""

    scheduled: tuple[PublicationView, ...]
    rejected: tuple[RowRejection, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleView:
    """A recurring schedule: its rule and how far ahead it was expanded."""

    id: ScheduleId
    organization_id: OrganizationId
    brand_id: BrandId
    content_id: ContentId
    channel_account_ids: tuple[ChannelAccountId, ...]
    frequency: Frequency
    local_time: time
    time_zone: str
    weekdays: frozenset[int]
    interval_days: int | None
    starts_on: date
    ends_on: date | None
    horizon_days: int
    expanded_until: date | None
    active: bool
    grace: timedelta | None
    missed_policy: MissedPolicy | None
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_aggregate(cls, s: Schedule) -> ScheduleView:
        return cls(
            id=s.id,
            organization_id=s.organization_id,
            brand_id=s.brand_id,
            content_id=s.content_id,
            channel_account_ids=s.channel_account_ids,
            frequency=s.frequency,
            local_time=s.local_time,
            time_zone=s.time_zone,
            weekdays=s.weekdays,
            interval_days=s.interval_days,
            starts_on=s.starts_on,
            ends_on=s.ends_on,
            horizon_days=s.horizon_days,
            expanded_until=s.expanded_until,
            active=s.active,
            grace=s.grace,
            missed_policy=s.missed_policy,
            version=s.version,
            created_at=s.created_at,
            updated_at=s.updated_at,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedPublicationView:
    """A slot held on an account's calendar for a piece not approved yet, and what became of
    it: ``planned`` (waiting), ``scheduled`` (``publication_id``) or ``dropped`` (``reason``)."""

    id: UUID
    organization_id: OrganizationId
    brand_id: BrandId
    project_id: UUID | None
    content_id: UUID
    channel_account_id: UUID
    channel: str
    due_at: datetime  # UTC
    time_zone: str
    local_time: str  # the wall time in ``time_zone``
    status: PlanStatus
    publication_id: UUID | None
    reason: str | None
    proposal_id: UUID | None
    slot: int | None
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_aggregate(cls, p: PlannedPublication) -> PlannedPublicationView:
        return cls(**{f.name: getattr(p, f.name) for f in fields(cls)})
