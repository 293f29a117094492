"""The AdDecisionLog port: every rule evaluation and pacing check, recorded once per window.

Recording is also the claim that makes the evaluation loop safe with several processes: the
first writer of a (rule, subject, slot) or (ad set, slot) wins, the others learn they lost
(``False``) and do nothing, so an action is never taken twice for one window.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

from umt.domain.shared.ids import AdRuleId, AdSetId, CampaignId, OrganizationId


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleEvaluation:
    id: UUID
    organization_id: OrganizationId
    rule_id: AdRuleId
    campaign_id: CampaignId
    subject_id: UUID  # the campaign or the ad set judged
    slot: str  # the evaluation window's key ("2026-04-01T09"), unique per rule and subject
    window_start: datetime
    window_end: datetime
    evaluated_at: datetime
    outcome: str  # rule.Outcome value
    value: Decimal | None = None  # the measured metric (None: undefined or not judged)
    dry_run: bool = False
    action: Mapping[str, Any] = field(default_factory=dict)  # what was (or would be) done

    def __post_init__(self) -> None:
        # an infinite CPA (spend, no conversion) is kept as no value: SQL has no infinity
        if self.value is not None and not self.value.is_finite():
            object.__setattr__(self, "value", None)

    @property
    def acted(self) -> bool:
        return self.outcome == "triggered"


@dataclass(frozen=True, slots=True, kw_only=True)
class PacingCheck:
    organization_id: OrganizationId
    campaign_id: CampaignId
    ad_set_id: AdSetId
    slot: str
    checked_at: datetime
    state: str  # pacing.PaceState value
    ratio: Decimal | None = None
    action: Mapping[str, Any] = field(default_factory=dict)


class AdDecisionLog(Protocol):
    async def claim_evaluation(self, evaluation: RuleEvaluation) -> bool:
        """Record it unless its (rule, subject, slot) is recorded: ``True`` if this one was."""
        ...

    async def update_action(self, evaluation_id: UUID, action: Mapping[str, Any]) -> None:
        """Complete a claimed evaluation with what its action did."""
        ...

    async def evaluations(
        self, organization_id: OrganizationId, rule_id: AdRuleId, *, limit: int = 100
    ) -> Sequence[RuleEvaluation]:
        """Newest first."""
        ...

    async def last_action_at(self, rule_id: AdRuleId, subject_id: UUID) -> datetime | None:
        """When the rule last acted on the subject (dry runs do not count)."""
        ...

    async def actions_since(self, rule_id: AdRuleId, since: datetime) -> int:
        """How many times the rule acted since ``since`` (for its daily maximum)."""
        ...

    async def claim_pacing(self, check: PacingCheck) -> bool:
        """Record it unless its (ad set, slot) is recorded: ``True`` if this one was."""
        ...

    async def last_pacing(self, ad_set_id: AdSetId, before_slot: str) -> PacingCheck | None:
        """The ad set's latest check before ``before_slot``."""
        ...
