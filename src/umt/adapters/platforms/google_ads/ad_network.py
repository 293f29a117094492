"""Google Ads as an ``AdNetwork`` (see ``tree`` for how umt's tree maps onto Google's).

``create_tree`` creates campaign budget, campaign, ad group (with its criteria) and ad in ONE
atomic ``googleAds:mutate`` linked by temporary resource names: it exists entirely or not at
all. The per-level ``create_*`` calls are one mutate each. A create refused with a duplicate
name (the object was made by an attempt whose answer was lost) is reconciled: the object
carrying our reference is found and returned, never created twice. Reads and ``find`` are GAQL
through ``searchStream``. ``update_campaign`` is one campaign update
with its ``updateMask`` (``name``, ``start_date_time``, ``end_date_time``; no end is Google's
``2037-12-30 23:59:59``). Remote ids are resource names (``customers/{cid}/campaigns/{id}``,
``.../adGroups/{id}``, ``.../adGroupAds/{ad group id}~{ad id}``).
"""

from __future__ import annotations

import builtins
import logging
from typing import Any

from umt.adapters.platforms.ad_references import (
    name_with_reference,
)
from umt.adapters.platforms.google_ads import tree
from umt.adapters.platforms.google_ads.api import (
    PLATFORM,
    DuplicateName,
    gaql_string,
    resource_name,
    result_names,
)
from umt.adapters.platforms.google_ads.reads import BUDGET_FIELDS
from umt.adapters.platforms.google_ads.targeting import GoogleTargeting
from umt.adapters.platforms.google_ads.tree import Customer
from umt.domain.advertising.budget import Budget, BudgetKind
from umt.domain.advertising.levels import AdLevel, DeliveryStatus
from umt.domain.integration.errors import PlatformRejected
from umt.domain.shared.errors import InvalidValue
from umt.ports.ad_network import (
    AdNetwork,
    AdSetSpec,
    AdSpec,
    CampaignSpec,
    CampaignUpdate,
    RemoteAdObject,
)
from umt.ports.channel_target import ChannelTarget
from umt.ports.platform_connector import Credentials

log = logging.getLogger(__name__)
NO_END = "2037-12-30 23:59:59"  # what Google Ads reports for a campaign without an end date
TO_GOOGLE = {DeliveryStatus.ACTIVE: "ENABLED", DeliveryStatus.PAUSED: "PAUSED"}
OPERATION = {
    AdLevel.CAMPAIGN: "campaignOperation",
    AdLevel.AD_SET: "adGroupOperation",
    AdLevel.AD: "adGroupAdOperation",
}


class GoogleAdNetwork(GoogleTargeting, AdNetwork):
    """The ``AdNetwork`` half of ``GoogleAdsConnector`` (mixed in; uses its ``_ads``)."""

    async def _mutate(
        self, customer: Customer, credentials: Credentials, operations: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        return await self._ads.mutate(
            customer.id, credentials.access_token, operations, login=customer.login
        )

    async def _reconciled(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        level: AdLevel,
        reference: str,
        error: DuplicateName,
    ) -> RemoteAdObject:
        found = await self.find(target, credentials, level, reference)
        if found is None:  # a duplicate name that is not ours: the user's own object
            raise PlatformRejected(error.message, platform=PLATFORM, status=error.status)
        log.info("google_ads: %s %s already existed; reconciled", level, reference)
        return found

    async def create_campaign(
        self, target: ChannelTarget, credentials: Credentials, spec: CampaignSpec
    ) -> RemoteAdObject:
        customer = await self.customer(target, credentials)
        budget = tree.placeholder_budget(customer)
        operations = [
            tree.budget_create(customer, 1, spec.name, spec.reference, budget),
            tree.campaign_create(
                customer,
                2,
                customer.temp("campaignBudgets", 1),
                spec,
                tree.bidding(customer, spec.objective, None),
            ),
        ]
        try:
            results = await self._mutate(customer, credentials, operations)
        except DuplicateName as exc:
            return await self._reconciled(
                target, credentials, AdLevel.CAMPAIGN, spec.reference, exc
            )
        name = operations[1]["campaignOperation"]["create"]["name"]
        return RemoteAdObject(
            level=AdLevel.CAMPAIGN,
            remote_id=_one(result_names(results, "campaignResult")),
            name=name,
            status=DeliveryStatus.PAUSED,
            reference=spec.reference,
        )

    async def create_ad_set(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        campaign_remote_id: str,
        spec: AdSetSpec,
    ) -> RemoteAdObject:
        customer = await self.customer(target, credentials)
        campaign = resource_name(campaign_remote_id, field="campaign_remote_id")
        tree.budget_fields(customer, spec.budget)  # refuses another currency before any call
        if spec.budget.kind is BudgetKind.LIFETIME and spec.flight[1] is None:
            raise InvalidValue(
                "a lifetime budget needs an end time (the ad set's or its campaign's)",
                field="ends_at",
            )
        operations = await self._budget_operations(customer, credentials, campaign, spec.budget)
        campaign_update: dict[str, Any] = {
            "resourceName": campaign,
            **tree.bidding(customer, None, spec),
        }
        if spec.starts_at is not None:
            campaign_update["startDateTime"] = customer.local(spec.starts_at)
        if spec.ends_at is not None:
            campaign_update["endDateTime"] = customer.local(spec.ends_at)
        if len(campaign_update) > 1:
            operations.append(
                tree.update("campaignOperation", campaign_update, tree.mask_of(campaign_update))
            )
        group = customer.temp("adGroups", 2)
        operations.append(tree.ad_group_create(customer, 2, campaign, spec))
        operations += await self._criteria(customer, credentials, campaign, group, spec)
        try:
            results = await self._mutate(customer, credentials, operations)
        except DuplicateName as exc:
            return await self._reconciled(target, credentials, AdLevel.AD_SET, spec.reference, exc)
        return RemoteAdObject(
            level=AdLevel.AD_SET,
            remote_id=_one(result_names(results, "adGroupResult")),
            name=name_with_reference(spec.name, spec.reference),
            status=DeliveryStatus.PAUSED,
            budget=spec.budget,
            reference=spec.reference,
            parent_remote_id=campaign,
        )

    async def _budget_operations(
        self, customer: Customer, credentials: Credentials, campaign: str, budget: Budget
    ) -> list[dict[str, Any]]:
        """Set the campaign's budget to ``budget``: the amount in place when the period is the
        same, else a new budget of the right period replaces the old one (a period is
        immutable)."""
        rows = await self._search(
            customer,
            credentials,
            f"SELECT {BUDGET_FIELDS} FROM campaign "  # noqa: S608 - GAQL of validated values
            f"WHERE campaign.resource_name = {gaql_string(campaign)}",
        )
        if not rows:
            raise PlatformRejected(f"{PLATFORM}: campaign {campaign} not found", platform=PLATFORM)
        current = str(rows[0].get("campaign", {}).get("campaignBudget", ""))
        period = str(rows[0].get("campaignBudget", {}).get("period", ""))
        fields = tree.budget_fields(customer, budget)
        if fields["period"] == period:
            change = {"resourceName": current, **fields}
            del change["period"]
            return [tree.update("campaignBudgetOperation", change, tree.mask_of(change))]
        fresh = customer.temp("campaignBudgets", 1)
        create = {
            "campaignBudgetOperation": {
                "create": {
                    "resourceName": fresh,
                    "name": f"{campaign} {budget.kind} budget",
                    "deliveryMethod": "STANDARD",
                    "explicitlyShared": False,
                    **fields,
                }
            }
        }
        point = {"resourceName": campaign, "campaignBudget": fresh}
        return [
            create,
            tree.update("campaignOperation", point, ["campaign_budget"]),
            {"campaignBudgetOperation": {"remove": current}},
        ]

    async def create_ad(
        self, target: ChannelTarget, credentials: Credentials, ad_set_remote_id: str, spec: AdSpec
    ) -> RemoteAdObject:
        customer = await self.customer(target, credentials)
        group = resource_name(ad_set_remote_id, field="ad_set_remote_id")
        results = await self._mutate(customer, credentials, [tree.ad_create(group, spec)])
        return RemoteAdObject(
            level=AdLevel.AD,
            remote_id=_one(result_names(results, "adGroupAdResult")),
            name=name_with_reference(spec.name, spec.reference),
            status=DeliveryStatus.PAUSED,
            reference=spec.reference,
            parent_remote_id=group,
        )

    async def create_tree(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        campaign: CampaignSpec,
        ad_set: AdSetSpec,
        ad: AdSpec,
    ) -> tuple[RemoteAdObject, RemoteAdObject, RemoteAdObject]:
        """Budget, campaign, ad group and ad in one atomic mutate, all PAUSED. After a lost
        answer, calling it again completes what exists (found by reference) instead of
        duplicating it."""
        customer = await self.customer(target, credentials)
        if ad_set.budget.kind is BudgetKind.LIFETIME and campaign.ends_at is None:
            raise InvalidValue("a lifetime budget needs the campaign's end time", field="ends_at")
        budget_name = customer.temp("campaignBudgets", 1)
        camp, group = customer.temp("campaigns", 2), customer.temp("adGroups", 3)
        operations = [
            tree.budget_create(customer, 1, campaign.name, campaign.reference, ad_set.budget),
            tree.campaign_create(
                customer,
                2,
                budget_name,
                campaign,
                tree.bidding(customer, campaign.objective, ad_set),
            ),
            tree.ad_group_create(customer, 3, camp, ad_set),
            *await self._criteria(customer, credentials, camp, group, ad_set),
            tree.ad_create(group, ad),
        ]
        try:
            results = await self._mutate(customer, credentials, operations)
        except DuplicateName:
            return await self._complete(target, credentials, campaign, ad_set, ad)
        campaign_id = _one(result_names(results, "campaignResult"))
        group_id = _one(result_names(results, "adGroupResult"))
        return (
            RemoteAdObject(
                level=AdLevel.CAMPAIGN,
                remote_id=campaign_id,
                name=name_with_reference(campaign.name, campaign.reference),
                status=DeliveryStatus.PAUSED,
                reference=campaign.reference,
            ),
            RemoteAdObject(
                level=AdLevel.AD_SET,
                remote_id=group_id,
                name=name_with_reference(ad_set.name, ad_set.reference),
                status=DeliveryStatus.PAUSED,
                budget=ad_set.budget,
                reference=ad_set.reference,
                parent_remote_id=campaign_id,
            ),
            RemoteAdObject(
                level=AdLevel.AD,
                remote_id=_one(result_names(results, "adGroupAdResult")),
                name=name_with_reference(ad.name, ad.reference),
                status=DeliveryStatus.PAUSED,
                reference=ad.reference,
                parent_remote_id=group_id,
            ),
        )

    async def _complete(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        campaign: CampaignSpec,
        ad_set: AdSetSpec,
        ad: AdSpec,
    ) -> tuple[RemoteAdObject, RemoteAdObject, RemoteAdObject]:
        found = await self.find(target, credentials, AdLevel.CAMPAIGN, campaign.reference)
        if found is None:
            raise PlatformRejected(
                f"{PLATFORM}: a campaign named like {campaign.name!r} exists and is not umt's",
                platform=PLATFORM,
            )
        group = await self.find(target, credentials, AdLevel.AD_SET, ad_set.reference)
        if group is None:
            group = await self.create_ad_set(target, credentials, found.remote_id, ad_set)
        made = await self.find(target, credentials, AdLevel.AD, ad.reference)
        if made is None:
            made = await self.create_ad(target, credentials, group.remote_id, ad)
        return found, group, made

    async def set_status(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        level: AdLevel,
        remote_id: str,
        status: DeliveryStatus,
    ) -> None:
        customer = await self.customer(target, credentials)
        name = resource_name(remote_id)
        if status is DeliveryStatus.DELETED:
            operation: dict[str, Any] = {OPERATION[level]: {"remove": name}}
        elif status in TO_GOOGLE:
            operation = tree.update(
                OPERATION[level], {"resourceName": name, "status": TO_GOOGLE[status]}, ["status"]
            )
        else:
            raise InvalidValue("Google Ads has no archived state: pause or delete", field="status")
        await self._mutate(customer, credentials, [operation])

    async def update_campaign(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        remote_id: str,
        update: CampaignUpdate,
    ) -> None:
        """Google keeps the dates on the campaign (its ad groups have none)."""
        customer = await self.customer(target, credentials)
        fields: dict[str, Any] = {"resourceName": resource_name(remote_id)}
        if update.name is not None:
            fields["name"] = name_with_reference(update.name, update.reference)
        if update.starts_at is not None:
            fields["startDateTime"] = customer.local(update.starts_at)
        if update.drop_end:
            fields["endDateTime"] = NO_END
        elif update.ends_at is not None:
            fields["endDateTime"] = customer.local(update.ends_at)
        if len(fields) > 1:
            operation = tree.update(OPERATION[AdLevel.CAMPAIGN], fields, tree.mask_of(fields))
            await self._mutate(customer, credentials, [operation])

    async def set_budget(
        self, target: ChannelTarget, credentials: Credentials, remote_id: str, budget: Budget
    ) -> None:
        """Google keeps the budget on the campaign: this changes the budget of the ad group's
        campaign (every ad group of that campaign shares it). The kind stays as created."""
        customer = await self.customer(target, credentials)
        tree.budget_fields(customer, budget)  # the currency check, before any call
        group = await self.get(target, credentials, AdLevel.AD_SET, remote_id)
        if group is None or group.parent_remote_id is None:
            raise PlatformRejected(f"{PLATFORM}: ad group {remote_id} not found", platform=PLATFORM)
        if group.budget is not None and group.budget.kind is not budget.kind:
            raise InvalidValue(
                f"the campaign has a {group.budget.kind} budget; it cannot become {budget.kind}",
                field="budget.kind",
            )
        operations = await self._budget_operations(
            customer, credentials, group.parent_remote_id, budget
        )
        await self._mutate(customer, credentials, operations)


def _one(names: builtins.list[str]) -> str:
    if not names:
        raise PlatformRejected(
            f"{PLATFORM}: the mutate answer has no resource name", platform=PLATFORM
        )
    return names[0]
