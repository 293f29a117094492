"""The EvergreenRule aggregate: a brand's recycling of its best performing published pieces.

One rule per brand. It names the measure the winners are ranked by (the analytics context's
performers: a rate such as ``engagement_rate`` or a count metric), how far back their
performance is read, and the limits of recycling: a piece goes out again only when it was
last published at least ``min_age_days`` ago, not within ``cooldown_days`` of the rule's last
pick of it, and at most ``max_per_week`` picks fall in one calendar week of the brand's zone.
``channel_account_ids`` narrows it to some accounts (empty: every publishing account of the
brand), both as where winners were measured and where they go out again.

Every pick is kept with its reason (the measure, the value, the rank, the lift, and the post
that earned them) for a year, so the cooldown and the weekly cap are judged on them and a
reader sees why a piece came back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from umt.domain.analytics.insights.measures import Measure
from umt.domain.publishing import evergreen_events as ev
from umt.domain.shared.aggregate import AggregateRoot, apply_changes
from umt.domain.shared.errors import InvalidValue, StaleVersion
from umt.domain.shared.ids import (
    BrandId,
    ChannelAccountId,
    ContentId,
    EvergreenRuleId,
    OrganizationId,
    PublicationId,
)

MAX_ACCOUNTS = 20
RUN_EVERY = timedelta(days=1)  # the loop recycles each active rule once a day
KEEP_PICKS = timedelta(days=400)  # longer than the longest cooldown
MAX_PICKS = 500
BOUNDS: dict[str, tuple[int, int]] = {
    "lookback_days": (7, 400),
    "min_trials": (0, 1_000_000_000),
    "min_age_days": (1, 365),
    "cooldown_days": (1, 365),
    "max_per_week": (1, 21),
}
EDITABLE = frozenset({"channel_account_ids", "measure", "active", *BOUNDS})


class EvergreenRuleInvalid(InvalidValue):
    """A setting of the evergreen rule is out of its bounds."""

    code = "evergreen_rule_invalid"


@dataclass(frozen=True, slots=True, kw_only=True)
class EvergreenPick:
    """A winner scheduled again, and why it was picked."""

    content_id: ContentId
    channel_account_id: ChannelAccountId
    publication_id: PublicationId  # the publication scheduled
    due_at: datetime
    measure: str
    value: float  # the piece's best post's rate or count over the look-back
    rank: int  # 1: the brand's best performer by the measure
    lift: float | None  # value / the brand's median post - 1
    source_publication_id: PublicationId  # the published post whose performance earned it
    picked_at: datetime


@dataclass(slots=True, kw_only=True)
class EvergreenRule(AggregateRoot):
    id: EvergreenRuleId
    organization_id: OrganizationId
    brand_id: BrandId
    channel_account_ids: tuple[ChannelAccountId, ...] = ()
    measure: str = "engagement_rate"
    lookback_days: int = 90
    min_trials: int = 100  # a rate's posts need this many trials (impressions, ...)
    min_age_days: int = 30
    cooldown_days: int = 60
    max_per_week: int = 2
    active: bool = True
    picks: tuple[EvergreenPick, ...] = ()
    last_run_at: datetime | None = None
    next_run_at: datetime
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def __post_init__(self) -> None:
        self.channel_account_ids = tuple(self.channel_account_ids)
        self.picks = tuple(self.picks)
        self._check()

    def _check(self) -> None:
        accounts = self.channel_account_ids
        if len(accounts) > MAX_ACCOUNTS or len(set(accounts)) != len(accounts):
            raise EvergreenRuleInvalid(
                f"at most {MAX_ACCOUNTS} different channel accounts", field="channel_account_ids"
            )
        Measure.parse(self.measure)
        for name, (low, high) in BOUNDS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise EvergreenRuleInvalid(
                    f"{name} is a whole number from {low} to {high}", field=name
                )
        if not isinstance(self.active, bool):
            raise EvergreenRuleInvalid("active is true or false", field="active")

    @classmethod
    def create(cls, *, now: datetime, **fields: Any) -> EvergreenRule:
        rule = cls(created_at=now, updated_at=now, next_run_at=now, **fields)
        rule._record(ev.EvergreenRuleCreated, now, rule._settings())
        return rule

    # ------------------------------------------------------------------ the limits

    def cooling_down(self, content_id: ContentId, due_at: datetime) -> bool:
        """The rule picked the piece less than ``cooldown_days`` before or after ``due_at``."""
        cooldown = timedelta(days=self.cooldown_days)
        return any(
            p.content_id == content_id and abs(p.due_at - due_at) < cooldown for p in self.picks
        )

    def picks_in_week(self, day: date, zone: ZoneInfo) -> int:
        """The picks due in the calendar week (Monday to Sunday, in ``zone``) of ``day``."""
        monday = day - timedelta(days=day.weekday())
        return sum(
            1
            for p in self.picks
            if monday <= p.due_at.astimezone(zone).date() < monday + timedelta(days=7)
        )

    def due(self, now: datetime) -> bool:
        return self.active and self.next_run_at <= now

    # ------------------------------------------------------------------ changing

    def picked(self, pick: EvergreenPick, *, now: datetime) -> None:
        """``pick`` was scheduled: kept (with the picks of the last ``KEEP_PICKS``) and
        announced with its reason."""
        kept = [p for p in self.picks if p.due_at >= now - KEEP_PICKS]
        self.picks = (*kept[-(MAX_PICKS - 1) :], pick)
        self._bump(now)
        self._record(
            ev.EvergreenRecycled,
            now,
            ev.EvergreenRecycle(
                brand_id=self.brand_id,
                content_id=pick.content_id,
                publication_id=pick.publication_id,
                channel_account_id=pick.channel_account_id,
                due_at=pick.due_at.isoformat(),
                measure=pick.measure,
                value=pick.value,
                rank=pick.rank,
                lift=pick.lift,
                source_publication_id=pick.source_publication_id,
            ),
        )

    def ran(self, *, now: datetime) -> None:
        """A recycling pass ran ``now``: the loop runs it again a day later."""
        self.last_run_at = now
        self.next_run_at = now + RUN_EVERY
        self._bump(now)

    def update(
        self, changes: Mapping[str, Any], *, now: datetime, expected_version: int | None = None
    ) -> None:
        """Change the settings; a rule switched on (again) runs at the loop's next pass."""
        if expected_version is not None and expected_version != self.version:
            raise StaleVersion(
                f"the evergreen rule is at version {self.version}, the change was made against"
                f" version {expected_version}"
            )
        unknown = set(changes) - EDITABLE
        if unknown:
            raise EvergreenRuleInvalid(
                f"unknown fields: {sorted(unknown)}", field=sorted(unknown)[0]
            )
        diff = apply_changes(self, changes)
        if diff is None:
            return
        self.next_run_at = min(self.next_run_at, now)
        self._bump(now)
        self._record(ev.EvergreenRuleUpdated, now, diff)

    def delete(self, *, now: datetime) -> None:
        self._record(ev.EvergreenRuleDeleted, now, self._settings())

    def _settings(self) -> ev.EvergreenSettings:
        return ev.EvergreenSettings(
            brand_id=self.brand_id,
            channel_account_ids=[str(a) for a in self.channel_account_ids],
            measure=self.measure,
            lookback_days=self.lookback_days,
            min_trials=self.min_trials,
            min_age_days=self.min_age_days,
            cooldown_days=self.cooldown_days,
            max_per_week=self.max_per_week,
            active=self.active,
        )
