"""The AdRule aggregate: "when <metric> over <window> <compares to> <threshold>, with at least
<minimum data>, <pause | change the budget | notify>" on a campaign or each of its ad sets.

Guards against a rule running away: a cooldown per subject after an action, a maximum of
actions per day, and a dry run that records what it would have done and does nothing. The
evaluation itself (``decide``) is pure; the application records every evaluation.
A ``shift_to_winner`` rule has no condition: when the experiment it names concludes, it moves
``adjustment.value`` percent of the losing arms' ad set budgets to the winner's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from umt.domain.advertising import events as ev
from umt.domain.advertising.conditions import (
    AdjustmentMode,
    BudgetAdjustment,
    Condition,
    MinimumData,
    Performance,
)
from umt.domain.advertising.errors import AdRuleInvalid
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import AdRuleId, BrandId, CampaignId, ExperimentId, OrganizationId
from umt.domain.shared.values import require_text

MAX_COOLDOWN = timedelta(days=30)
EDITABLE = frozenset(
    {"name", "condition", "minimum", "action", "adjustment", "cooldown", "max_actions_per_day",
     "dry_run", "enabled", "level", "experiment_id"}
)  # fmt: skip


class RuleLevel(StrEnum):
    CAMPAIGN = "campaign"
    AD_SET = "ad_set"  # judged and acted on per ad set


class RuleAction(StrEnum):
    PAUSE = "pause"
    CHANGE_BUDGET = "change_budget"
    NOTIFY = "notify"
    SHIFT_TO_WINNER = "shift_to_winner"  # on experiment.concluded, not on a schedule


class Outcome(StrEnum):
    INSUFFICIENT_DATA = "insufficient_data"
    NOT_MET = "not_met"
    COOLDOWN = "cooldown"  # met, but the subject was acted on too recently
    DAILY_LIMIT = "daily_limit"  # met, but the rule already acted its maximum today
    DRY_RUN = "dry_run"  # met: what would have been done is recorded, nothing done
    TRIGGERED = "triggered"  # met: the action runs
    FAILED = "failed"  # met, but the platform refused the action (judged again next window)


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: Outcome
    value: Decimal | None  # the measured metric (None if undefined or not judged)

    @property
    def acts(self) -> bool:
        return self.outcome is Outcome.TRIGGERED


@dataclass(slots=True, kw_only=True)
class AdRule(AggregateRoot):
    id: AdRuleId
    organization_id: OrganizationId
    brand_id: BrandId
    campaign_id: CampaignId
    name: str
    level: RuleLevel = RuleLevel.AD_SET
    action: RuleAction
    condition: Condition | None = None
    minimum: MinimumData = field(default_factory=MinimumData)
    adjustment: BudgetAdjustment | None = None
    experiment_id: ExperimentId | None = None
    cooldown: timedelta = timedelta(hours=24)
    max_actions_per_day: int = 1
    dry_run: bool = False
    enabled: bool = True
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def __post_init__(self) -> None:
        self.name = require_text(self.name, field="name", max_length=200)
        self.level = RuleLevel(self.level)
        self.action = RuleAction(self.action)
        self._check()

    def _check(self) -> None:
        winner = self.action is RuleAction.SHIFT_TO_WINNER
        if winner != (self.condition is None):
            raise AdRuleInvalid(
                "every rule but shift_to_winner has a condition (and it has none)",
                field="condition",
            )
        if winner != (self.experiment_id is not None):
            raise AdRuleInvalid("shift_to_winner names its experiment", field="experiment_id")
        budgeted = self.action in (RuleAction.CHANGE_BUDGET, RuleAction.SHIFT_TO_WINNER)
        if budgeted != (self.adjustment is not None):
            raise AdRuleInvalid(
                f"a {self.action.value} rule {'needs' if budgeted else 'takes no'} adjustment",
                field="adjustment",
            )
        if (
            winner
            and self.adjustment is not None
            and not (
                self.adjustment.mode is AdjustmentMode.PERCENT and 0 < self.adjustment.value <= 100
            )
        ):
            raise AdRuleInvalid(
                "shift_to_winner moves a percentage in (0, 100]", field="adjustment.value"
            )
        if not timedelta(0) <= self.cooldown <= MAX_COOLDOWN:
            raise AdRuleInvalid("a cooldown lies between 0 and 30 days", field="cooldown")
        if not 1 <= self.max_actions_per_day <= 100:
            raise AdRuleInvalid(
                "max_actions_per_day lies between 1 and 100", field="max_actions_per_day"
            )

    @classmethod
    def define(cls, *, now: datetime, **fields: Any) -> AdRule:
        rule = cls(created_at=now, updated_at=now, **fields)
        rule._record(ev.AdRuleCreated, now, rule._facts())
        return rule

    # ------------------------------------------------------------------ judging

    @property
    def scheduled(self) -> bool:
        """Evaluated periodically (every kind but shift_to_winner, while enabled)."""
        return self.enabled and self.condition is not None

    def decide(
        self,
        performance: Performance,
        *,
        now: datetime,
        last_action_at: datetime | None,
        actions_today: int,
    ) -> Decision:
        """Judge one subject's window: the guards first, then the condition, then the limits."""
        if self.condition is None:
            raise AdRuleInvalid("a shift_to_winner rule is not evaluated on metrics")
        if not self.minimum.met_by(performance):
            return Decision(Outcome.INSUFFICIENT_DATA, None)
        value = performance.value_of(self.condition.metric)
        if value is None or not self.condition.holds(value):
            return Decision(Outcome.NOT_MET, value)
        if last_action_at is not None and now - last_action_at < self.cooldown:
            return Decision(Outcome.COOLDOWN, value)
        if actions_today >= self.max_actions_per_day:
            return Decision(Outcome.DAILY_LIMIT, value)
        return Decision(Outcome.DRY_RUN if self.dry_run else Outcome.TRIGGERED, value)

    def fired(
        self,
        *,
        subject_id: Any,
        value: Decimal | None,
        detail: Mapping[str, Any],
        now: datetime,
        dry_run: bool | None = None,
    ) -> None:
        """Record ``ad_rule.triggered`` for an action taken (or, in dry run, not taken);
        ``dry_run`` None: the rule's own mode."""
        metric = self.condition.metric.value if self.condition else "experiment"
        self._record(
            ev.AdRuleTriggered,
            now,
            ev.RuleFired(
                campaign_id=self.campaign_id,
                subject_id=subject_id,
                metric=metric,
                value=None if value is None or not value.is_finite() else str(value),
                action=self.action.value,
                dry_run=self.dry_run if dry_run is None else dry_run,
                detail=dict(detail),
            ),
        )

    # ------------------------------------------------------------------ editing

    def update(
        self, changes: Mapping[str, Any], *, now: datetime, expected_version: int | None = None
    ) -> None:
        self._check_version(expected_version)
        unknown = set(changes) - EDITABLE
        if unknown:
            raise AdRuleInvalid(f"unknown fields: {sorted(unknown)}", field=sorted(unknown)[0])
        candidate = replace(self, **changes, events=[])
        changed = [k for k in EDITABLE if getattr(candidate, k) != getattr(self, k)]
        if not changed:
            return
        for key in changed:
            setattr(self, key, getattr(candidate, key))
        self._bump(now)
        self._record(ev.AdRuleUpdated, now, self._facts())

    def delete(self, *, now: datetime, expected_version: int | None = None) -> None:
        self._check_version(expected_version)
        self.enabled = False
        self._record(ev.AdRuleDeleted, now, self._facts())

    def _facts(self) -> ev.RuleDefined:
        return ev.RuleDefined(
            campaign_id=self.campaign_id, name=self.name, enabled=self.enabled, dry_run=self.dry_run
        )

    def _check_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise StaleVersion(
                f"ad rule is at version {self.version},"
                f" the change was made against version {expected}"
            )
