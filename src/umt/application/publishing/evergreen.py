"""Evergreen recycling: a brand's best performing published pieces scheduled again.

The winners are the analytics context's performers (``performers_of``: publications ranked
by the rule's measure over its look-back, conservatively, by their interval's lower bound),
each publication standing for its piece. A piece is recycled only if its approved version
still passes compliance against the brand's voice as it is now, it has nothing waiting on the
calendar, it was last published at least ``min_age_days`` ago and the rule did not pick it
within ``cooldown_days``. The slots are each account's best times (the strategy context's
model; a neutral default while it has too little data) in the seven days from tomorrow, at
most one recycled post a day per account and ``max_per_week`` per calendar week, each one
checked against the calendar's caps, spacing and blackout dates like any scheduling.

Each pick keeps its reason on the rule and is announced (``evergreen.recycled``); what was
passed over is reported with why. The loop runs every due rule once a day, in every process
of the content-ad-management agent (held rows are skipped).
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from umt.application.analytics.insights.performers import (
    MAX_LIMIT,
    GetPerformers,
    PerformersReport,
    performers_of,
)
from umt.application.content.compliance_gate import compliance_report
from umt.application.publishing.conflicts import Slot, conflicts_of
from umt.application.publishing.content_status import refresh_content_status
from umt.application.publishing.planning import APPROVED_STATES, new_publication, rendered_for
from umt.application.strategy.best_times import FindBestTimes, publishing_accounts
from umt.application.strategy.calendar_slots import candidates_of
from umt.domain.brand.brand import Brand, BrandStatus
from umt.domain.content.piece import ContentPiece
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.evergreen import EvergreenPick, EvergreenRule
from umt.domain.publishing.planned_time import PlannedTime
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.errors import DomainError
from umt.domain.shared.ids import ContentId, PublicationId
from umt.ports.brand_repository import BrandSummary
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.pagination import PageRequest
from umt.ports.publication_repository import PublicationFilter
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger("umt.publishing.evergreen")

RECYCLE_EVERY = timedelta(minutes=15)  # how often the loop looks for rules due
WINDOW_DAYS = 7  # slots are looked for in the seven days from tomorrow
_WAITING = frozenset(
    {
        PublicationStatus.SCHEDULED,
        PublicationStatus.CLAIMED,
        PublicationStatus.PUBLISHING,
        PublicationStatus.OUTCOME_UNKNOWN,
    }
)


@dataclass(frozen=True, slots=True)
class Winner:
    """A piece among the brand's performers: its best post's rank, value and lift."""

    content_id: ContentId
    source_publication_id: PublicationId
    rank: int
    value: float
    lift: float | None


@dataclass(frozen=True, slots=True)
class PassedOver:
    """A winner not recycled this time, and why: ``not_approved``, ``fails_compliance``,
    ``already_scheduled``, ``published_recently``, ``cooling_down`` or ``no_free_slot``."""

    content_id: UUID
    rank: int
    reason: str


@dataclass(frozen=True, slots=True)
class Recycling:
    """What one pass did: the rule after it, the picks it scheduled and what it passed over."""

    rule: EvergreenRule
    measure: str
    since: date
    until: date
    picked: tuple[EvergreenPick, ...]
    passed_over: tuple[PassedOver, ...]


async def recycle(
    uow: UnitOfWork, rule: EvergreenRule, *, now: datetime, ids: IdGenerator
) -> Recycling:
    """One pass of ``rule`` in ``uow`` (not committed): its winners scheduled into free slots."""
    org = rule.organization_id
    brand = await uow.brands.get(org, rule.brand_id)
    summary = await uow.brands.summary(org, rule.brand_id)
    today = now.astimezone(ZoneInfo(brand.time_zone if brand else "UTC")).date()
    since, until = today - timedelta(days=rule.lookback_days), today - timedelta(days=1)
    picked: list[EvergreenPick] = []
    passed: list[PassedOver] = []
    if brand is not None and summary is not None and brand.status is BrandStatus.ACTIVE:
        report = await performers_of(
            uow,
            org,
            brand.time_zone,
            GetPerformers(
                brand_id=rule.brand_id,
                measure=rule.measure,
                since=since,
                until=until,
                limit=MAX_LIMIT,
                min_trials=rule.min_trials,
            ),
            now=now,
        )
        accounts = await _accounts(uow, rule)
        eligible: list[tuple[Winner, ContentPiece]] = []
        for winner in await _winners(uow, rule, report, {a.id for a in accounts}):
            piece = await uow.content.get(org, winner.content_id)
            reason = await _ineligible(uow, rule, summary, winner, piece, now=now)
            if reason is not None or piece is None:
                passed.append(PassedOver(winner.content_id, winner.rank, reason or "not_approved"))
            else:
                eligible.append((winner, piece))
        picked = await _schedule(uow, rule, brand, accounts, eligible, now=now, ids=ids)
        chosen = {p.content_id for p in picked}
        passed += [
            PassedOver(w.content_id, w.rank, "no_free_slot")
            for w, _ in eligible
            if w.content_id not in chosen
        ]
    rule.ran(now=now)
    await uow.evergreen_rules.save(rule)
    return Recycling(rule, rule.measure, since, until, tuple(picked), tuple(passed))


async def _accounts(uow: UnitOfWork, rule: EvergreenRule) -> list[ChannelAccount]:
    """The rule's accounts that publish now (every such account of the brand if it names
    none), in the rule's order."""
    found = [
        a
        for a in await publishing_accounts(uow, rule.organization_id, rule.brand_id)
        if a.publishable
    ]
    if not rule.channel_account_ids:
        return found
    by_id = {a.id: a for a in found}
    return [by_id[a] for a in rule.channel_account_ids if a in by_id]


async def _winners(
    uow: UnitOfWork, rule: EvergreenRule, report: PerformersReport, accounts: set[UUID]
) -> list[Winner]:
    """The pieces of the top performers, best first, each once (its best post), among the
    posts on the rule's accounts when it names some."""
    winners: list[Winner] = []
    seen: set[UUID] = set()
    for rank, performer in enumerate(report.top, start=1):
        post = await uow.publications.get(rule.organization_id, PublicationId(performer.subject_id))
        if post is None or post.brand_id != rule.brand_id or post.content_id in seen:
            continue
        if rule.channel_account_ids and post.channel_account_id not in accounts:
            continue
        seen.add(post.content_id)
        winners.append(
            Winner(ContentId(post.content_id), post.id, rank, performer.value, performer.lift)
        )
    return winners


async def _ineligible(
    uow: UnitOfWork,
    rule: EvergreenRule,
    brand: BrandSummary,
    winner: Winner,
    piece: ContentPiece | None,
    *,
    now: datetime,
) -> str | None:
    """Why the winner's piece cannot go out again now, or None."""
    if piece is None or piece.status not in APPROVED_STATES:
        return "not_approved"
    if not compliance_report(piece.draft, brand).passed:
        return "fails_compliance"
    last: datetime | None = None
    for post in await _publications_of(uow, piece):
        if post.status in _WAITING:
            return "already_scheduled"
        if post.published_at is not None and (last is None or post.published_at > last):
            last = post.published_at
    if last is not None and now - last < timedelta(days=rule.min_age_days):
        return "published_recently"
    if rule.cooling_down(piece.id, now + timedelta(days=1)):
        return "cooling_down"
    return None


async def _publications_of(uow: UnitOfWork, piece: ContentPiece) -> list[Publication]:
    found: list[Publication] = []
    filters = PublicationFilter(content_id=piece.id)
    cursor: str | None = None
    while True:
        page = await uow.publications.list(
            piece.organization_id, filters, PageRequest(limit=200, sort="due_at", cursor=cursor)
        )
        found += page.items
        if (cursor := page.next_cursor) is None:
            return found


async def _schedule(
    uow: UnitOfWork,
    rule: EvergreenRule,
    brand: Brand,
    accounts: Sequence[ChannelAccount],
    eligible: Sequence[tuple[Winner, ContentPiece]],
    *,
    now: datetime,
    ids: IdGenerator,
) -> list[EvergreenPick]:
    """The eligible pieces, best first, into the accounts' best free slots of the window."""
    zone = ZoneInfo(brand.time_zone)
    first_day = now.astimezone(zone).date() + timedelta(days=1)
    since = now - timedelta(days=FindBestTimes(brand_id=brand.id).days)
    options: list[tuple[int, int, datetime, ChannelAccount]] = []
    for n, account in enumerate(accounts if eligible else ()):
        candidates = await candidates_of(uow, account, since, zone)
        for preference, (weekday, hour) in enumerate(candidates.slots):
            day = first_day + timedelta(days=(weekday - first_day.weekday()) % WINDOW_DAYS)
            due_at = datetime.combine(day, time(hour), zone).astimezone(UTC)
            options.append((preference, n, due_at, account))
    options.sort(key=lambda o: (o[0], o[1], o[2]))
    waiting = list(eligible)
    taken: set[tuple[UUID, date]] = set()
    pending: defaultdict[UUID, list[Slot]] = defaultdict(list)
    made: defaultdict[UUID, list[Publication]] = defaultdict(list)
    picks: list[EvergreenPick] = []
    for _, _, due_at, account in options:
        day = due_at.astimezone(zone).date()
        if not waiting or (account.id, day) in taken:
            continue
        if rule.picks_in_week(day, zone) >= rule.max_per_week:
            continue
        if await conflicts_of(
            uow,
            account,
            due_at,
            field="due_at",
            blackout_dates=brand.blackout_dates,
            pending=pending[account.id],
        ):
            continue
        for i, (winner, piece) in enumerate(waiting):
            if rule.cooling_down(piece.id, due_at):
                continue
            try:
                rendered = rendered_for(piece, piece.current, account, brand.voice, None)
            except DomainError:
                continue  # breaks a rule of this channel: perhaps another account takes it
            publication = new_publication(
                ids.new_id(),
                piece=piece,
                version=piece.current,
                account=account,
                plan=PlannedTime.at_instant(due_at, brand.time_zone),
                rendered=rendered,
                now=now,
            )
            await uow.publications.add(publication)
            pick = EvergreenPick(
                content_id=piece.id,
                channel_account_id=account.id,
                publication_id=publication.id,
                due_at=publication.due_at,
                measure=rule.measure,
                value=winner.value,
                rank=winner.rank,
                lift=winner.lift,
                source_publication_id=winner.source_publication_id,
                picked_at=now,
            )
            rule.picked(pick, now=now)
            picks.append(pick)
            made[piece.id].append(publication)
            pending[account.id].append(Slot(publication.due_at, publication.id))
            taken.add((account.id, day))
            del waiting[i]
            break
    for _, piece in eligible:
        if made[piece.id]:
            await refresh_content_status(
                uow, piece.organization_id, piece.id, now=now, changed=made[piece.id], piece=piece
            )
    return picks


# ---------------------------------------------------------------------- the loop


async def recycle_due_rules(
    unit_of_work_factory: Callable[[], UnitOfWork], *, clock: Clock, ids: IdGenerator
) -> int:
    """One pass: every rule due, each in its own transaction; the number of picks made. A
    rule whose pass fails is logged and put off to its next day, so it cannot stall the rest."""
    made = 0
    while True:
        now = clock.now()
        async with unit_of_work_factory() as uow:
            due = await uow.evergreen_rules.due(now, limit=1)
            if not due:
                return made
            rule = due[0]
            try:
                made += len((await recycle(uow, rule, now=now, ids=ids)).picked)
                await uow.commit()
                continue
            except Exception:
                log.exception("evergreen recycling of brand %s failed", rule.brand_id)
        async with unit_of_work_factory() as uow:
            again = await uow.evergreen_rules.for_brand(rule.organization_id, rule.brand_id)
            if again is not None:
                again.ran(now=now)
                await uow.evergreen_rules.save(again)
                await uow.commit()


async def run_evergreen_recycler(
    stop: asyncio.Event,
    *,
    unit_of_work_factory: Callable[[], UnitOfWork],
    clock: Clock,
    ids: IdGenerator,
) -> None:
    """The publishing context's loop: each brand's evergreen rule run once a day, in every
    process that runs the content-ad-management agent (held rows are skipped)."""
    while not stop.is_set():
        try:
            await recycle_due_rules(unit_of_work_factory, clock=clock, ids=ids)
        except Exception:  # a pass that fails is logged; the next one runs anyway
            log.exception("evergreen recycling failed")
        try:
            await asyncio.wait_for(stop.wait(), RECYCLE_EVERY.total_seconds())
        except TimeoutError:
            continue
