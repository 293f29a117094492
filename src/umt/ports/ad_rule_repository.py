"""The AdRuleRepository port: the automated rules on a brand's campaigns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from umt.domain.advertising.rule import AdRule
from umt.domain.shared.ids import AdRuleId, CampaignId, ExperimentId, OrganizationId


class AdRuleRepository(Protocol):
    async def get(self, organization_id: OrganizationId, rule_id: AdRuleId) -> AdRule | None: ...

    async def add(self, rule: AdRule) -> None: ...

    async def save(self, rule: AdRule) -> None:
        """Raises ``StaleVersion`` if another writer saved it since it was loaded here."""
        ...

    async def remove(self, rule: AdRule) -> None:
        """Delete it (its recorded evaluations stay); its events are still committed."""
        ...

    async def list(
        self, organization_id: OrganizationId, *, campaign_id: CampaignId | None = None
    ) -> Sequence[AdRule]:
        """Oldest first."""
        ...

    async def for_campaign(self, campaign_id: CampaignId) -> Sequence[AdRule]:
        """The enabled rules of a campaign, whatever the tenant (the loop's read)."""
        ...

    async def for_experiment(
        self, organization_id: OrganizationId, experiment_id: ExperimentId
    ) -> Sequence[AdRule]:
        """The enabled shift_to_winner rules naming the experiment."""
        ...
