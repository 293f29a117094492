"""Response bodies of the strategy context (docs/strategy.md)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from uuid import UUID

import msgspec

from umt.application.strategy.best_times import BestTimesReport


class SlotOut(msgspec.Struct):
    weekday: int  # 0 = Monday
    hour: int  # on the audience's clock
    publications: int
    impressions: int
    engagements: int
    observed_rate: float
    rate: float
    low: float
    high: float
    lift: float
    lift_low: float
    lift_high: float
    chance_above_account: float
    enough_data: bool


class AccountBestTimesOut(msgspec.Struct):
    channel_account_id: UUID
    name: str
    channel: str
    status: str
    reason: str | None
    publications: int
    measured: int
    account_rate: float | None
    prior_alpha: float | None
    prior_beta: float | None
    prior_pooled: bool | None
    suggestions: list[SlotOut]
    slots: list[SlotOut]


class BestTimesOut(msgspec.Struct):
    brand_id: UUID
    time_zone: str
    since: datetime
    until: datetime
    level: float
    min_posts: int
    min_slot_posts: int
    accounts: list[AccountBestTimesOut]


def best_times_out(report: BestTimesReport) -> BestTimesOut:
    return msgspec.convert(dataclasses.asdict(report), BestTimesOut)
