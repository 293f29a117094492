"""Google Ads as a ``ChannelDiscovery`` and a ``MetricSource``.

Discovery: ``GET /v{N}/customers:listAccessibleCustomers``, then for each customer
``SELECT customer.id, customer.descriptive_name, customer.currency_code, customer.time_zone,
customer.manager FROM customer`` → one GOOGLE_ADS_CUSTOMER per client account (manager accounts
serve no ads and are left out; an account this grant may not read is skipped).

Metrics: ``SELECT segments.date, ad_group_ad.resource_name, ad_group_ad.ad.id,
metrics.cost_micros, metrics.impressions, metrics.clicks, metrics.conversions,
metrics.conversions_value FROM ad_group_ad WHERE segments.date >= '<since>' AND segments.date
<= '<today>'``: one row per ad and day of the account's time zone; the cursor works as Meta's
(``cost_micros`` →
SPEND (``Money.from_micros``, in the account currency), ``conversions_value`` → CONVERSION_VALUE
(an amount of the account currency); the day cursor is ``daily_metrics``'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from umt.adapters.platforms.daily_metrics import first_day, next_cursor, observed
from umt.adapters.platforms.google_ads.ad_network import GoogleAdNetwork
from umt.adapters.platforms.google_ads.api import gaql_string, resource_name
from umt.domain.integration.errors import MissingScope, PlatformRejected
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.domain.shared.money import Money, currency_code
from umt.domain.shared.time_zones import require_time_zone
from umt.ports.channel_discovery import ChannelDiscovery, DiscoveredAccount
from umt.ports.channel_target import ChannelTarget
from umt.ports.metric_source import MetricBatch, MetricReading, MetricSource
from umt.ports.platform_connector import Credentials

CUSTOMER_QUERY = (
    "SELECT customer.id, customer.descriptive_name, customer.currency_code, "
    "customer.time_zone, customer.manager FROM customer"
)
METRICS_FIELDS = (
    "segments.date, ad_group_ad.resource_name, ad_group_ad.ad.id, metrics.cost_micros, "
    "metrics.impressions, metrics.clicks, metrics.conversions, metrics.conversions_value"
)
COUNTS = (
    ("impressions", Metric.IMPRESSIONS),
    ("clicks", Metric.CLICKS),
    ("conversions", Metric.CONVERSIONS),
)


def _decimal(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def readings_of(
    row: dict[str, Any], *, currency: str, zone: ZoneInfo, now: datetime
) -> list[MetricReading]:
    ad = row.get("adGroupAd") or {}
    metrics = row.get("metrics") or {}
    subject = str(ad.get("resourceName") or "")
    try:
        day = date.fromisoformat(str((row.get("segments") or {}).get("date")))
    except ValueError:
        return []
    if not subject:
        return []
    at = observed(day, zone, now)
    out: list[MetricReading] = []

    def add(metric: Metric | None, raw: str, value: Decimal, money: bool = False) -> None:
        out.append(
            MetricReading(
                subject_kind=SubjectKind.AD,
                subject_remote_id=subject,
                metric=metric,
                raw_name=raw,
                value=value,
                observed_at=at,
                currency=currency if money else None,
            )
        )

    cost = str(metrics.get("costMicros", ""))
    if cost.isdigit():
        add(
            Metric.SPEND,
            "metrics.cost_micros",
            Money.from_micros(int(cost), currency).amount,
            money=True,
        )
    for raw, metric in COUNTS:
        value = _decimal(metrics.get(raw))
        if value is not None:
            add(metric, f"metrics.{raw}", value)
    worth = _decimal(metrics.get("conversionsValue"))
    if worth is not None:
        add(Metric.CONVERSION_VALUE, "metrics.conversions_value", worth, money=True)
    known = {"costMicros", "conversionsValue", *(raw for raw, _ in COUNTS)}
    for raw, value in metrics.items():
        number = _decimal(value)
        if raw not in known and number is not None:
            add(None, f"metrics.{raw}", number)
    return out


class GoogleAdsReporting(GoogleAdNetwork, ChannelDiscovery, MetricSource):
    """The capability ports of ``GoogleAdsConnector`` (mixed in; uses its ``_ads``)."""

    async def discover(self, credentials: Credentials) -> tuple[DiscoveredAccount, ...]:
        accounts = []
        for cid in await self._ads.accessible_customers(credentials.access_token):
            try:
                rows = await self._ads.search(cid, credentials.access_token, CUSTOMER_QUERY)
            except (PlatformRejected, MissingScope):
                continue  # cancelled, or reachable only through a manager this grant lacks
            for row in rows:
                customer = row.get("customer") or {}
                if customer.get("manager") is True:
                    continue
                account = _account(cid, customer, self._ads.login_customer_id)
                if account is not None:
                    accounts.append(account)
        return tuple(accounts)

    async def metrics(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        *,
        cursor: str | None,
        remote_ids: Sequence[str] = (),
        now: datetime,
    ) -> MetricBatch:
        customer = await self.customer(target, credentials)
        zone = ZoneInfo(customer.time_zone)
        today = now.astimezone(zone).date()
        since = first_day(cursor, today)
        first, last = gaql_string(since.isoformat()), gaql_string(today.isoformat())
        query = (
            f"SELECT {METRICS_FIELDS} FROM ad_group_ad "  # noqa: S608 - GAQL of validated values
            f"WHERE segments.date >= {first} AND segments.date <= {last}"
        )
        if remote_ids:
            names = ", ".join(gaql_string(resource_name(r)) for r in remote_ids)
            query += f" AND ad_group_ad.resource_name IN ({names})"
        rows = await self._ads.search(
            customer.id, credentials.access_token, query, login=customer.login
        )
        readings = [
            reading
            for row in rows
            for reading in readings_of(row, currency=customer.currency, zone=zone, now=now)
        ]
        return MetricBatch(readings=readings, cursor=next_cursor(since, today))


def _account(cid: str, customer: dict[str, Any], login: str | None) -> DiscoveredAccount | None:
    try:
        currency = currency_code(str(customer.get("currencyCode", "")))
    except InvalidValue:
        return None
    try:
        zone: str | None = require_time_zone(str(customer.get("timeZone", "")))
    except InvalidValue:
        zone = None
    details = {"currency": currency} | ({"time_zone": zone} if zone else {})
    if login:
        details["login_customer_id"] = login
    return DiscoveredAccount(
        kind=ChannelKind.GOOGLE_ADS_CUSTOMER,
        external_id=cid,
        name=str(customer.get("descriptiveName") or f"{cid[:3]}-{cid[3:6]}-{cid[6:]}"),
        currency=currency,
        time_zone=zone,
        details=details,
    )
