"""Expanding a recurring schedule ahead into publications, and the loop that keeps every
active schedule expanded up to its horizon.

An occurrence becomes one publication per account, rendered and checked like any other. An
occurrence already made (same schedule, account and due time) is not made again, so expanding
twice changes nothing. What cannot be scheduled is skipped, not retried: a time already past,
an account no longer publishable, a conflict on the account's calendar, a rendering that breaks
a rule. A piece that is not approved (back in review) is not expanded at all until it is.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from umt.application.publishing.conflicts import Slot, conflicts_of
from umt.application.publishing.content_status import refresh_content_status
from umt.application.publishing.planning import (
    APPROVED_STATES,
    new_publication,
    rendered_for,
)
from umt.application.shared.periodic import run_every
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import Role
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PAST_TOLERANCE
from umt.domain.publishing.schedule import Schedule
from umt.domain.shared.errors import DomainError
from umt.domain.shared.ids import ContentId, ScheduleId
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.pagination import PageRequest
from umt.ports.publication_repository import PublicationFilter
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger("umt.publishing.schedules")

EXPAND_EVERY = timedelta(minutes=5)
EXPAND_BATCH = 20
_PUBLISHING = frozenset({Role.PUBLISH, Role.EMAIL})


@dataclass(frozen=True, slots=True)
class Expansion:
    created: tuple[Publication, ...] = ()
    skipped: int = 0


async def expand_schedule(
    uow: UnitOfWork, schedule: Schedule, *, now: datetime, ids: IdGenerator
) -> Expansion:
    """Make the publications of the dates not yet expanded (in ``uow``, not committed)."""
    window = schedule.to_expand(now)
    if window is None:
        return Expansion()
    piece = await uow.content.get(schedule.organization_id, ContentId(schedule.content_id))
    if piece is None or piece.status not in APPROVED_STATES:
        return Expansion()
    brand = await uow.brands.summary(schedule.organization_id, schedule.brand_id)
    if brand is None:
        return Expansion()
    occurrences = [p for p in schedule.occurrences(*window) if p.due_at >= now - PAST_TOLERANCE]
    accounts = [
        a
        for a in [
            await uow.channel_accounts.get(schedule.organization_id, account_id)
            for account_id in schedule.channel_account_ids
        ]
        if _publishable(a, schedule)
    ]
    made = await _already_made(uow, schedule)
    created: list[Publication] = []
    skipped = 0
    for account in accounts:
        assert account is not None  # noqa: S101  # _publishable kept only accounts
        pending: list[Slot] = []
        for plan in occurrences:
            if (account.id, plan.due_at) in made:
                continue
            try:
                rendered = rendered_for(piece, piece.current, account, brand.voice, None)
                if await conflicts_of(
                    uow,
                    account,
                    plan.due_at,
                    field="at",
                    pending=pending,
                    blackout_dates=brand.blackout_dates,
                ):
                    skipped += 1
                    continue
            except DomainError:
                skipped += 1
                continue
            publication = new_publication(
                ids.new_id(),
                piece=piece,
                version=piece.current,
                account=account,
                plan=plan,
                rendered=rendered,
                now=now,
                grace=schedule.grace,
                missed_policy=schedule.missed_policy,
                schedule_id=ScheduleId(schedule.id),
            )
            pending.append(Slot(publication.due_at, publication.id))
            created.append(publication)
    for publication in created:
        await uow.publications.add(publication)
    schedule.expanded(window[1], now=now)
    await uow.schedules.save(schedule)
    if created:
        await refresh_content_status(
            uow, piece.organization_id, piece.id, now=now, changed=created, piece=piece
        )
    return Expansion(tuple(created), skipped)


def _publishable(account: ChannelAccount | None, schedule: Schedule) -> bool:
    return (
        account is not None
        and account.brand_id == schedule.brand_id
        and account.publishable
        and account.role in _PUBLISHING
    )


async def _already_made(uow: UnitOfWork, schedule: Schedule) -> set[tuple[object, datetime]]:
    made: set[tuple[object, datetime]] = set()
    filters = PublicationFilter(schedule_id=ScheduleId(schedule.id))
    cursor: str | None = None
    while True:
        page = await uow.publications.list(
            schedule.organization_id,
            filters,
            PageRequest(limit=200, sort="due_at", cursor=cursor),
        )
        made |= {(p.channel_account_id, p.due_at) for p in page.items}
        if (cursor := page.next_cursor) is None:
            return made


async def expand_due_schedules(
    unit_of_work_factory: Callable[[], UnitOfWork], *, clock: Clock, ids: IdGenerator
) -> int:
    """One pass: every schedule due for expansion, a batch per transaction; the number of
    publications made."""
    made = 0
    while True:
        now = clock.now()
        async with unit_of_work_factory() as uow:
            batch = await uow.schedules.to_expand(
                (now + timedelta(days=1)).date(), limit=EXPAND_BATCH
            )
            for schedule in batch:
                made += len((await expand_schedule(uow, schedule, now=now, ids=ids)).created)
            await uow.commit()
        if len(batch) < EXPAND_BATCH:
            return made


async def run_schedule_expander(
    stop: asyncio.Event,
    *,
    unit_of_work_factory: Callable[[], UnitOfWork],
    clock: Clock,
    ids: IdGenerator,
) -> None:
    """The publishing context's loop: recurring schedules expanded ahead, every few minutes,
    in every process that runs the content-ad-management agent (held rows are skipped)."""
    await run_every(
        stop,
        EXPAND_EVERY,
        lambda: expand_due_schedules(unit_of_work_factory, clock=clock, ids=ids),
        log=log,
        what="schedule expansion",
    )
