"""Meta Ads as a ``MetricSource`` and a ``ChannelDiscovery``.

Insights: ``GET /act_{id}/insights?level=ad&fields=ad_id,spend,impressions,clicks,actions,
action_values&time_increment=1&time_range={"since","until"}``, one row per ad and day of the
account's time zone, with the day cursor of ``umt.adapters.platforms.daily_metrics``.

Mapping: ``spend`` (a decimal in the account currency) → SPEND with the currency;
``impressions``, ``clicks``; conversions are the sum of the ``offsite_conversion.*`` actions
(the pixel's), or the ``purchase`` action when there are none (Meta reports the same purchase
under both, never add them); their ``action_values`` → CONVERSION_VALUE. Any other action type
is returned with ``metric=None`` (the caller logs and skips it).

Discovery: ``GET /me/adaccounts?fields=account_id,name,currency,timezone_name`` (paged) → one
META_AD_ACCOUNT per account, ``act_<account_id>``, with its currency and IANA time zone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from umt.adapters.platforms.daily_metrics import first_day, next_cursor, observed
from umt.adapters.platforms.meta_ads.marketing import MarketingApi, account_path
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.domain.shared.money import currency_code
from umt.domain.shared.time_zones import require_time_zone
from umt.ports.channel_discovery import ChannelDiscovery, DiscoveredAccount
from umt.ports.channel_target import ChannelTarget
from umt.ports.metric_source import MetricBatch, MetricReading, MetricSource
from umt.ports.platform_connector import Credentials

CONVERSION_PREFIX = "offsite_conversion."
PURCHASE = "purchase"


def _number(value: object) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _actions(row: dict[str, Any], key: str) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for entry in row.get(key) or ():
        if not isinstance(entry, dict):
            continue
        value = _number(entry.get("value"))
        if value is not None and isinstance(entry.get("action_type"), str):
            totals[entry["action_type"]] = value
    return totals


def _conversion_types(actions: dict[str, Decimal]) -> list[str]:
    pixel = [t for t in actions if t.startswith(CONVERSION_PREFIX)]
    return pixel or ([PURCHASE] if PURCHASE in actions else [])


def readings_of(
    row: dict[str, Any], *, currency: str, zone: ZoneInfo, now: datetime
) -> list[MetricReading]:
    ad_id = str(row.get("ad_id") or "")
    try:
        day = date.fromisoformat(str(row.get("date_start")))
    except ValueError:
        return []
    if not ad_id:
        return []
    at = observed(day, zone, now)

    def reading(
        metric: Metric | None, raw: str, value: Decimal, money: bool = False
    ) -> MetricReading:
        return MetricReading(
            subject_kind=SubjectKind.AD,
            subject_remote_id=ad_id,
            metric=metric,
            raw_name=raw,
            value=value,
            observed_at=at,
            currency=currency if money else None,
        )

    out: list[MetricReading] = []
    for raw, metric in (
        ("spend", Metric.SPEND),
        ("impressions", Metric.IMPRESSIONS),
        ("clicks", Metric.CLICKS),
    ):
        value = _number(row.get(raw)) if raw in row else None
        if value is not None:
            out.append(reading(metric, raw, value, money=metric is Metric.SPEND))
    actions = _actions(row, "actions")
    values = _actions(row, "action_values")
    chosen = _conversion_types(actions)
    if chosen:
        raw = "actions:" + ",".join(sorted(chosen))
        out.append(reading(Metric.CONVERSIONS, raw, sum((actions[t] for t in chosen), Decimal(0))))
        if any(t in values for t in chosen):
            worth = sum((values.get(t, Decimal(0)) for t in chosen), Decimal(0))
            out.append(
                reading(
                    Metric.CONVERSION_VALUE,
                    "action_values:" + ",".join(sorted(chosen)),
                    worth,
                    money=True,
                )
            )
    counted = set(chosen) | {PURCHASE} | {t for t in actions if t.startswith(CONVERSION_PREFIX)}
    out.extend(reading(None, f"actions:{t}", v) for t, v in actions.items() if t not in counted)
    return out


class MetaInsights(MetricSource, ChannelDiscovery):
    """The ``MetricSource`` and ``ChannelDiscovery`` halves of ``MetaAdsConnector``."""

    _marketing: MarketingApi

    async def discover(self, credentials: Credentials) -> tuple[DiscoveredAccount, ...]:
        entries = await self._marketing.every(
            "me/adaccounts", credentials, {"fields": "account_id,name,currency,timezone_name"}
        )
        accounts = []
        for entry in entries:
            account_id = str(
                entry.get("account_id") or str(entry.get("id", "")).removeprefix("act_")
            )
            if not account_id.isdigit():
                continue
            currency = _valid(currency_code, entry.get("currency"))
            zone = _valid(require_time_zone, entry.get("timezone_name"))
            details = {"account_id": account_id}
            details |= {"currency": currency} if currency else {}
            details |= {"time_zone": zone} if zone else {}
            accounts.append(
                DiscoveredAccount(
                    kind=ChannelKind.META_AD_ACCOUNT,
                    external_id=f"act_{account_id}",
                    name=str(entry.get("name") or f"act_{account_id}"),
                    currency=currency,
                    time_zone=zone,
                    details=details,
                )
            )
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
        facts = await self._marketing.account_facts(target, credentials)
        zone = ZoneInfo(facts.time_zone)
        today = now.astimezone(zone).date()
        since = first_day(cursor, today)
        params: dict[str, object] = {
            "level": "ad",
            "fields": "ad_id,spend,impressions,clicks,actions,action_values",
            "time_increment": "1",
            "time_range": json.dumps({"since": since.isoformat(), "until": today.isoformat()}),
        }
        if remote_ids:
            params["filtering"] = [{"field": "ad.id", "operator": "IN", "value": list(remote_ids)}]
        rows = await self._marketing.every(f"{account_path(target)}/insights", credentials, params)
        readings = [
            reading
            for row in rows
            for reading in readings_of(row, currency=facts.currency, zone=zone, now=now)
        ]
        return MetricBatch(readings=readings, cursor=next_cursor(since, today))


def _valid(check: Any, value: object) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return str(check(value))
    except InvalidValue:
        return None
