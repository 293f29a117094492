"""Events of a brand's evergreen rule: set, changed, deleted, and each winner it recycled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.domain.shared.events import Changes, EventFacts, TypedEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class EvergreenSettings(EventFacts):
    """What the rule recycles and how often."""

    brand_id: UUID
    channel_account_ids: list[str]
    measure: str
    lookback_days: int
    min_trials: int
    min_age_days: int
    cooldown_days: int
    max_per_week: int
    active: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class EvergreenRecycle(EventFacts):
    """A winner scheduled again, and why: its rank among the brand's performers by the
    measure, its value and lift, and the published post that earned them."""

    brand_id: UUID
    content_id: UUID
    publication_id: UUID
    channel_account_id: UUID
    due_at: str
    measure: str
    value: float
    rank: int
    lift: float | None
    source_publication_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class EvergreenRuleCreated(TypedEvent[EvergreenSettings]):
    event_type: ClassVar[str] = "evergreen_rule.created"
    aggregate_type: ClassVar[str] = "evergreen_rule"


@dataclass(frozen=True, slots=True, kw_only=True)
class EvergreenRuleUpdated(TypedEvent[Changes]):
    event_type: ClassVar[str] = "evergreen_rule.updated"
    aggregate_type: ClassVar[str] = "evergreen_rule"


@dataclass(frozen=True, slots=True, kw_only=True)
class EvergreenRuleDeleted(TypedEvent[EvergreenSettings]):
    event_type: ClassVar[str] = "evergreen_rule.deleted"
    aggregate_type: ClassVar[str] = "evergreen_rule"


@dataclass(frozen=True, slots=True, kw_only=True)
class EvergreenRecycled(TypedEvent[EvergreenRecycle]):
    event_type: ClassVar[str] = "evergreen.recycled"
    aggregate_type: ClassVar[str] = "evergreen_rule"
