"""What a calendar proposal is made of: the accounts, each account's candidate times (its
best-time slots, else a neutral default), the topics in turn, and a week's picks checked
against the publishing calendar's rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from umt.application.publishing.conflicts import Slot, conflicts_of
from umt.application.research.queries import own_texts
from umt.application.strategy.best_times import (
    AccountBestTimes,
    FindBestTimes,
    account_times,
    publishing_accounts,
)
from umt.domain.brand.brand import Brand
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.research.topics import own_phrases, topic_gaps
from umt.domain.shared.errors import NotFound
from umt.domain.strategy.calendar import ProposedSlot, SkippedSlot
from umt.ports.unit_of_work import UnitOfWork

# (weekday, hour) when an account's model has too little data: mid-week mornings first, then
# the other days' mornings, then middays and afternoons
DEFAULT_SLOTS = tuple((day, hour) for hour in (9, 12, 15) for day in (1, 2, 3, 0, 4, 5, 6))
TOPICS = 10  # topic gaps drawn on
BEST_TIMES = "best_times"
DEFAULT = "default"

Candidate = tuple[int, int]  # weekday (0 = Monday), hour on the brand's clock


async def accounts_of(
    uow: UnitOfWork, brand: Brand, wanted: Sequence[UUID]
) -> list[ChannelAccount]:
    found = await publishing_accounts(uow, brand.organization_id, brand.id)
    if not wanted:
        return found
    by_id: dict[UUID, ChannelAccount] = {a.id: a for a in found}
    for account_id in wanted:
        if account_id not in by_id:
            raise NotFound(f"channel account {account_id} not found")
    return [by_id[a] for a in dict.fromkeys(wanted)]


async def topics_of(
    uow: UnitOfWork, brand: Brand, now: datetime, winners: Sequence[str]
) -> list[tuple[str, str]]:
    """(topic, where it comes from): the topic gaps, then the winners (winning posts and
    experiments), else the brand."""
    documents = await uow.research.all_documents(brand.organization_id, brand.id)
    gaps = topic_gaps(
        documents,
        own_phrases(await own_texts(uow, brand.organization_id, brand.id)),
        now=now,
        limit=TOPICS,
        examples=0,
    )
    found = [(g.topic, "topic_gap") for g in gaps] + [(w, "winner") for w in winners]
    return found or [(brand.name, "brand")]


@dataclass(frozen=True, slots=True)
class Candidates:
    """An account's candidate slots, best first; whether they come from its model; each model
    slot's chance of beating the account's rate; and the model's answer."""

    slots: list[Candidate]
    timing: str
    chances: dict[Candidate, float]
    answer: AccountBestTimes


async def candidates_of(
    uow: UnitOfWork, account: ChannelAccount, since: datetime, zone: ZoneInfo
) -> Candidates:
    query = FindBestTimes(brand_id=account.brand_id)
    answer = await account_times(uow, account, query, since, zone)
    ranked = sorted(
        (s for s in answer.slots if s.enough_data and answer.status == "ok"),
        key=lambda s: (-s.rate, s.weekday, s.hour),
    )
    chances = {(s.weekday, s.hour): s.chance_above_account for s in ranked}
    model = [(s.weekday, s.hour) for s in ranked]
    rest = [c for c in DEFAULT_SLOTS if c not in chances]
    return Candidates(model + rest, BEST_TIMES if model else DEFAULT, chances, answer)


async def week_picks(
    uow: UnitOfWork,
    brand: Brand,
    account: ChannelAccount,
    *,
    per_week: int,
    first_day: date,
    zone: ZoneInfo,
    candidates: Sequence[Candidate],
    planned: Sequence[ProposedSlot],
    skipped: list[SkippedSlot],
) -> list[datetime]:
    """Up to ``per_week`` times of the seven days from ``first_day``, one a day, by the
    candidates' order; a time the calendar refuses is added to ``skipped``."""
    taken: list[datetime] = []
    days: set[date] = set()
    pending = [Slot(s.due_at) for s in planned if s.channel_account_id == account.id]
    for weekday, hour in candidates:
        if len(taken) == per_week:
            break
        day = first_day + timedelta(days=(weekday - first_day.weekday()) % 7)
        if day in days:
            continue
        due_at = datetime.combine(day, time(hour), zone).astimezone(UTC)
        refused = await conflicts_of(
            uow,
            account,
            due_at,
            field="slots",
            blackout_dates=brand.blackout_dates,
            pending=[*pending, *(Slot(t) for t in taken)],
        )
        if refused:
            reason = "; ".join(c.message for c in refused)
            skipped.append(SkippedSlot(channel_account_id=account.id, due_at=due_at, reason=reason))
            continue
        taken.append(due_at)
        days.add(day)
    return taken
