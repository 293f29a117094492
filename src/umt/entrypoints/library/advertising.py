"""``platform.advertising`` (as /api/v1/campaigns, /api/v1/ad-rules, /api/v1/budget-caps).

Plan a campaign on a brand's ad account, launch it exactly once on the ad network, steer it,
read its pacing; set the budget caps; define ad rules, judge them (also in dry run) and read
their evaluations.
Results are frozen views; money stays exact (``Money``, decimal text on input).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from umt.application.advertising.budget_caps import (
    CapSet,
    ListBudgetCaps,
    RemoveBudgetCap,
    SetBudgetCap,
)
from umt.application.advertising.campaign_queries import GetCampaign, ListCampaigns
from umt.application.advertising.evaluate_rule import EvaluateAdRule, RuleEvaluationReport
from umt.application.advertising.lifecycle import (
    ArchiveCampaign,
    LaunchCampaign,
    PauseCampaign,
    ResumeCampaign,
    UpdateBudget,
)
from umt.application.advertising.manage_rules import CreateAdRule, DeleteAdRule, UpdateAdRule
from umt.application.advertising.pacing_query import CampaignPacing, GetCampaignPacing
from umt.application.advertising.plan_campaign import AddAd, AddAdSet, CreateCampaign
from umt.application.advertising.revise_campaign import UpdateCampaign
from umt.application.advertising.rule_queries import GetAdRule, ListAdRules, ListRuleEvaluations
from umt.application.advertising.views import AdRuleView, BudgetCapView, CampaignView
from umt.application.read_models import page_of
from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.rule import AdRule
from umt.entrypoints.library.session import BusApi, Session
from umt.ports.ad_decision_log import RuleEvaluation
from umt.ports.pagination import Page, PageRequest


class AdvertisingApi(BusApi):
    """Campaigns and ad rules (``ads:read`` to read, ``ads:manage`` for every change)."""

    async def create_campaign(
        self,
        session: Session,
        *,
        brand_id: UUID,
        ad_account_id: UUID,
        name: str,
        objective: str,
        starts_at: Any,
        ends_at: Any = None,
        ad_sets: Sequence[Mapping[str, Any]] = (),
    ) -> CampaignView:
        """A draft; ``ad_sets`` as the HTTP body's (budgets ``{"kind", "amount", "currency"}``)."""
        command = CreateCampaign(
            brand_id=brand_id,
            ad_account_id=ad_account_id,
            name=name,
            objective=objective,
            starts_at=starts_at,
            ends_at=ends_at,
            ad_sets=ad_sets,
        )
        return await self._campaign(session, command)

    async def add_ad_set(
        self, session: Session, campaign_id: UUID, ad_set: Mapping[str, Any]
    ) -> CampaignView:
        return await self._campaign(session, AddAdSet(campaign_id=campaign_id, ad_set=ad_set))

    async def add_ad(
        self, session: Session, campaign_id: UUID, ad_set_id: UUID, ad: Mapping[str, Any]
    ) -> CampaignView:
        command = AddAd(campaign_id=campaign_id, ad_set_id=ad_set_id, ad=ad)
        return await self._campaign(session, command)

    async def launch(
        self, session: Session, campaign_id: UUID, *, expected_version: int | None = None
    ) -> CampaignView:
        """Create the tree PAUSED on the ad network, exactly once, then switch it on."""
        command = LaunchCampaign(campaign_id=campaign_id, expected_version=expected_version)
        return await self._campaign(session, command)

    async def pause(
        self, session: Session, campaign_id: UUID, *, expected_version: int | None = None
    ) -> CampaignView:
        command = PauseCampaign(campaign_id=campaign_id, expected_version=expected_version)
        return await self._campaign(session, command)

    async def resume(
        self, session: Session, campaign_id: UUID, *, expected_version: int | None = None
    ) -> CampaignView:
        command = ResumeCampaign(campaign_id=campaign_id, expected_version=expected_version)
        return await self._campaign(session, command)

    async def archive(
        self, session: Session, campaign_id: UUID, *, expected_version: int | None = None
    ) -> CampaignView:
        command = ArchiveCampaign(campaign_id=campaign_id, expected_version=expected_version)
        return await self._campaign(session, command)

    async def change_budget(
        self,
        session: Session,
        campaign_id: UUID,
        ad_set_id: UUID,
        budget: Mapping[str, Any],
        *,
        expected_version: int | None = None,
    ) -> CampaignView:
        command = UpdateBudget(
            campaign_id=campaign_id,
            ad_set_id=ad_set_id,
            budget=budget,
            expected_version=expected_version,
        )
        return await self._campaign(session, command)

    async def update_campaign(
        self,
        session: Session,
        campaign_id: UUID,
        changes: Mapping[str, Any],
        *,
        expected_version: int | None = None,
    ) -> CampaignView:
        """Rename, move the dates (``"ends_at": None``: no end) or change a draft's objective;
        a launched campaign is changed on its ad network first."""
        command = UpdateCampaign(
            campaign_id=campaign_id, changes=changes, expected_version=expected_version
        )
        return await self._campaign(session, command)

    async def campaign(self, session: Session, campaign_id: UUID) -> CampaignView:
        return await self._campaign(session, GetCampaign(campaign_id=campaign_id))

    async def campaigns(
        self,
        session: Session,
        *,
        brand_id: UUID | None = None,
        status: str | None = None,
        page: PageRequest | None = None,
    ) -> Page[CampaignView]:
        query = ListCampaigns(brand_id=brand_id, status=status, page=page or PageRequest())
        return page_of(await self._ask(session, query, Page[Campaign]), CampaignView.of)

    async def pacing(self, session: Session, campaign_id: UUID) -> CampaignPacing:
        """Each ad set's spend against its plan now, and the step the review would take."""
        return await self._ask(session, GetCampaignPacing(campaign_id=campaign_id), CampaignPacing)

    async def create_rule(
        self, session: Session, campaign_id: UUID, definition: Mapping[str, Any]
    ) -> AdRuleView:
        """``definition`` as the HTTP body's (docs/advertising.md), without ``campaign_id``."""
        command = CreateAdRule(campaign_id=campaign_id, definition=definition)
        return AdRuleView.of(await self._ask(session, command, AdRule))

    async def update_rule(
        self,
        session: Session,
        rule_id: UUID,
        changes: Mapping[str, Any],
        *,
        expected_version: int | None = None,
    ) -> AdRuleView:
        command = UpdateAdRule(rule_id=rule_id, changes=changes, expected_version=expected_version)
        return AdRuleView.of(await self._ask(session, command, AdRule))

    async def delete_rule(
        self, session: Session, rule_id: UUID, *, expected_version: int | None = None
    ) -> None:
        await self._send(session, DeleteAdRule(rule_id=rule_id, expected_version=expected_version))

    async def rule(self, session: Session, rule_id: UUID) -> AdRuleView:
        return AdRuleView.of(await self._ask(session, GetAdRule(rule_id=rule_id), AdRule))

    async def rules(
        self,
        session: Session,
        *,
        campaign_id: UUID | None = None,
        page: PageRequest | None = None,
    ) -> Page[AdRuleView]:
        query = ListAdRules(campaign_id=campaign_id, page=page or PageRequest())
        return page_of(await self._ask(session, query, Page[AdRule]), AdRuleView.of)

    async def evaluate_rule(
        self, session: Session, rule_id: UUID, *, dry_run: bool = True
    ) -> RuleEvaluationReport:
        """Judge the rule now; a dry run (the default) records what it would do, nothing else."""
        command = EvaluateAdRule(rule_id=rule_id, dry_run=dry_run)
        return await self._ask(session, command, RuleEvaluationReport)

    async def rule_evaluations(
        self, session: Session, rule_id: UUID, *, limit: int = 100
    ) -> list[RuleEvaluation]:
        query = ListRuleEvaluations(rule_id=rule_id, limit=limit)
        return list(await self._ask(session, query, list[RuleEvaluation]))

    async def budget_caps(
        self, session: Session, *, page: PageRequest | None = None
    ) -> Page[BudgetCapView]:
        """The organization's caps and those of the brands the member reaches."""
        query = ListBudgetCaps(page=page or PageRequest())
        return await self._ask(session, query, Page[BudgetCapView])

    async def set_budget_cap(
        self,
        session: Session,
        currency: str,
        daily: str | None = None,
        *,
        lifetime: str | None = None,
        brand_id: UUID | None = None,
    ) -> CapSet:
        """Set the organization's (or a brand's) cap: a daily and/or a lifetime maximum; the
        campaigns already over it are reported in ``over_cap``, never changed. Owners and
        admins (``budget_caps:manage``)."""
        command = SetBudgetCap(currency=currency, daily=daily, lifetime=lifetime, brand_id=brand_id)
        return await self._ask(session, command, CapSet)

    async def remove_budget_cap(
        self, session: Session, currency: str, *, brand_id: UUID | None = None
    ) -> None:
        await self._send(session, RemoveBudgetCap(currency=currency, brand_id=brand_id))

    async def _campaign(self, session: Session, message: object) -> CampaignView:
        return CampaignView.of(await self._ask(session, message, Campaign))
