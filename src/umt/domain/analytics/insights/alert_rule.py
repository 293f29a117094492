"""The AlertRule aggregate: a brand's own threshold, "when <measure> over the last <window>
complete days of <scope> <compares to> <threshold>, raise an insight".

The measure is a count metric (the window's sum of daily changes) or a rate (the window's
pooled rate); the scope the whole brand, one channel or one subject. A brand holds a bounded
number of rules (the application checks the count).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, ClassVar
from uuid import UUID

# the same comparisons as the ad rules' conditions
from umt.domain.advertising.conditions import Comparison as Comparison
from umt.domain.analytics.insights.insight import Scope
from umt.domain.analytics.insights.measures import Measure
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import InvalidValue, StaleVersion
from umt.domain.shared.events import EventFacts, TypedEvent
from umt.domain.shared.values import require_text

MAX_WINDOW_DAYS = 90
QUANTUM = Decimal("0.000001")
EDITABLE = frozenset({"name", "measure", "scope", "comparison", "threshold", "window_days",
                      "enabled"})  # fmt: skip


class AlertRuleInvalid(InvalidValue):
    code = "alert_rule_invalid"


@dataclass(frozen=True, slots=True, kw_only=True)
class AlertRuleFacts(EventFacts):
    brand_id: UUID
    name: str
    measure: str
    comparison: str
    threshold: str
    window_days: int
    enabled: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class AlertRuleCreated(TypedEvent[AlertRuleFacts]):
    event_type: ClassVar[str] = "alert_rule.created"
    aggregate_type: ClassVar[str] = "alert_rule"


@dataclass(frozen=True, slots=True, kw_only=True)
class AlertRuleUpdated(TypedEvent[AlertRuleFacts]):
    event_type: ClassVar[str] = "alert_rule.updated"
    aggregate_type: ClassVar[str] = "alert_rule"


@dataclass(frozen=True, slots=True, kw_only=True)
class AlertRuleDeleted(TypedEvent[AlertRuleFacts]):
    event_type: ClassVar[str] = "alert_rule.deleted"
    aggregate_type: ClassVar[str] = "alert_rule"


@dataclass(slots=True, kw_only=True)
class AlertRule(AggregateRoot):
    id: UUID
    organization_id: UUID
    brand_id: UUID
    name: str
    measure: str
    scope: Scope = field(default_factory=Scope)
    comparison: Comparison
    threshold: Decimal
    window_days: int = 1
    enabled: bool = True
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def __post_init__(self) -> None:
        self.name = require_text(self.name, field="name", max_length=200)
        self.measure = Measure.parse(self.measure).name
        try:
            self.comparison = Comparison(self.comparison)
        except ValueError:
            raise AlertRuleInvalid(
                f"comparison is one of {[c.value for c in Comparison]}", field="comparison"
            ) from None
        if not isinstance(self.threshold, Decimal) or not self.threshold.is_finite():
            raise AlertRuleInvalid("the threshold is a finite number", field="threshold")
        if abs(self.threshold) >= Decimal(10) ** 17:
            raise AlertRuleInvalid("the threshold is below 10^17", field="threshold")
        # six places, as every store keeps it (so an update compares like with like)
        self.threshold = self.threshold.quantize(QUANTUM, rounding=ROUND_HALF_EVEN)
        if Measure(self.measure).rate is not None and not 0 <= self.threshold <= 1:
            raise AlertRuleInvalid("a rate's threshold lies between 0 and 1", field="threshold")
        if not 1 <= self.window_days <= MAX_WINDOW_DAYS:
            raise AlertRuleInvalid(
                f"window_days lies between 1 and {MAX_WINDOW_DAYS}", field="window_days"
            )
        if (self.scope.subject_id is None) != (self.scope.subject_kind is None):
            raise AlertRuleInvalid("a subject scope names its kind and id", field="scope")

    @property
    def series(self) -> str:
        return f"threshold:{self.id}"

    @classmethod
    def define(cls, *, now: datetime, **fields: Any) -> AlertRule:
        rule = cls(created_at=now, updated_at=now, **fields)
        rule._record(AlertRuleCreated, now, rule._facts())
        return rule

    def update(
        self, changes: Mapping[str, Any], *, now: datetime, expected_version: int | None = None
    ) -> None:
        self._check_version(expected_version)
        unknown = set(changes) - EDITABLE
        if unknown:
            raise AlertRuleInvalid(f"unknown fields: {sorted(unknown)}", field=sorted(unknown)[0])
        candidate = replace(self, **changes, events=[])
        changed = [k for k in sorted(EDITABLE) if getattr(candidate, k) != getattr(self, k)]
        if not changed:
            return
        for key in changed:
            setattr(self, key, getattr(candidate, key))
        self._bump(now)
        self._record(AlertRuleUpdated, now, self._facts())

    def delete(self, *, now: datetime, expected_version: int | None = None) -> None:
        self._check_version(expected_version)
        self._record(AlertRuleDeleted, now, self._facts())

    def _facts(self) -> AlertRuleFacts:
        return AlertRuleFacts(
            brand_id=self.brand_id,
            name=self.name,
            measure=self.measure,
            comparison=self.comparison.value,
            threshold=str(self.threshold),
            window_days=self.window_days,
            enabled=self.enabled,
        )

    def _check_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise StaleVersion(
                f"alert rule is at version {self.version},"
                f" the change was made against version {expected}"
            )
