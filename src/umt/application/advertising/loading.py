"""Reaching the advertising aggregates and the ad account for the current tenant. Absence,
another tenant's object and a brand outside a member's scope all look the same (404)."""

from __future__ import annotations

from uuid import UUID

from umt.application.principal import Principal
from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.errors import AdAccountInvalid
from umt.domain.advertising.rule import AdRule
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import Role
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import AdRuleId, CampaignId, ChannelAccountId
from umt.ports.unit_of_work import UnitOfWork


async def load_campaign(uow: UnitOfWork, actor: Principal, campaign_id: UUID) -> Campaign:
    campaign = await uow.campaigns.get(actor.organization_id, CampaignId(campaign_id))
    if campaign is None or not actor.can_access_brand(campaign.brand_id):
        raise NotFound(f"campaign {campaign_id} not found")
    return campaign


async def load_rule(uow: UnitOfWork, actor: Principal, rule_id: UUID) -> AdRule:
    rule = await uow.ad_rules.get(actor.organization_id, AdRuleId(rule_id))
    if rule is None or not actor.can_access_brand(rule.brand_id):
        raise NotFound(f"ad rule {rule_id} not found")
    return rule


async def ad_account(
    uow: UnitOfWork, actor: Principal, account_id: UUID, brand_id: UUID
) -> ChannelAccount:
    """The brand's active ad account (with its currency); an unknown one is a 422 naming
    the field, like any other bad input of the command."""
    account = await uow.channel_accounts.get(actor.organization_id, ChannelAccountId(account_id))
    if account is None or account.brand_id != brand_id:
        raise AdAccountInvalid(
            f"the brand has no channel account {account_id}", field="ad_account_id"
        )
    if account.role is not Role.ADVERTISE:
        raise AdAccountInvalid(
            f"{account.name} is a {account.kind.value}, not an ad account", field="ad_account_id"
        )
    if not account.publishable:
        raise AdAccountInvalid(f"{account.name} is {account.status.value}", field="ad_account_id")
    if account.currency is None:
        raise AdAccountInvalid(
            f"{account.name} has no known currency; rediscover it", field="ad_account_id"
        )
    return account


async def account_of(uow: UnitOfWork, campaign: Campaign) -> ChannelAccount:
    """The campaign's ad account, as it is now (for a platform call)."""
    account = await uow.channel_accounts.get(campaign.organization_id, campaign.ad_account_id)
    if account is None:
        raise AdAccountInvalid("the campaign's ad account was removed", field="ad_account_id")
    return account
