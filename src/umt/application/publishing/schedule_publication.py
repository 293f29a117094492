"""SchedulePublication: an approved content version on the calendar of one or more of the
brand's channel accounts, one publication per account.

Each account gets the post rendered for it (refused with the violations listed if it breaks an
error-level rule) at the time given as an instant or as a wall time in an IANA zone (the
account's by default). The calendar's conflicts (daily cap, minimum spacing, blackout dates)
refuse the whole request with every conflict listed; nothing is scheduled then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.publishing.conflicts import PublicationConflicts, conflicts_of
from umt.application.publishing.content_status import refresh_content_status
from umt.application.publishing.planning import (
    approved_content,
    new_publication,
    publishable_account,
    rendered_for,
)
from umt.application.publishing.timing import grace_of, missed_policy_of, planned_time, uuid_of
from umt.application.services import Context
from umt.application.shared.brands import brand_summary
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_errors import PublicationInvalid
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator

MAX_ACCOUNTS = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class SchedulePublication:
    use_case: ClassVar = UseCase(
        Permission.PUBLISHING_MANAGE,
        task="publication.schedule",
        agent=Agent.CONTENT_AD_MANAGEMENT,
    )
    content_id: UUID
    channel_account_ids: Sequence[UUID]
    version_id: UUID | None = None  # must be the approved version when given
    at: datetime | str | None = None  # an instant with its UTC offset
    local_time: datetime | str | None = None  # or a wall time ...
    time_zone: str | None = None  # ... in this IANA zone (default: each account's)
    first_comment: str | None = None
    grace_seconds: int | None = None  # past due + grace with missed_policy skip: missed
    missed_policy: str | None = None  # skip | publish_late


@dataclass(frozen=True, slots=True)
class ScheduledPublications:
    items: tuple[Publication, ...]


async def schedule_publication(
    cmd: SchedulePublication, ctx: Context, *, ids: IdGenerator, clock: Clock
) -> ScheduledPublications:
    actor = ctx.actor()
    actor.require(SchedulePublication.use_case.permission)
    accounts = [
        uuid_of(a, f"channel_account_ids[{i}]") for i, a in enumerate(cmd.channel_account_ids)
    ]
    content_id = uuid_of(cmd.content_id, "content_id")
    version_id = None if cmd.version_id is None else uuid_of(cmd.version_id, "version_id")
    if not 1 <= len(accounts) <= MAX_ACCOUNTS:
        raise PublicationInvalid(
            f"name 1 to {MAX_ACCOUNTS} channel accounts", field="channel_account_ids"
        )
    if len(set(accounts)) != len(accounts):
        raise PublicationInvalid(
            "one publication per account: an account is named twice", field="channel_account_ids"
        )
    grace, policy = grace_of(cmd.grace_seconds), missed_policy_of(cmd.missed_policy)
    now = clock.now()
    async with ctx.uow as uow:
        piece, version = await approved_content(uow, actor, content_id, version_id)
        brand = await brand_summary(uow, actor, piece.brand_id)
        scheduled: list[Publication] = []
        conflicts = []
        for i, account_id in enumerate(accounts):
            field = f"channel_account_ids[{i}]"
            account = await publishable_account(uow, piece, account_id, field=field)
            plan = planned_time(
                at=cmd.at,
                local_time=cmd.local_time,
                time_zone=cmd.time_zone,
                default_zone=account.time_zone,
            )
            rendered = rendered_for(piece, version, account, brand.voice, cmd.first_comment)
            conflicts += await conflicts_of(
                uow, account, plan.due_at, field=field, blackout_dates=brand.blackout_dates
            )
            scheduled.append(
                new_publication(
                    ids.new_id(),
                    piece=piece,
                    version=version,
                    account=account,
                    plan=plan,
                    rendered=rendered,
                    now=now,
                    grace=grace,
                    missed_policy=policy,
                )
            )
        if conflicts:
            raise PublicationConflicts(conflicts)
        for publication in scheduled:
            await uow.publications.add(publication)
        await refresh_content_status(
            uow, piece.organization_id, piece.id, now=now, changed=scheduled, piece=piece
        )
        await uow.commit()
    return ScheduledPublications(tuple(scheduled))
