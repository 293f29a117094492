"""ProposeCalendar (task ``strategy.propose_calendar``): N weeks of posts for a project.

Per publishing account (all of the brand's, or those named), ``per_week`` posts a week, at
most one a day: the account's best-time slots (``strategy.best_times``) in the order of their
estimated rate, or, for an account the model has too little data on, a neutral default
(Tuesday, Wednesday and Thursday mornings first). Every candidate time is checked against the
publishing calendar's own rules (``conflicts_of``: the brand's blackout dates, the account's
cap of posts in 24 hours and its minimum spacing, counting the publications already planned
and the proposal's own): a refused one is listed in ``skipped`` with why, and the next
candidate of that week is tried. Topics come from the research topic gaps, then the winners
of concluded experiments, then the brand's name, in turn. The proposal is stored for review;
nothing is created until it is accepted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar
from uuid import UUID
from zoneinfo import ZoneInfo

from umt.application.agents.names import Agent
from umt.application.services import Context
from umt.application.shared.brands import load_brand, load_project
from umt.application.strategy.best_times import FindBestTimes
from umt.application.strategy.calendar_slots import (
    accounts_of,
    candidates_of,
    topics_of,
    week_picks,
)
from umt.application.strategy.recommend import winners_of
from umt.application.strategy.winning_posts import winning_posts
from umt.application.use_case import UseCase
from umt.domain.brand.project import ProjectStatus
from umt.domain.content.draft import ContentType
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue
from umt.domain.strategy.calendar import (
    MAX_ACCOUNTS,
    MAX_PER_WEEK,
    MAX_WEEKS,
    CalendarProposal,
    ProposedSlot,
    SkippedSlot,
)
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator

WINNING_POSTS = 5  # winning posts whose titles join the topics


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposeCalendar:
    use_case: ClassVar = UseCase(
        Permission.STRATEGY_MANAGE, task="strategy.propose_calendar", agent=Agent.CONTENT_STRATEGY
    )
    brand_id: UUID
    project_id: UUID | None = None  # the pieces' project (None: the brand at large)
    weeks: int = 4
    per_week: int = 3  # posts per account per week
    channel_account_ids: Sequence[UUID] = ()  # none: every publishing account of the brand
    starts_on: date | str | None = None  # the first day (the brand's); default: tomorrow
    content_type: str = "social_post"


def _check(cmd: ProposeCalendar, today: date) -> date | None:
    for name, value, high in (
        ("weeks", cmd.weeks, MAX_WEEKS),
        ("per_week", cmd.per_week, MAX_PER_WEEK),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
            raise InvalidValue(f"{name} is a whole number from 1 to {high}", field=name)
    if isinstance(cmd.channel_account_ids, str) or len(cmd.channel_account_ids) > MAX_ACCOUNTS:
        raise InvalidValue(f"at most {MAX_ACCOUNTS} accounts", field="channel_account_ids")
    if cmd.content_type not in {t.value for t in ContentType}:
        allowed = ", ".join(t.value for t in ContentType)
        raise InvalidValue(f"content_type is one of {allowed}", field="content_type")
    if cmd.starts_on is None:
        return None
    try:
        starts_on = (
            cmd.starts_on if isinstance(cmd.starts_on, date) else date.fromisoformat(cmd.starts_on)
        )
    except (TypeError, ValueError):
        raise InvalidValue("starts_on is a date like 2026-03-01", field="starts_on") from None
    if not today < starts_on <= today + timedelta(days=366):
        raise InvalidValue("starts_on lies after today, within a year", field="starts_on")
    return starts_on


async def propose_calendar(
    cmd: ProposeCalendar, ctx: Context, *, clock: Clock, ids: IdGenerator
) -> CalendarProposal:
    actor = ctx.actor()
    actor.require(ProposeCalendar.use_case.permission)
    now = clock.now()
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, cmd.brand_id)
        given_start = _check(cmd, now.astimezone(ZoneInfo(brand.time_zone)).date())
        if cmd.project_id is not None:
            project = await load_project(uow, actor, cmd.project_id)
            if project.brand_id != brand.id:
                raise InvalidValue("the project belongs to another brand", field="project_id")
            if project.status in (ProjectStatus.COMPLETED, ProjectStatus.ARCHIVED):
                raise InvalidValue(f"the project is {project.status.value}", field="project_id")
        zone = ZoneInfo(brand.time_zone)
        starts_on = given_start or now.astimezone(zone).date() + timedelta(days=1)
        accounts = await accounts_of(uow, brand, cmd.channel_account_ids)
        since = now - timedelta(days=FindBestTimes(brand_id=brand.id).days)
        found = [(a, await candidates_of(uow, a, since, zone)) for a in accounts]
        posts = await winning_posts(
            uow, [(a, c.answer) for a, c in found], since, limit=WINNING_POSTS
        )
        winners = [p.piece.current.draft.title for p in posts if p.piece.current.draft.title]
        winners += [w.title or w.experiment.name for w in await winners_of(uow, brand)]
        topics = await topics_of(uow, brand, now, list(dict.fromkeys(winners)))
        slots: list[ProposedSlot] = []
        skipped: list[SkippedSlot] = []
        for account, candidates in found:
            for week in range(cmd.weeks):
                taken = await week_picks(
                    uow,
                    brand,
                    account,
                    per_week=cmd.per_week,
                    first_day=starts_on + timedelta(days=7 * week),
                    zone=zone,
                    candidates=candidates.slots,
                    planned=slots,
                    skipped=skipped,
                )
                for due_at in taken:
                    topic, source = topics[len(slots) % len(topics)]
                    local = due_at.astimezone(zone)
                    slots.append(
                        ProposedSlot(
                            channel_account_id=account.id,
                            channel=account.channel.value,
                            due_at=due_at,
                            local_time=local.replace(tzinfo=None).isoformat(timespec="minutes"),
                            time_zone=brand.time_zone,
                            topic=topic,
                            topic_source=source,
                            content_type=cmd.content_type,
                            timing=candidates.timing,
                            confidence=candidates.chances.get((local.weekday(), local.hour)),
                        )
                    )
        proposal = CalendarProposal(
            id=ids.new_id(),
            organization_id=brand.organization_id,
            brand_id=brand.id,
            project_id=cmd.project_id,
            starts_on=starts_on,
            weeks=cmd.weeks,
            per_week=cmd.per_week,
            slots=tuple(sorted(slots, key=lambda s: (s.due_at, str(s.channel_account_id)))),
            skipped=tuple(skipped),
            created_at=now,
            updated_at=now,
        )
        proposal.proposed()
        await uow.calendar_proposals.add(proposal)
        await uow.commit()
    return proposal
