"""Marketing API plumbing shared by the Meta Ads capabilities: reads, writes and paging on the
versioned Graph path, and the ad account's facts (currency, time zone, id form).

Every call sends the user token as ``Authorization: Bearer`` with ``appsecret_proof`` (as
``GraphApi.call``); writes go as form fields (``POST /act_{id}/campaigns`` ...) with objects
JSON-encoded, the way the Marketing API documents them, and through ``PlatformHttp`` with
``write=True``: a lost answer is ``OutcomeUnknown``. Errors are the Graph mapping
(``umt.adapters.platforms.meta.graph``): 190 token, 17/613/80000-80014 with
``X-Business-Use-Case-Usage`` rate limits, 100 (with a subcode) a ``PlatformRejected`` that
carries Meta's message.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from umt.adapters.platforms.http import json_or_empty
from umt.adapters.platforms.meta.graph import GraphApi
from umt.domain.integration.errors import PlatformRejected
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.money import Money, currency_code
from umt.domain.shared.time_zones import require_time_zone
from umt.ports.channel_target import ChannelTarget
from umt.ports.platform_connector import Credentials

PLATFORM = "meta_ads"
PAGE_SIZE = "200"
MAX_PAGES = 50  # a bound on one listing (10,000 objects), never an endless walk


def account_path(target: ChannelTarget) -> str:
    """The ad account's Graph node: ``act_<account_id>`` (an id given without it is prefixed)."""
    raw = target.external_id.strip()
    digits = raw.removeprefix("act_")
    if not digits.isdigit():
        raise InvalidValue("a Meta ad account id is act_<digits>", field="external_id")
    return f"act_{digits}"


@dataclass(frozen=True, slots=True)
class AccountFacts:
    currency: str
    time_zone: str


def _encode(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, separators=(",", ":"))


class MarketingApi:
    """Reads and writes of the Marketing API for one app (the connector's ``GraphApi``)."""

    def __init__(self, graph: GraphApi) -> None:
        self._graph = graph

    def _url(self, path: str) -> str:
        return f"{self._graph.graph_url}/{path.lstrip('/')}"

    def _auth(self, credentials: Credentials) -> tuple[dict[str, str], dict[str, str]]:
        headers = {"authorization": f"Bearer {credentials.access_token}"}
        return headers, {"appsecret_proof": self._graph.proof(credentials.access_token)}

    async def read(
        self, path: str, credentials: Credentials, params: Mapping[str, object] | None = None
    ) -> dict[str, Any]:
        headers, proof = self._auth(credentials)
        query = {key: _encode(value) for key, value in (params or {}).items()}
        response = await self._graph.http.send(
            "GET", self._url(path), headers=headers, params={**query, **proof}
        )
        return json_or_empty(response)

    async def write(
        self, path: str, credentials: Credentials, fields: Mapping[str, object]
    ) -> dict[str, Any]:
        """``POST /{path}`` with form fields; a lost answer raises ``OutcomeUnknown``."""
        headers, proof = self._auth(credentials)
        response = await self._graph.http.send(
            "POST",
            self._url(path),
            headers=headers,
            params=proof,
            data={key: _encode(value) for key, value in fields.items() if value is not None},
            write=True,
        )
        return json_or_empty(response)

    async def created_id(
        self, path: str, credentials: Credentials, fields: Mapping[str, object]
    ) -> str:
        body = await self.write(path, credentials, fields)
        remote_id = body.get("id")
        if not isinstance(remote_id, str | int) or not str(remote_id):
            raise PlatformRejected(f"{PLATFORM}: the answer to {path} has no id", platform=PLATFORM)
        return str(remote_id)

    async def every(
        self, path: str, credentials: Credentials, params: Mapping[str, object]
    ) -> list[dict[str, Any]]:
        """Every entry of an edge, following ``paging.cursors.after`` while ``paging.next``
        says there is more (at most ``MAX_PAGES`` pages)."""
        entries: list[dict[str, Any]] = []
        query: dict[str, object] = {"limit": PAGE_SIZE, **params}
        for _ in range(MAX_PAGES):
            body = await self.read(path, credentials, query)
            data = body.get("data")
            entries.extend(e for e in data or () if isinstance(e, dict))
            paging = body.get("paging") if isinstance(body.get("paging"), dict) else {}
            after = ((paging or {}).get("cursors") or {}).get("after")
            if not (paging or {}).get("next") or not isinstance(after, str):
                break
            query = {**query, "after": after}
        return entries

    async def account_facts(self, target: ChannelTarget, credentials: Credentials) -> AccountFacts:
        """The account's currency and time zone: what discovery recorded in the target's
        details, else ``GET /act_{id}?fields=currency,timezone_name``."""
        currency = target.details.get("currency")
        zone = target.details.get("time_zone")
        if not currency or not zone:
            body = await self.read(
                account_path(target), credentials, {"fields": "currency,timezone_name"}
            )
            currency = currency or str(body.get("currency", ""))
            zone = zone or str(body.get("timezone_name", "") or "UTC")
        return AccountFacts(currency=currency_code(currency), time_zone=require_time_zone(zone))


def in_account_currency(money: Money, facts: AccountFacts, *, field: str) -> int:
    """The amount in the account currency's minor unit; another currency is refused locally
    (Meta would read the integer in the account's currency: 10 EUR sent to a USD account
    would spend 10 USD)."""
    if money.currency != facts.currency:
        raise InvalidValue(
            f"the ad account is in {facts.currency}; {money.currency} cannot be sent to it",
            field=field,
        )
    return money.minor
