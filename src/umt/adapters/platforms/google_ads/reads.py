"""Reading Google Ads objects back: GAQL through ``searchStream`` (``get``, ``find`` by our
reference, ``list``), and the customer an account's calls act for."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import Any

from umt.adapters.platforms.ad_references import reference_in, reference_token
from umt.adapters.platforms.google_ads import tree
from umt.adapters.platforms.google_ads.api import (
    GoogleAdsApi,
    customer_digits,
    gaql_string,
    like_literal,
    resource_name,
)
from umt.adapters.platforms.google_ads.tree import Customer
from umt.domain.advertising.budget import Budget, BudgetKind
from umt.domain.advertising.levels import AdLevel, DeliveryStatus
from umt.domain.shared.money import Money, currency_code
from umt.domain.shared.time_zones import require_time_zone
from umt.ports.ad_network import RemoteAdObject
from umt.ports.channel_target import ChannelTarget
from umt.ports.platform_connector import Credentials

STATUSES = {
    "ENABLED": DeliveryStatus.ACTIVE,
    "PAUSED": DeliveryStatus.PAUSED,
    "REMOVED": DeliveryStatus.DELETED,
}
CAMPAIGN_FIELDS = "campaign.resource_name, campaign.name, campaign.status"
AD_GROUP_FIELDS = "ad_group.resource_name, ad_group.name, ad_group.status, ad_group.campaign"
AD_FIELDS = (
    "ad_group_ad.resource_name, ad_group_ad.status, ad_group_ad.ad_group, "
    "ad_group_ad.ad.id, ad_group_ad.ad.final_url_suffix"
)
BUDGET_FIELDS = (
    "campaign.resource_name, campaign.campaign_budget, campaign_budget.period, "
    "campaign_budget.amount_micros, campaign_budget.total_amount_micros"
)


def _status(value: object) -> DeliveryStatus:
    return STATUSES.get(str(value), DeliveryStatus.PAUSED)


class GoogleAdReads:
    """The reading half of ``GoogleAdNetwork`` (mixed in; uses the connector's ``_ads``)."""

    _ads: GoogleAdsApi

    async def customer(self, target: ChannelTarget, credentials: Credentials) -> Customer:
        """The customer's id, currency and time zone: discovery's details, else GAQL."""
        cid = customer_digits(target.external_id)
        login = target.details.get("login_customer_id") or None
        currency, zone = target.details.get("currency"), target.details.get("time_zone")
        if not currency or not zone:
            rows = await self._ads.search(
                cid,
                credentials.access_token,
                "SELECT customer.currency_code, customer.time_zone FROM customer",
                login=login,
            )
            found = rows[0].get("customer", {}) if rows else {}
            currency = currency or str(found.get("currencyCode", ""))
            zone = zone or str(found.get("timeZone", "") or "UTC")
        return Customer(cid, currency_code(currency), require_time_zone(zone), login)

    async def _search(
        self, customer: Customer, credentials: Credentials, query: str
    ) -> list[dict[str, Any]]:
        return await self._ads.search(
            customer.id, credentials.access_token, query, login=customer.login
        )

    async def get(
        self, target: ChannelTarget, credentials: Credentials, level: AdLevel, remote_id: str
    ) -> RemoteAdObject | None:
        name = gaql_string(resource_name(remote_id))
        found = await self._query(target, credentials, level, [f"resource_name = {name}"])
        return found[0] if found else None

    async def find(
        self, target: ChannelTarget, credentials: Credentials, level: AdLevel, reference: str
    ) -> RemoteAdObject | None:
        if level is AdLevel.AD:
            condition = f"ad.final_url_suffix = {gaql_string(tree.url_suffix(reference))}"
        else:
            pattern = "%" + like_literal(reference_token(reference)) + "%"
            condition = f"name LIKE {gaql_string(pattern)}"
        found = [
            o
            for o in await self._query(target, credentials, level, [condition])
            if o.reference == reference and o.status is not DeliveryStatus.DELETED
        ]
        return found[0] if found else None

    async def list(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        level: AdLevel,
        *,
        parent_remote_id: str | None = None,
    ) -> Sequence[RemoteAdObject]:
        conditions = ["status != 'REMOVED'"]
        if parent_remote_id and level is not AdLevel.CAMPAIGN:
            parent = "campaign" if level is AdLevel.AD_SET else "ad_group"
            conditions.append(f"{parent} = {gaql_string(resource_name(parent_remote_id))}")
        return await self._query(target, credentials, level, conditions)

    async def _query(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        level: AdLevel,
        conditions: builtins.list[str],
    ) -> builtins.list[RemoteAdObject]:
        """The objects of a level matching ``conditions`` (GAQL, relative to the level's
        resource: ``name LIKE ...`` is ``campaign.name LIKE ...``)."""
        customer = await self.customer(target, credentials)
        table = {
            AdLevel.CAMPAIGN: "campaign",
            AdLevel.AD_SET: "ad_group",
            AdLevel.AD: "ad_group_ad",
        }[level]
        fields = {
            AdLevel.CAMPAIGN: CAMPAIGN_FIELDS,
            AdLevel.AD_SET: AD_GROUP_FIELDS,
            AdLevel.AD: AD_FIELDS,
        }[level]
        where = " AND ".join(f"{table}.{condition}" for condition in conditions)
        query = f"SELECT {fields} FROM {table} WHERE {where}"  # noqa: S608 - GAQL of validated values
        rows = await self._search(customer, credentials, query)
        objects = [_object(level, row) for row in rows]
        if level is AdLevel.AD_SET:
            objects = [await self._with_budget(customer, credentials, o) for o in objects]
        return objects

    async def _with_budget(
        self, customer: Customer, credentials: Credentials, group: RemoteAdObject
    ) -> RemoteAdObject:
        if group.parent_remote_id is None:
            return group
        rows = await self._search(
            customer,
            credentials,
            f"SELECT {BUDGET_FIELDS} FROM campaign "  # noqa: S608 - GAQL of validated values
            f"WHERE campaign.resource_name = {gaql_string(group.parent_remote_id)}",
        )
        budget = rows[0].get("campaignBudget", {}) if rows else {}
        kind = BudgetKind.LIFETIME if budget.get("period") == "CUSTOM_PERIOD" else BudgetKind.DAILY
        micros = budget.get("totalAmountMicros" if kind is BudgetKind.LIFETIME else "amountMicros")
        if not str(micros or "").isdigit() or int(str(micros)) <= 0:
            return group
        amount = Money.from_micros(int(str(micros)), customer.currency)
        return RemoteAdObject(
            level=group.level,
            remote_id=group.remote_id,
            name=group.name,
            status=group.status,
            budget=Budget(kind, amount),
            reference=group.reference,
            parent_remote_id=group.parent_remote_id,
        )


def _object(level: AdLevel, row: dict[str, Any]) -> RemoteAdObject:
    if level is AdLevel.AD:
        entry = row.get("adGroupAd", {})
        suffix = str(entry.get("ad", {}).get("finalUrlSuffix", ""))
        reference = (
            suffix.removeprefix(f"{tree.SUFFIX_KEY}=")
            if suffix.startswith(f"{tree.SUFFIX_KEY}=")
            else None
        )
        return RemoteAdObject(
            level=level,
            remote_id=str(entry.get("resourceName", "")),
            name=f"ad {entry.get('ad', {}).get('id', '')}",
            status=_status(entry.get("status")),
            reference=reference,
            parent_remote_id=entry.get("adGroup"),
        )
    entry = row.get("campaign" if level is AdLevel.CAMPAIGN else "adGroup", {})
    name = str(entry.get("name", ""))
    return RemoteAdObject(
        level=level,
        remote_id=str(entry.get("resourceName", "")),
        name=name,
        status=_status(entry.get("status")),
        reference=reference_in(name),
        parent_remote_id=entry.get("campaign") if level is AdLevel.AD_SET else None,
    )
