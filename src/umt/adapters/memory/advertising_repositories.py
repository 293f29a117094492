"""In-memory campaigns, ad rules, their decision log and the budget caps: the SQL adapters'
semantics (optimistic versions, claims unique per window), staged until commit."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from umt.adapters.memory.store import (
    InMemoryRepository,
    InMemoryStore,
    Transaction,
    detached,
    version_check,
)
from umt.domain.advertising.budget_cap import BudgetCap
from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.caps import SpendCaps
from umt.domain.advertising.rule import AdRule
from umt.domain.advertising.status import REVIEWED
from umt.domain.shared.errors import Conflict
from umt.domain.shared.ids import (
    AdRuleId,
    AdSetId,
    BrandId,
    CampaignId,
    ExperimentId,
    OrganizationId,
)
from umt.ports.ad_decision_log import AdDecisionLog, PacingCheck, RuleEvaluation
from umt.ports.ad_rule_repository import AdRuleRepository
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.budget_caps import BudgetCaps
from umt.ports.campaign_repository import CampaignFilter, CampaignRepository


class InMemoryCampaignRepository(InMemoryRepository, CampaignRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._loaded: dict[UUID, int] = {}

    async def get(
        self, organization_id: OrganizationId, campaign_id: CampaignId
    ) -> Campaign | None:
        stored = self._store.campaigns.get(campaign_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        return self._loaded_copy(stored)

    async def add(self, campaign: Campaign) -> None:
        if campaign.id in self._store.campaigns:
            raise Conflict(f"campaign {campaign.id} exists")
        snapshot = detached(campaign)
        self._tx.stage(lambda: self._store.campaigns.__setitem__(campaign.id, snapshot))
        self._loaded[campaign.id] = campaign.version
        self._tracker.track(campaign)

    async def save(self, campaign: Campaign) -> None:
        loaded = self._loaded.get(campaign.id, campaign.version)
        check = version_check(self._store.campaigns, campaign.id, loaded, "campaign")
        snapshot = detached(campaign)
        self._tx.stage(lambda: self._store.campaigns.__setitem__(campaign.id, snapshot), check)
        self._loaded[campaign.id] = campaign.version
        self._tracker.track(campaign)

    async def list(
        self, organization_id: OrganizationId, filters: CampaignFilter
    ) -> Sequence[Campaign]:
        found = [
            c
            for c in self._store.campaigns.values()
            if c.organization_id == organization_id
            and (filters.brand_id is None or c.brand_id == filters.brand_id)
            and (filters.status is None or c.status == filters.status)
            and (filters.brand_ids is None or c.brand_id in filters.brand_ids)
        ]
        found.sort(key=lambda c: (c.created_at, c.id), reverse=True)
        return [self._loaded_copy(c) for c in found[:500]]

    async def live(self, limit: int = 500) -> Sequence[Campaign]:
        found = sorted(
            (c for c in self._store.campaigns.values() if c.status in REVIEWED),
            key=lambda c: (c.created_at, c.id),
        )
        return [self._loaded_copy(c) for c in found[:limit]]

    def _loaded_copy(self, stored: Campaign) -> Campaign:
        self._loaded[stored.id] = stored.version
        return self._tracker.track(detached(stored))


class InMemoryAdRuleRepository(InMemoryRepository, AdRuleRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._loaded: dict[UUID, int] = {}

    async def get(self, organization_id: OrganizationId, rule_id: AdRuleId) -> AdRule | None:
        stored = self._store.ad_rules.get(rule_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        return self._loaded_copy(stored)

    async def add(self, rule: AdRule) -> None:
        snapshot = detached(rule)
        self._tx.stage(lambda: self._store.ad_rules.__setitem__(rule.id, snapshot))
        self._loaded[rule.id] = rule.version
        self._tracker.track(rule)

    async def save(self, rule: AdRule) -> None:
        loaded = self._loaded.get(rule.id, rule.version)
        check = version_check(self._store.ad_rules, rule.id, loaded, "ad rule")
        snapshot = detached(rule)
        self._tx.stage(lambda: self._store.ad_rules.__setitem__(rule.id, snapshot), check)
        self._loaded[rule.id] = rule.version
        self._tracker.track(rule)

    async def remove(self, rule: AdRule) -> None:
        loaded = self._loaded.get(rule.id, rule.version)
        check = version_check(self._store.ad_rules, rule.id, loaded, "ad rule")
        self._tx.stage(lambda: self._store.ad_rules.pop(rule.id, None), check)
        self._tracker.track(rule)

    async def list(
        self, organization_id: OrganizationId, *, campaign_id: CampaignId | None = None
    ) -> Sequence[AdRule]:
        found = [
            r
            for r in self._store.ad_rules.values()
            if r.organization_id == organization_id
            and (campaign_id is None or r.campaign_id == campaign_id)
        ]
        found.sort(key=lambda r: (r.created_at, r.id))
        return [self._loaded_copy(r) for r in found]

    async def for_campaign(self, campaign_id: CampaignId) -> Sequence[AdRule]:
        found = [
            r for r in self._store.ad_rules.values() if r.campaign_id == campaign_id and r.enabled
        ]
        found.sort(key=lambda r: (r.created_at, r.id))
        return [self._loaded_copy(r) for r in found]

    async def for_experiment(
        self, organization_id: OrganizationId, experiment_id: ExperimentId
    ) -> Sequence[AdRule]:
        found = [
            r
            for r in self._store.ad_rules.values()
            if r.organization_id == organization_id
            and r.experiment_id == experiment_id
            and r.enabled
        ]
        found.sort(key=lambda r: (r.created_at, r.id))
        return [self._loaded_copy(r) for r in found]

    def _loaded_copy(self, stored: AdRule) -> AdRule:
        self._loaded[stored.id] = stored.version
        return self._tracker.track(detached(stored))


class InMemoryAdDecisionLog(InMemoryRepository, AdDecisionLog):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._staged: list[RuleEvaluation] = []

    async def claim_evaluation(self, evaluation: RuleEvaluation) -> bool:
        key = (evaluation.rule_id, evaluation.subject_id, evaluation.slot)
        table = self._store.rule_evaluations
        if key in table or any((e.rule_id, e.subject_id, e.slot) == key for e in self._staged):
            return False

        def unclaimed() -> None:
            if key in table:
                raise Conflict("the evaluation window was claimed by another process")

        self._tx.stage(lambda: table.__setitem__(key, evaluation), unclaimed)
        self._staged.append(evaluation)
        return True

    async def update_action(self, evaluation_id: UUID, action: Mapping[str, Any]) -> None:
        def write() -> None:
            table = self._store.rule_evaluations
            for key, evaluation in table.items():
                if evaluation.id == evaluation_id:
                    table[key] = dataclasses.replace(evaluation, action=dict(action))
                    return

        self._tx.stage(write)

    async def evaluations(
        self, organization_id: OrganizationId, rule_id: AdRuleId, *, limit: int = 100
    ) -> Sequence[RuleEvaluation]:
        found = [
            e
            for e in self._store.rule_evaluations.values()
            if e.organization_id == organization_id and e.rule_id == rule_id
        ]
        found.sort(key=lambda e: (e.evaluated_at, str(e.id)), reverse=True)
        return found[:limit]

    async def last_action_at(self, rule_id: AdRuleId, subject_id: UUID) -> datetime | None:
        times = [
            e.evaluated_at
            for e in self._visible()
            if e.rule_id == rule_id and e.subject_id == subject_id and e.acted
        ]
        return max(times, default=None)

    async def actions_since(self, rule_id: AdRuleId, since: datetime) -> int:
        return sum(
            1
            for e in self._visible()
            if e.rule_id == rule_id and e.acted and e.evaluated_at >= since
        )

    async def claim_pacing(self, check: PacingCheck) -> bool:
        key = (check.ad_set_id, check.slot)
        table = self._store.pacing_checks
        if key in table:
            return False

        def unclaimed() -> None:
            if key in table:
                raise Conflict("the pacing slot was claimed by another process")

        self._tx.stage(lambda: table.__setitem__(key, check), unclaimed)
        return True

    async def last_pacing(self, ad_set_id: AdSetId, before_slot: str) -> PacingCheck | None:
        found = [
            c
            for (set_id, slot), c in self._store.pacing_checks.items()
            if set_id == ad_set_id and slot < before_slot
        ]
        return max(found, key=lambda c: c.slot, default=None)

    def _visible(self) -> list[RuleEvaluation]:
        return [*self._store.rule_evaluations.values(), *self._staged]


class InMemoryBudgetCaps(InMemoryRepository, BudgetCaps):
    async def cap_for(
        self, organization_id: OrganizationId, brand_id: BrandId, currency: str
    ) -> SpendCaps | None:
        caps = self._store.budget_caps
        found = caps.get((organization_id, brand_id, currency)) or caps.get(
            (organization_id, None, currency)
        )
        return None if found is None else found.limits

    async def get(
        self, organization_id: OrganizationId, brand_id: BrandId | None, currency: str
    ) -> BudgetCap | None:
        found = self._store.budget_caps.get((organization_id, brand_id, currency))
        return None if found is None else self._tracker.track(detached(found))

    async def put(self, cap: BudgetCap) -> None:
        key = (cap.organization_id, cap.brand_id, cap.currency)
        snapshot = detached(cap)
        self._tx.stage(lambda: self._store.budget_caps.__setitem__(key, snapshot))
        self._tracker.track(cap)

    async def remove(self, cap: BudgetCap) -> None:
        key = (cap.organization_id, cap.brand_id, cap.currency)
        self._tx.stage(lambda: self._store.budget_caps.pop(key, None))
        self._tracker.track(cap)

    async def list(self, organization_id: OrganizationId) -> Sequence[BudgetCap]:
        caps = self._store.budget_caps.values()
        found = [detached(c) for c in caps if c.organization_id == organization_id]
        return sorted(found, key=lambda c: (c.brand_id is not None, str(c.brand_id), c.currency))
