"""Reading and accepting calendar proposals.

Accepting (``strategy:manage``) turns every slot into a draft piece of the proposal's project,
titled with its topic and noting its account and time, written by the content-strategy agent
on the member's behalf, in one transaction with the proposal's own change. The pieces are made
as ``CreateContent`` makes them (the same draft checks and ``ContentPiece.create``, so each
records its ``content.created``). They are drafts: nothing goes out before someone holding
``content:approve`` approves it, so an analyst who plans does not publish. Each slot also
becomes a **planned publication** of its piece on its account at its time
(``domain/publishing/planned_publication.py``), in the same transaction: the publishing context
schedules it when the piece is approved, with every check of scheduling, or drops it with the
reason (its time passed first, the calendar refused it then). A slot whose time has passed
already is planned as dropped. Accepting an accepted proposal creates nothing and answers it as
it is; of two accepts racing, the second's version check fails and its transaction, pieces and
plans included, rolls back (a slot is also planned once: a unique key).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.content.inputs import make_draft
from umt.application.principal import Principal
from umt.application.publishing.planned_publications import PASSED
from umt.application.services import Context
from umt.application.shared.brands import brand_summary
from umt.application.use_case import UseCase
from umt.domain.brand.brand import BrandStatus
from umt.domain.brand.errors import BrandIsArchived
from umt.domain.content.piece import ContentPiece
from umt.domain.content.version import Author
from umt.domain.identity.permissions import Permission
from umt.domain.publishing.planned_publication import PlannedPublication
from umt.domain.publishing.publication_status import PAST_TOLERANCE
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.domain.shared.ids import ContentId, ContentVersionId, ProjectId
from umt.domain.strategy.calendar import (
    CalendarProposal,
    PlannedPiece,
    ProposalDecided,
    ProposalStatus,
    ProposedSlot,
)
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.unit_of_work import UnitOfWork

MAX_LISTED = 50
MAX_REASON = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class ListCalendarProposals:
    use_case: ClassVar = UseCase(Permission.STRATEGY_READ)
    brand_id: UUID
    limit: int = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class GetCalendarProposal:
    use_case: ClassVar = UseCase(Permission.STRATEGY_READ)
    brand_id: UUID
    proposal_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class AcceptCalendarProposal:
    use_case: ClassVar = UseCase(Permission.STRATEGY_MANAGE)
    brand_id: UUID
    proposal_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectCalendarProposal:
    use_case: ClassVar = UseCase(Permission.STRATEGY_MANAGE)
    brand_id: UUID
    proposal_id: UUID
    reason: str | None = None
    expected_version: int | None = None


async def _load(
    uow: UnitOfWork, actor: Principal, brand_id: UUID, proposal_id: UUID
) -> CalendarProposal:
    brand = await brand_summary(uow, actor, brand_id)
    found = await uow.calendar_proposals.get(brand.organization_id, proposal_id)
    if found is None or found.brand_id != brand.id:
        raise NotFound(f"calendar proposal {proposal_id} not found")
    return found


async def list_calendar_proposals(
    query: ListCalendarProposals, ctx: Context
) -> list[CalendarProposal]:
    """The brand's latest proposals, the newest first."""
    actor = ctx.actor()
    actor.require(ListCalendarProposals.use_case.permission)
    if isinstance(query.limit, bool) or not 1 <= query.limit <= MAX_LISTED:
        raise InvalidValue(f"limit is from 1 to {MAX_LISTED}", field="limit")
    async with ctx.uow as uow:
        brand = await brand_summary(uow, actor, query.brand_id)
        found = await uow.calendar_proposals.for_brand(
            brand.organization_id, brand.id, limit=query.limit
        )
    return list(found)


async def get_calendar_proposal(query: GetCalendarProposal, ctx: Context) -> CalendarProposal:
    actor = ctx.actor()
    actor.require(GetCalendarProposal.use_case.permission)
    async with ctx.uow as uow:
        return await _load(uow, actor, query.brand_id, query.proposal_id)


def _body(slot: ProposedSlot, proposal: CalendarProposal) -> str:
    return (
        f"Planned by calendar proposal {proposal.id} for {slot.local_time} ({slot.time_zone}) "
        f"on {slot.channel}, account {slot.channel_account_id}. Topic: {slot.topic}."
    )


def planned_publication(
    proposal: CalendarProposal,
    index: int,
    slot: ProposedSlot,
    content_id: UUID,
    *,
    plan_id: UUID,
    now: datetime,
) -> PlannedPublication:
    """The slot held on its account's calendar for its draft (dropped at once if its time is
    past: nothing could schedule it)."""
    plan = PlannedPublication(
        id=plan_id,
        organization_id=proposal.organization_id,
        brand_id=proposal.brand_id,
        project_id=proposal.project_id,
        content_id=content_id,
        channel_account_id=slot.channel_account_id,
        channel=slot.channel,
        due_at=slot.due_at,
        time_zone=slot.time_zone,
        local_time=slot.local_time,
        proposal_id=proposal.id,
        slot=index,
        created_at=now,
        updated_at=now,
    )
    if slot.due_at < now - PAST_TOLERANCE:
        plan.dropped(PASSED, now=now)
    return plan


async def accept_calendar_proposal(
    cmd: AcceptCalendarProposal, ctx: Context, *, ids: IdGenerator, clock: Clock
) -> CalendarProposal:
    actor = ctx.actor()
    actor.require(AcceptCalendarProposal.use_case.permission)
    now = clock.now()
    async with ctx.uow as uow:
        proposal = await _load(uow, actor, cmd.brand_id, cmd.proposal_id)
        if proposal.accepted:
            return proposal  # accepted before: nothing is created twice
        proposal.check_version(cmd.expected_version)
        if proposal.status is ProposalStatus.REJECTED:
            raise ProposalDecided("the proposal was rejected: nothing of it is made")
        brand = await brand_summary(uow, actor, cmd.brand_id)
        if brand.status is BrandStatus.ARCHIVED:
            raise BrandIsArchived("content cannot be added to an archived brand")
        planned = []
        for index, slot in enumerate(proposal.slots):
            piece = ContentPiece.create(
                id=ContentId(ids.new_id()),
                organization_id=proposal.organization_id,
                brand_id=proposal.brand_id,
                project_id=None if proposal.project_id is None else ProjectId(proposal.project_id),
                draft=make_draft(
                    content_type=slot.content_type,
                    channel=slot.channel,
                    title=slot.topic[:200],
                    body=_body(slot, proposal),
                    fields=None,
                    locale="en",
                ),
                version_id=ContentVersionId(ids.new_id()),
                author=Author.named_agent(Agent.CONTENT_STRATEGY.value),
                now=now,
                note=f"calendar proposal {proposal.id}, slot {index}",
            )
            await uow.content.add(piece)
            planned.append(PlannedPiece(slot=index, content_id=piece.id))
            await uow.planned_publications.add(
                planned_publication(proposal, index, slot, piece.id, plan_id=ids.new_id(), now=now)
            )
        proposal.accept(tuple(planned), by=actor.user_id, now=now)
        await uow.calendar_proposals.save(proposal)
        await uow.commit()
    return proposal


async def reject_calendar_proposal(
    cmd: RejectCalendarProposal, ctx: Context, *, clock: Clock
) -> CalendarProposal:
    """Nothing of the proposal will be made: rejected once (409 when decided already, accepted
    or rejected; 412 when stale), with an optional reason of up to 500 characters."""
    actor = ctx.actor()
    actor.require(RejectCalendarProposal.use_case.permission)
    if cmd.reason is not None and len(cmd.reason) > MAX_REASON:
        raise InvalidValue(f"reason is at most {MAX_REASON} characters", field="reason")
    async with ctx.uow as uow:
        proposal = await _load(uow, actor, cmd.brand_id, cmd.proposal_id)
        proposal.reject(
            by=actor.user_id,
            reason=cmd.reason,
            now=clock.now(),
            expected_version=cmd.expected_version,
        )
        await uow.calendar_proposals.save(proposal)
        await uow.commit()
    return proposal
