"""Planned publications become scheduled ones when their piece is approved, or are dropped.

A plan holds a slot for a piece that is not approved yet (a calendar proposal's draft). When
``content.approved`` arrives, each of the piece's plans still ``planned`` is checked as
scheduling checks a publication (the account still publishable, the post rendered without an
error-level violation, the calendar's blackout dates, daily cap and spacing, the plans of the
same piece counted) and becomes a scheduled publication at its time, in one transaction with
the plan's change. A plan that cannot is dropped with the reason; one whose time passed
before the approval is dropped too, by the approval or by the sweep below, whichever comes
first. A plan settles once, so a redelivered approval schedules nothing twice, and of two
deliveries racing, the second's version check rolls it back.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from umt.application.messaging.envelope import EventMessage
from umt.application.publishing.conflicts import Slot, conflicts_of
from umt.application.publishing.content_status import refresh_content_status
from umt.application.publishing.planning import (
    APPROVED_STATES,
    new_publication,
    publishable_account,
    rendered_for,
)
from umt.application.services import Context
from umt.application.shared.periodic import run_every
from umt.domain.content.piece import ContentPiece
from umt.domain.publishing.planned_publication import PlannedPublication
from umt.domain.publishing.planned_time import PlannedTime
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PAST_TOLERANCE
from umt.domain.shared.errors import DomainError
from umt.domain.shared.ids import ContentId, OrganizationId
from umt.ports.brand_repository import BrandSummary
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger("umt.publishing.plans")

APPROVAL_EVENTS = ("content.approved",)
PASSED = "its time passed before the piece was approved"
SWEEP_EVERY = timedelta(minutes=5)
SWEEP_BATCH = 100


@dataclass(frozen=True, slots=True)
class PlansSettled:
    scheduled: tuple[Publication, ...] = ()
    dropped: int = 0


async def schedule_waiting_plans(
    uow: UnitOfWork, piece: ContentPiece, *, now: datetime, ids: IdGenerator
) -> PlansSettled:
    """Schedule (or drop) the approved ``piece``'s plans still waiting, in ``uow`` (not
    committed). A piece not approved (its approval superseded since) keeps them waiting."""
    plans = await uow.planned_publications.waiting_for(piece.organization_id, piece.id)
    if not plans or piece.status not in APPROVED_STATES:
        return PlansSettled()
    brand = await uow.brands.summary(piece.organization_id, piece.brand_id)
    if brand is None:
        return PlansSettled()
    created: list[Publication] = []
    pending: list[Slot] = []
    dropped = 0
    for plan in plans:
        try:
            publication = await _publication_of(uow, plan, piece, brand, pending, now, ids)
        except DomainError as refused:
            plan.dropped(refused.message, now=now)
            dropped += 1
        else:
            pending.append(Slot(publication.due_at, publication.id))
            created.append(publication)
            plan.scheduled(publication.id, now=now)
        await uow.planned_publications.save(plan)
    for publication in created:
        await uow.publications.add(publication)
    if created:
        await refresh_content_status(
            uow, piece.organization_id, piece.id, now=now, changed=created, piece=piece
        )
    return PlansSettled(tuple(created), dropped)


class _Refused(DomainError):
    code = "planned_publication_refused"


async def _publication_of(
    uow: UnitOfWork,
    plan: PlannedPublication,
    piece: ContentPiece,
    brand: BrandSummary,
    pending: list[Slot],
    now: datetime,
    ids: IdGenerator,
) -> Publication:
    """The publication the plan becomes, or ``DomainError`` saying why it cannot."""
    if plan.due_at < now - PAST_TOLERANCE:
        raise _Refused(PASSED)
    account = await publishable_account(uow, piece, plan.channel_account_id, field="plan")
    rendered = rendered_for(piece, piece.current, account, brand.voice, None)
    conflicts = await conflicts_of(
        uow,
        account,
        plan.due_at,
        field="plan",
        pending=pending,
        blackout_dates=brand.blackout_dates,
    )
    if conflicts:
        raise _Refused("; ".join(f"{c.code}: {c.message}" for c in conflicts))
    when = PlannedTime(
        due_at=plan.due_at,
        time_zone=plan.time_zone,
        local_time=datetime.fromisoformat(plan.local_time),
    )
    return new_publication(
        ids.new_id(),
        piece=piece,
        version=piece.current,
        account=account,
        plan=when,
        rendered=rendered,
        now=now,
    )


async def on_content_approved(
    event: EventMessage, ctx: Context, *, clock: Clock, ids: IdGenerator
) -> None:
    """The agent's handler of ``content.approved``: the piece's plans are scheduled."""
    try:
        organization_id = OrganizationId(UUID(str(event.payload.get("organization_id"))))
        content_id = ContentId(UUID(str(event.payload.get("aggregate_id"))))
    except ValueError:
        return  # not a piece of an organization
    async with ctx.uow as uow:
        piece = await uow.content.get(organization_id, content_id)
        if piece is None:
            return
        settled = await schedule_waiting_plans(uow, piece, now=clock.now(), ids=ids)
        if settled.scheduled or settled.dropped:
            await uow.commit()


async def drop_overdue_plans(
    unit_of_work_factory: Callable[[], UnitOfWork], *, clock: Clock
) -> int:
    """One sweep: every plan whose time passed while its piece waited for approval is
    dropped, a batch per transaction; how many."""
    dropped = 0
    while True:
        async with unit_of_work_factory() as uow:
            batch = await uow.planned_publications.overdue(
                clock.now() - PAST_TOLERANCE, limit=SWEEP_BATCH
            )
            for plan in batch:
                plan.dropped(PASSED, now=clock.now())
                await uow.planned_publications.save(plan)
            await uow.commit()
        dropped += len(batch)
        if len(batch) < SWEEP_BATCH:
            return dropped


async def run_plan_sweeper(
    stop: asyncio.Event, *, unit_of_work_factory: Callable[[], UnitOfWork], clock: Clock
) -> None:
    """The publishing context's loop: plans whose time passed unapproved are dropped, every
    few minutes, in every process that runs the content-ad-management agent (rows another
    sweep holds are skipped)."""
    await run_every(
        stop,
        SWEEP_EVERY,
        lambda: drop_overdue_plans(unit_of_work_factory, clock=clock),
        log=log,
        what="sweeping overdue planned publications",
    )
