"""Read models of evergreen recycling handed to callers outside the application (the
library): a frozen copy of a brand's rule with its picks, and of what a pass did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from umt.application.publishing.evergreen import PassedOver, Recycling
from umt.domain.publishing.evergreen import EvergreenPick, EvergreenRule
from umt.domain.shared.ids import BrandId, ChannelAccountId, EvergreenRuleId, OrganizationId


@dataclass(frozen=True, slots=True, kw_only=True)
class EvergreenRuleView:
    """A brand's evergreen rule: its settings, its picks of the last year (each with why),
    when it last ran and when the loop runs it next."""

    id: EvergreenRuleId
    organization_id: OrganizationId
    brand_id: BrandId
    channel_account_ids: tuple[ChannelAccountId, ...]
    measure: str
    lookback_days: int
    min_trials: int
    min_age_days: int
    cooldown_days: int
    max_per_week: int
    active: bool
    picks: tuple[EvergreenPick, ...]
    last_run_at: datetime | None
    next_run_at: datetime
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_aggregate(cls, r: EvergreenRule) -> EvergreenRuleView:
        return cls(
            id=r.id,
            organization_id=r.organization_id,
            brand_id=r.brand_id,
            channel_account_ids=r.channel_account_ids,
            measure=r.measure,
            lookback_days=r.lookback_days,
            min_trials=r.min_trials,
            min_age_days=r.min_age_days,
            cooldown_days=r.cooldown_days,
            max_per_week=r.max_per_week,
            active=r.active,
            picks=r.picks,
            last_run_at=r.last_run_at,
            next_run_at=r.next_run_at,
            version=r.version,
            created_at=r.created_at,
            updated_at=r.updated_at,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class RecyclingView:
    """One recycling pass: the performers' range read, the picks scheduled, what was passed
    over and why, and the rule after it."""

    rule: EvergreenRuleView
    measure: str
    since: date
    until: date
    picked: tuple[EvergreenPick, ...]
    passed_over: tuple[PassedOver, ...]

    @classmethod
    def of(cls, done: Recycling) -> RecyclingView:
        return cls(
            rule=EvergreenRuleView.from_aggregate(done.rule),
            measure=done.measure,
            since=done.since,
            until=done.until,
            picked=done.picked,
            passed_over=done.passed_over,
        )
