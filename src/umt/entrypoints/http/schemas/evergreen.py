"""Request and response bodies of a brand's evergreen rule and of a recycling pass."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from umt.application.publishing.evergreen import Recycling
from umt.domain.publishing.evergreen import BOUNDS, MAX_ACCOUNTS, EvergreenPick, EvergreenRule
from umt.entrypoints.http.schemas.common import Input
from umt.entrypoints.http.schemas.insights import MeasureName


def _bounded(name: str, description: str) -> object:
    low, high = BOUNDS[name]
    return Meta(ge=low, le=high, description=description)


LookbackDays = Annotated[int, _bounded("lookback_days", "Days of performance read")]
MinTrials = Annotated[int, _bounded("min_trials", "Trials a rate's post needs (impressions…)")]
MinAgeDays = Annotated[int, _bounded("min_age_days", "Days since the piece was last published")]
CooldownDays = Annotated[int, _bounded("cooldown_days", "Days between two picks of one piece")]
MaxPerWeek = Annotated[int, _bounded("max_per_week", "Picks per calendar week of the brand")]
Accounts = Annotated[
    list[UUID],
    Meta(max_length=MAX_ACCOUNTS, description="Posting accounts; empty: every one of the brand"),
]


class EvergreenRuleIn(Input):
    """The settings given: creating, the others take their defaults; changing, the others
    stay as they are."""

    channel_account_ids: Accounts | None = None
    measure: MeasureName | None = None
    lookback_days: LookbackDays | None = None
    min_trials: MinTrials | None = None
    min_age_days: MinAgeDays | None = None
    cooldown_days: CooldownDays | None = None
    max_per_week: MaxPerWeek | None = None
    active: bool | None = None


class EvergreenPickOut(msgspec.Struct):
    content_id: UUID
    channel_account_id: UUID
    publication_id: UUID
    due_at: datetime
    measure: str
    value: float
    rank: int
    lift: float | None
    source_publication_id: UUID
    picked_at: datetime


class EvergreenRuleOut(msgspec.Struct):
    id: UUID
    brand_id: UUID
    channel_account_ids: list[UUID]
    measure: str
    lookback_days: int
    min_trials: int
    min_age_days: int
    cooldown_days: int
    max_per_week: int
    active: bool
    picks: list[EvergreenPickOut]
    last_run_at: datetime | None
    next_run_at: datetime
    version: int
    created_at: datetime
    updated_at: datetime


class PassedOverOut(msgspec.Struct):
    content_id: UUID
    rank: int
    reason: str


class RecyclingOut(msgspec.Struct):
    measure: str
    since: date
    until: date
    picked: list[EvergreenPickOut]
    passed_over: list[PassedOverOut]
    rule: EvergreenRuleOut


def pick_out(p: EvergreenPick) -> EvergreenPickOut:
    return EvergreenPickOut(
        content_id=p.content_id,
        channel_account_id=p.channel_account_id,
        publication_id=p.publication_id,
        due_at=p.due_at,
        measure=p.measure,
        value=p.value,
        rank=p.rank,
        lift=p.lift,
        source_publication_id=p.source_publication_id,
        picked_at=p.picked_at,
    )


def evergreen_rule_out(r: EvergreenRule) -> EvergreenRuleOut:
    return EvergreenRuleOut(
        id=r.id,
        brand_id=r.brand_id,
        channel_account_ids=list(r.channel_account_ids),
        measure=r.measure,
        lookback_days=r.lookback_days,
        min_trials=r.min_trials,
        min_age_days=r.min_age_days,
        cooldown_days=r.cooldown_days,
        max_per_week=r.max_per_week,
        active=r.active,
        picks=[pick_out(p) for p in r.picks],
        last_run_at=r.last_run_at,
        next_run_at=r.next_run_at,
        version=r.version,
        created_at=r.created_at,
        updated_at=r.updated_at,
    )


def recycling_out(done: Recycling) -> RecyclingOut:
    return RecyclingOut(
        measure=done.measure,
        since=done.since,
        until=done.until,
        picked=[pick_out(p) for p in done.picked],
        passed_over=[PassedOverOut(p.content_id, p.rank, p.reason) for p in done.passed_over],
        rule=evergreen_rule_out(done.rule),
    )
