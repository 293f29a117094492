"""Events of the advertising context: the campaign's life, its budgets and its rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.domain.shared.events import EventFacts, TypedEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignPlanned(EventFacts):
    brand_id: UUID
    ad_account_id: UUID
    name: str
    objective: str
    currency: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TreeObjectAdded(EventFacts):
    """An ad set or ad added to a draft campaign."""

    level: str
    object_id: UUID
    name: str
    parent_id: UUID | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignStatusChange(EventFacts):
    """A status move, and why (a person, a rule, pacing at the cap, the flight's end)."""

    brand_id: UUID
    before: str
    after: str
    reason: str

    def as_data(self) -> dict[str, Any]:
        return {
            "brand_id": str(self.brand_id),
            "reason": self.reason,
            "before": {"status": self.before},
            "after": {"status": self.after},
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class AdSetStatusChange(EventFacts):
    ad_set_id: UUID
    before: str
    after: str
    reason: str

    def as_data(self) -> dict[str, Any]:
        return {
            "ad_set_id": str(self.ad_set_id),
            "reason": self.reason,
            "before": {"status": self.before},
            "after": {"status": self.after},
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class BudgetChange(EventFacts):
    """An ad set's budget moved: amounts as decimal text in the account currency."""

    ad_set_id: UUID
    kind: str
    currency: str
    before: str
    after: str
    reason: str

    def as_data(self) -> dict[str, Any]:
        return {
            "ad_set_id": str(self.ad_set_id),
            "kind": self.kind,
            "currency": self.currency,
            "reason": self.reason,
            "before": {"amount": self.before},
            "after": {"amount": self.after},
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class PacingAlert(EventFacts):
    """Spend strayed out of the pacing band (or reached the cap)."""

    brand_id: UUID
    ad_set_id: UUID | None
    state: str  # over_pace, under_pace, at_cap
    currency: str
    planned: str
    actual: str
    ratio: float | None
    required_daily: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleFired(EventFacts):
    """A rule's condition held and its action ran (or would have, in dry run)."""

    campaign_id: UUID
    subject_id: UUID
    metric: str
    value: str | None
    action: str
    dry_run: bool
    detail: dict[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleDefined(EventFacts):
    campaign_id: UUID
    name: str
    enabled: bool
    dry_run: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignCreated(TypedEvent[CampaignPlanned]):
    event_type: ClassVar[str] = "campaign.created"
    aggregate_type: ClassVar[str] = "campaign"


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignTreeChanged(TypedEvent[TreeObjectAdded]):
    event_type: ClassVar[str] = "campaign.tree_changed"
    aggregate_type: ClassVar[str] = "campaign"


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignLaunchStarted(TypedEvent[CampaignStatusChange]):
    """draft → creating: the tree is being created on the platform, PAUSED."""

    event_type: ClassVar[str] = "campaign.launch_started"
    aggregate_type: ClassVar[str] = "campaign"


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignLaunched(TypedEvent[CampaignStatusChange]):
    """The whole tree exists on the platform and was activated."""

    event_type: ClassVar[str] = "campaign.launched"
    aggregate_type: ClassVar[str] = "campaign"


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignPaused(TypedEvent[CampaignStatusChange]):
    event_type: ClassVar[str] = "campaign.paused"
    aggregate_type: ClassVar[str] = "campaign"


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignResumed(TypedEvent[CampaignStatusChange]):
    event_type: ClassVar[str] = "campaign.resumed"
    aggregate_type: ClassVar[str] = "campaign"


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignCompleted(TypedEvent[CampaignStatusChange]):
    event_type: ClassVar[str] = "campaign.completed"
    aggregate_type: ClassVar[str] = "campaign"


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignArchived(TypedEvent[CampaignStatusChange]):
    event_type: ClassVar[str] = "campaign.archived"
    aggregate_type: ClassVar[str] = "campaign"


@dataclass(frozen=True, slots=True, kw_only=True)
class AdSetPaused(TypedEvent[AdSetStatusChange]):
    event_type: ClassVar[str] = "campaign.ad_set_paused"
    aggregate_type: ClassVar[str] = "campaign"


@dataclass(frozen=True, slots=True, kw_only=True)
class AdSetResumed(TypedEvent[AdSetStatusChange]):
    event_type: ClassVar[str] = "campaign.ad_set_resumed"
    aggregate_type: ClassVar[str] = "campaign"


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignBudgetChanged(TypedEvent[BudgetChange]):
    event_type: ClassVar[str] = "campaign.budget_changed"
    aggregate_type: ClassVar[str] = "campaign"


@dataclass(frozen=True, slots=True, kw_only=True)
class BudgetAlerted(TypedEvent[PacingAlert]):
    event_type: ClassVar[str] = "budget.alert"
    aggregate_type: ClassVar[str] = "campaign"


@dataclass(frozen=True, slots=True, kw_only=True)
class AdRuleCreated(TypedEvent[RuleDefined]):
    event_type: ClassVar[str] = "ad_rule.created"
    aggregate_type: ClassVar[str] = "ad_rule"


@dataclass(frozen=True, slots=True, kw_only=True)
class AdRuleUpdated(TypedEvent[RuleDefined]):
    event_type: ClassVar[str] = "ad_rule.updated"
    aggregate_type: ClassVar[str] = "ad_rule"


@dataclass(frozen=True, slots=True, kw_only=True)
class AdRuleDeleted(TypedEvent[RuleDefined]):
    event_type: ClassVar[str] = "ad_rule.deleted"
    aggregate_type: ClassVar[str] = "ad_rule"


@dataclass(frozen=True, slots=True, kw_only=True)
class AdRuleTriggered(TypedEvent[RuleFired]):
    event_type: ClassVar[str] = "ad_rule.triggered"
    aggregate_type: ClassVar[str] = "ad_rule"


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignRevised(EventFacts):
    """A campaign renamed, moved or (a draft) given another objective: only the fields that
    changed, before and after (times as ISO 8601 text, None for no end)."""

    brand_id: UUID
    before: dict[str, Any]
    after: dict[str, Any]

    def as_data(self) -> dict[str, Any]:
        return {"brand_id": str(self.brand_id), "before": self.before, "after": self.after}


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignUpdated(TypedEvent[CampaignRevised]):
    event_type: ClassVar[str] = "campaign.updated"
    aggregate_type: ClassVar[str] = "campaign"


@dataclass(frozen=True, slots=True, kw_only=True)
class CapLimits(EventFacts):
    """A budget cap as set (or as it was, removed): amounts as decimal text, None for no
    maximum of that kind; ``brand_id`` None is the organization's cap."""

    brand_id: UUID | None
    currency: str
    daily: str | None
    lifetime: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CapChange(EventFacts):
    """A budget cap's maximums before and after, each with the currency (which, with the
    scope, names the cap: it never changes)."""

    brand_id: UUID | None
    currency: str
    before: dict[str, str | None]
    after: dict[str, str | None]

    def as_data(self) -> dict[str, Any]:
        return {
            "brand_id": None if self.brand_id is None else str(self.brand_id),
            "currency": self.currency,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class BudgetCapCreated(TypedEvent[CapLimits]):
    event_type: ClassVar[str] = "budget_cap.created"
    aggregate_type: ClassVar[str] = "budget_cap"


@dataclass(frozen=True, slots=True, kw_only=True)
class BudgetCapUpdated(TypedEvent[CapChange]):
    event_type: ClassVar[str] = "budget_cap.updated"
    aggregate_type: ClassVar[str] = "budget_cap"


@dataclass(frozen=True, slots=True, kw_only=True)
class BudgetCapRemoved(TypedEvent[CapLimits]):
    event_type: ClassVar[str] = "budget_cap.removed"
    aggregate_type: ClassVar[str] = "budget_cap"
