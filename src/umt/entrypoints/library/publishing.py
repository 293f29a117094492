"""``platform.publishing`` (as /api/v1/publications).

Schedule an approved content version to channel accounts (one publication each, at an instant
or at a wall time in an IANA zone), read the calendar, reschedule, cancel, retry, reconcile
one whose outcome is unknown, and take a published one down. Refusals are the HTTP API's:
``VersionNotApproved``, ``RenderingRefused`` (with the violations),
``PublicationConflicts`` (with each conflict), ``PublicationInvalid``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from umt.application.publishing.change_publication import (
    CancelPublication,
    ReschedulePublication,
    RetryPublication,
)
from umt.application.publishing.import_publications import ImportPublications, ImportReport
from umt.application.publishing.plan_queries import ListPlannedPublications
from umt.application.publishing.publication_queries import GetPublication, ListPublications
from umt.application.publishing.schedule_publication import (
    ScheduledPublications,
    SchedulePublication,
)
from umt.application.publishing.schedules import (
    CreateSchedule,
    DeleteSchedule,
    GetSchedule,
    ListSchedules,
    UpdateSchedule,
)
from umt.application.publishing.views import (
    ImportReportView,
    PlannedPublicationView,
    PublicationView,
    ScheduleView,
)
from umt.application.publishing_dispatch.engine_records import PublishReport
from umt.application.publishing_dispatch.reconcile_publication import ReconcilePublication
from umt.application.publishing_dispatch.take_down_publication import TakeDownPublication
from umt.application.publishing_dispatch.views import ReconcileView
from umt.application.read_models import page_of
from umt.domain.publishing.planned_publication import PlannedPublication
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.schedule import Schedule
from umt.entrypoints.library.session import BusApi, Session
from umt.ports.pagination import Page, PageRequest


class PublishingApi(BusApi):
    """The publishing calendar (``publishing:manage`` to change it, ``publishing:read``)."""

    async def _publication(self, session: Session, message: object) -> PublicationView:
        return PublicationView.from_aggregate(await self._ask(session, message, Publication))

    async def schedule(
        self,
        session: Session,
        content_id: UUID,
        channel_account_ids: Sequence[UUID],
        *,
        at: datetime | None = None,
        local_time: datetime | str | None = None,
        time_zone: str | None = None,
        version_id: UUID | None = None,
        first_comment: str | None = None,
        grace_seconds: int | None = None,
        missed_policy: str | None = None,
    ) -> list[PublicationView]:
        """One publication per account, at ``at`` (aware) or ``local_time`` in ``time_zone``
        (default: each account's zone)."""
        result = await self._ask(
            session,
            SchedulePublication(
                content_id=content_id,
                channel_account_ids=channel_account_ids,
                at=at,
                local_time=local_time,
                time_zone=time_zone,
                version_id=version_id,
                first_comment=first_comment,
                grace_seconds=grace_seconds,
                missed_policy=missed_policy,
            ),
            ScheduledPublications,
        )
        return [PublicationView.from_aggregate(p) for p in result.items]

    async def import_rows(
        self,
        session: Session,
        *,
        csv: str | None = None,
        rows: Sequence[Mapping[str, Any]] | None = None,
    ) -> ImportReportView:
        """Many publications at once (CSV text with a header, or rows): the valid ones are
        scheduled, each refused row is listed with its reason."""
        report = await self._ask(session, ImportPublications(csv=csv, rows=rows), ImportReport)
        return ImportReportView(
            scheduled=tuple(PublicationView.from_aggregate(p) for p in report.scheduled),
            rejected=report.rejected,
        )

    async def get(self, session: Session, publication_id: UUID) -> PublicationView:
        """The publication with every attempt."""
        return await self._publication(session, GetPublication(publication_id=publication_id))

    async def calendar(  # one keyword per filter
        self,
        session: Session,
        *,
        brand_id: UUID | None = None,
        due_from: datetime | None = None,
        due_to: datetime | None = None,
        channel: str | None = None,
        statuses: Sequence[str] = (),
        project_id: UUID | None = None,
        channel_account_id: UUID | None = None,
        content_id: UUID | None = None,
        page: PageRequest | None = None,
    ) -> Page[PublicationView]:
        """Publications due in [due_from, due_to), by due time; a brand's or every brand's."""
        query = ListPublications(
            brand_id=brand_id,
            due_from=due_from,
            due_to=due_to,
            channel=channel,
            statuses=tuple(statuses),
            project_id=project_id,
            channel_account_id=channel_account_id,
            content_id=content_id,
            page=page or PageRequest(sort="due_at"),
        )
        found = await self._ask(session, query, Page[Publication])
        return page_of(found, PublicationView.from_aggregate)

    async def planned(  # one keyword per filter
        self,
        session: Session,
        brand_id: UUID,
        *,
        status: str | None = None,
        due_from: datetime | None = None,
        due_to: datetime | None = None,
        channel_account_id: UUID | None = None,
        content_id: UUID | None = None,
        proposal_id: UUID | None = None,
        limit: int = 100,
    ) -> list[PlannedPublicationView]:
        """The brand's planned publications (slots waiting for their piece's approval, and
        what became of them: ``planned``, ``scheduled``, ``dropped``), by due time."""
        query = ListPlannedPublications(
            brand_id=brand_id,
            status=status,
            due_from=due_from,
            due_to=due_to,
            channel_account_id=channel_account_id,
            content_id=content_id,
            proposal_id=proposal_id,
            limit=limit,
        )
        found = await self._ask(session, query, list[PlannedPublication])
        return [PlannedPublicationView.from_aggregate(p) for p in found]

    async def reschedule(
        self,
        session: Session,
        publication_id: UUID,
        *,
        at: datetime | None = None,
        local_time: datetime | str | None = None,
        time_zone: str | None = None,
        expected_version: int | None = None,
    ) -> PublicationView:
        return await self._publication(
            session,
            ReschedulePublication(
                publication_id=publication_id,
                at=at,
                local_time=local_time,
                time_zone=time_zone,
                expected_version=expected_version,
            ),
        )

    async def cancel(
        self, session: Session, publication_id: UUID, *, expected_version: int | None = None
    ) -> PublicationView:
        return await self._publication(
            session,
            CancelPublication(publication_id=publication_id, expected_version=expected_version),
        )

    async def retry(
        self, session: Session, publication_id: UUID, *, expected_version: int | None = None
    ) -> PublicationView:
        """A failed one goes out now; an unknown outcome is reconciled first."""
        return await self._publication(
            session,
            RetryPublication(publication_id=publication_id, expected_version=expected_version),
        )

    async def take_down(
        self, session: Session, publication_id: UUID, *, expected_version: int | None = None
    ) -> PublicationView:
        """Delete a published post on its platform: ``taken_down`` (its remote id stays). A
        post already gone counts as taken down; asking again calls nothing. The platform's
        refusals are raised as its typed errors (``TokenExpired``, ``RateLimited``, ...)."""
        return await self._publication(
            session,
            TakeDownPublication(publication_id=publication_id, expected_version=expected_version),
        )

    async def reconcile(self, session: Session, publication_id: UUID) -> ReconcileView:
        """Find out whether a publication whose outcome is unknown (or that is stuck past its
        lease) was published: its post is looked up by our reference; nothing is ever sent.
        ``NothingToReconcile`` (409 over HTTP) for any other publication."""
        report = await self._ask(
            session, ReconcilePublication(publication_id=publication_id), PublishReport
        )
        publication = await self.get(session, publication_id)
        return ReconcileView(step=report.step, detail=report.detail, publication=publication)


class SchedulesApi(BusApi):
    """``platform.schedules`` (as /api/v1/schedules): recurring schedules of approved pieces,
    expanded ahead into publications."""

    async def _schedule(self, session: Session, message: object) -> ScheduleView:
        return ScheduleView.from_aggregate(await self._ask(session, message, Schedule))

    async def create(  # one keyword per field of the rule
        self,
        session: Session,
        content_id: UUID,
        channel_account_ids: Sequence[UUID],
        *,
        frequency: str,
        local_time: str | time,
        time_zone: str | None = None,
        weekdays: Sequence[int] = (),
        interval_days: int | None = None,
        starts_on: date | None = None,
        ends_on: date | None = None,
        horizon_days: int = 14,
        grace_seconds: int | None = None,
        missed_policy: str | None = None,
    ) -> ScheduleView:
        """``daily``, ``weekly`` on ``weekdays`` (0 Monday) or ``every_n_days`` with
        ``interval_days`` at ``local_time`` in ``time_zone`` (default: the brand's)."""
        return await self._schedule(
            session,
            CreateSchedule(
                content_id=content_id,
                channel_account_ids=channel_account_ids,
                frequency=frequency,
                local_time=local_time,
                time_zone=time_zone,
                weekdays=weekdays,
                interval_days=interval_days,
                starts_on=starts_on,
                ends_on=ends_on,
                horizon_days=horizon_days,
                grace_seconds=grace_seconds,
                missed_policy=missed_policy,
            ),
        )

    async def get(self, session: Session, schedule_id: UUID) -> ScheduleView:
        return await self._schedule(session, GetSchedule(schedule_id=schedule_id))

    async def list(
        self,
        session: Session,
        *,
        brand_id: UUID | None = None,
        active: bool | None = None,
        page: PageRequest | None = None,
    ) -> Page[ScheduleView]:
        query = ListSchedules(brand_id=brand_id, active=active, page=page or PageRequest())
        found = await self._ask(session, query, Page[Schedule])
        return page_of(found, ScheduleView.from_aggregate)

    async def update(
        self,
        session: Session,
        schedule_id: UUID,
        changes: Mapping[str, Any],
        *,
        expected_version: int | None = None,
    ) -> ScheduleView:
        """Change the rule (its fields as in ``create``) or ``active``."""
        return await self._schedule(
            session,
            UpdateSchedule(
                schedule_id=schedule_id, changes=changes, expected_version=expected_version
            ),
        )

    async def delete(
        self, session: Session, schedule_id: UUID, *, expected_version: int | None = None
    ) -> ScheduleView:
        """Remove it; its publications still scheduled are cancelled."""
        return await self._schedule(
            session, DeleteSchedule(schedule_id=schedule_id, expected_version=expected_version)
        )
