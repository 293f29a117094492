"""ReschedulePublication, CancelPublication and RetryPublication: a person changes one
publication on the calendar (If-Match as ``expected_version``); the piece's status follows.

A reschedule runs the scheduling checks again: the version must still be the approved one, the
account still publishable, the post rendered again (and refused if it now breaks a rule), and
the calendar's conflicts at the new time (the publication's own slot excluded).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.publishing.conflicts import PublicationConflicts, conflicts_of
from umt.application.publishing.content_status import refresh_content_status
from umt.application.publishing.loading import load_publication
from umt.application.publishing.planning import (
    approved_content,
    publishable_account,
    rendered_for,
)
from umt.application.publishing.timing import planned_time
from umt.application.services import Context
from umt.application.shared.brands import brand_summary
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_errors import PublicationNotReschedulable
from umt.domain.publishing.publication_status import RESCHEDULABLE
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class ReschedulePublication:
    use_case: ClassVar = UseCase(
        Permission.PUBLISHING_MANAGE,
        task="publication.reschedule",
        agent=Agent.CONTENT_AD_MANAGEMENT,
    )
    publication_id: UUID
    at: datetime | str | None = None
    local_time: datetime | str | None = None
    time_zone: str | None = None  # default: the time zone it was planned in
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelPublication:
    use_case: ClassVar = UseCase(
        Permission.PUBLISHING_MANAGE, task="publication.cancel", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    publication_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPublication:
    """A failed publication goes out now; one whose outcome is unknown is reconciled now."""

    use_case: ClassVar = UseCase(
        Permission.PUBLISHING_MANAGE, task="publication.retry", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    publication_id: UUID
    expected_version: int | None = None


async def reschedule_publication(
    cmd: ReschedulePublication, ctx: Context, *, clock: Clock
) -> Publication:
    actor = ctx.actor()
    actor.require(ReschedulePublication.use_case.permission)
    now = clock.now()
    async with ctx.uow as uow:
        publication = await load_publication(uow, actor, cmd.publication_id)
        if publication.status not in RESCHEDULABLE:  # before any other check: the clear answer
            raise PublicationNotReschedulable(
                f"a {publication.status.value} publication cannot be rescheduled", field="status"
            )
        piece, version = await approved_content(
            uow, actor, publication.content_id, publication.content_version_id
        )
        brand = await brand_summary(uow, actor, piece.brand_id)
        account = await publishable_account(
            uow, piece, publication.channel_account_id, field="channel_account_id"
        )
        plan = planned_time(
            at=cmd.at,
            local_time=cmd.local_time,
            time_zone=cmd.time_zone,
            default_zone=publication.time_zone,
        )
        rendered = rendered_for(piece, version, account, brand.voice, None)
        conflicts = await conflicts_of(
            uow,
            account,
            plan.due_at,
            field="at",
            exclude=publication.id,
            blackout_dates=brand.blackout_dates,
        )
        if conflicts:
            raise PublicationConflicts(conflicts)
        publication.reschedule(
            plan, now=now, rendering=rendered.post, expected_version=cmd.expected_version
        )
        await uow.publications.save(publication)
        await refresh_content_status(
            uow, piece.organization_id, piece.id, now=now, changed=[publication], piece=piece
        )
        await uow.commit()
    return publication


async def cancel_publication(cmd: CancelPublication, ctx: Context, *, clock: Clock) -> Publication:
    actor = ctx.actor()
    actor.require(CancelPublication.use_case.permission)
    now = clock.now()
    async with ctx.uow as uow:
        publication = await load_publication(uow, actor, cmd.publication_id)
        publication.cancel(now=now, expected_version=cmd.expected_version)
        await uow.publications.save(publication)
        await refresh_content_status(
            uow, publication.organization_id, publication.content_id, now=now, changed=[publication]
        )
        await uow.commit()
    return publication


async def retry_publication(cmd: RetryPublication, ctx: Context, *, clock: Clock) -> Publication:
    actor = ctx.actor()
    actor.require(RetryPublication.use_case.permission)
    now = clock.now()
    async with ctx.uow as uow:
        publication = await load_publication(uow, actor, cmd.publication_id)
        publication.retry(now=now, expected_version=cmd.expected_version)
        await uow.publications.save(publication)
        await refresh_content_status(
            uow, publication.organization_id, publication.content_id, now=now, changed=[publication]
        )
        await uow.commit()
    return publication
