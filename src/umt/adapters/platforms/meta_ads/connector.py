"""Meta Ads: ad accounts through Facebook Login and the Marketing API (a part of the Graph API).

Login, tokens, appsecret_proof and the error mapping are Meta's and live in
``umt.adapters.platforms.meta.graph`` (the Marketing API adds the business use case rate limits,
codes 80000-80014 and 17/613 with ``X-Business-Use-Case-Usage``,
https://developers.facebook.com/docs/marketing-api/overview/rate-limiting).

- Scopes (https://developers.facebook.com/docs/marketing-api/overview/authorization): ``ads_read``
  (reports, insights), ``ads_management`` (create and change campaigns, ad sets, ads),
  ``business_management`` (ad accounts owned through a business portfolio).
- Capabilities: ads (``/act_{id}/campaigns``, ``/adsets``, ``/ads``) and analytics
  (``/act_{id}/insights``).
- Connection test: ``GET /me?fields=id,name``, ``GET /me/permissions`` (granted scopes) and
  ``GET /me/adaccounts?fields=id,account_id,name,account_status,currency`` (the ad accounts the
  person can use).
- Capability ports: ``ChannelDiscovery`` and ``MetricSource`` (``insights.py``) and
  ``AdNetwork`` (``ad_network.py``), mixed into the connector the registry builds so that
  ``isinstance(connector, AdNetwork)`` holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from umt.adapters.platforms.meta.base import GraphConnector
from umt.adapters.platforms.meta_ads.ad_network import MetaAdNetwork
from umt.adapters.platforms.meta_ads.insights import MetaInsights
from umt.adapters.platforms.meta_ads.marketing import MarketingApi
from umt.adapters.platforms.oauth2 import OAuthApp
from umt.adapters.platforms.oauth_connector import Clock
from umt.domain.integration.platforms import Capability, Platform
from umt.ports.platform_connector import AccountInfo, Credentials


@dataclass(frozen=True, slots=True, kw_only=True)
class MetaAdAccount:
    """An ad account: ``id`` is ``act_<account_id>``; ``account_status`` 1 is active."""

    id: str
    name: str
    account_status: int | None = None
    currency: str | None = None


class MetaAdsConnector(GraphConnector, MetaAdNetwork, MetaInsights):
    PLATFORM = Platform.META_ADS
    CAPABILITIES = frozenset({Capability.ADS, Capability.ANALYTICS})
    DEFAULT_SCOPES = ("ads_read", "ads_management", "business_management")

    def __init__(
        self,
        client: httpx.AsyncClient,
        app: OAuthApp,
        *,
        api_base_url: str | None = None,
        auth_base_url: str | None = None,
        options: Mapping[str, str] | None = None,
        now: Clock | None = None,
    ) -> None:
        super().__init__(
            client,
            app,
            api_base_url=api_base_url,
            auth_base_url=auth_base_url,
            options=options,
            now=now,
        )
        self._marketing = MarketingApi(self._graph)

    async def test_connection(self, credentials: Credentials) -> AccountInfo:
        account = await self.me(credentials)
        await self.ad_accounts(credentials)  # proves the ad accounts are readable
        return account

    async def ad_accounts(self, credentials: Credentials) -> tuple[MetaAdAccount, ...]:
        """The ad accounts the person can use (first page of ``/me/adaccounts``)."""
        body = await self._graph.call(
            "GET",
            "me/adaccounts",
            credentials,
            fields="id,account_id,name,account_status,currency",
        )
        accounts = []
        for entry in body.get("data", []):
            if not isinstance(entry, dict) or "id" not in entry:
                continue
            status = entry.get("account_status")
            accounts.append(
                MetaAdAccount(
                    id=str(entry["id"]),
                    name=str(entry.get("name", "")),
                    account_status=status if isinstance(status, int) else None,
                    currency=str(entry["currency"]) if "currency" in entry else None,
                )
            )
        return tuple(accounts)
