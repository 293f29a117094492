"""Explicit mapping of the campaign tree and a rule's definition to JSON documents and back."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from umt.domain.advertising.budget import Budget, BudgetKind
from umt.domain.advertising.conditions import BudgetAdjustment, Condition, MinimumData
from umt.domain.advertising.targeting import AdTargeting
from umt.domain.advertising.tree import Ad, AdCreative, AdSet, CreativeMedia
from umt.domain.shared.ids import (
    AdId,
    AdSetId,
    AudienceId,
    ContentId,
    ContentVersionId,
)
from umt.domain.shared.money import Money
from umt.domain.shared.values import Url


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _money(value: Money | None) -> dict[str, str] | None:
    return None if value is None else {"amount": str(value.amount), "currency": value.currency}


def _parse_money(value: dict[str, str] | None) -> Money | None:
    return None if value is None else Money(Decimal(value["amount"]), value["currency"])


def tree_document(ad_sets: list[AdSet]) -> list[dict[str, Any]]:
    return [_ad_set_document(ad_set) for ad_set in ad_sets]


def tree_from_document(document: list[dict[str, Any]]) -> list[AdSet]:
    return [_ad_set_from(item) for item in document]


def _ad_set_document(ad_set: AdSet) -> dict[str, Any]:
    t = ad_set.targeting
    return {
        "id": str(ad_set.id),
        "name": ad_set.name,
        "budget": {"kind": ad_set.budget.kind.value, **(_money(ad_set.budget.amount) or {})},
        "targeting": {
            "audience_ids": [str(a) for a in t.audience_ids],
            "countries": list(t.countries),
            "age_min": t.age_min,
            "age_max": t.age_max,
            "genders": list(t.genders),
            "languages": list(t.languages),
            "interests": list(t.interests),
        },
        "bid_strategy": ad_set.bid_strategy.value,
        "bid": _money(ad_set.bid),
        "placements": list(ad_set.placements),
        "starts_at": _time(ad_set.starts_at),
        "ends_at": _time(ad_set.ends_at),
        "status": ad_set.status.value,
        "remote_id": ad_set.remote_id,
        "ads": [_ad_document(ad) for ad in ad_set.ads],
    }


def _ad_document(ad: Ad) -> dict[str, Any]:
    c = ad.creative
    return {
        "id": str(ad.id),
        "name": ad.name,
        "status": ad.status.value,
        "remote_id": ad.remote_id,
        "creative": {
            "content_id": str(c.content_id),
            "content_version_id": str(c.content_version_id),
            "headline": c.headline,
            "body": c.body,
            "link": c.link.value,
            "call_to_action": c.call_to_action,
            "media": [
                {"url": m.url.value, "kind": m.kind, "alt_text": m.alt_text} for m in c.media
            ],
        },
    }


def _ad_set_from(item: dict[str, Any]) -> AdSet:
    t = item["targeting"]
    budget = item["budget"]
    return AdSet(
        id=AdSetId(UUID(item["id"])),
        name=item["name"],
        budget=Budget(
            BudgetKind(budget["kind"]), Money(Decimal(budget["amount"]), budget["currency"])
        ),
        targeting=AdTargeting(
            audience_ids=tuple(AudienceId(UUID(a)) for a in t["audience_ids"]),
            countries=tuple(t["countries"]),
            age_min=t["age_min"],
            age_max=t["age_max"],
            genders=tuple(t["genders"]),
            languages=tuple(t["languages"]),
            interests=tuple(t["interests"]),
        ),
        bid_strategy=item["bid_strategy"],
        bid=_parse_money(item["bid"]),
        placements=tuple(item["placements"]),
        starts_at=_parse_time(item["starts_at"]),
        ends_at=_parse_time(item["ends_at"]),
        status=item["status"],
        remote_id=item["remote_id"],
        ads=[_ad_from(ad) for ad in item["ads"]],
    )


def _ad_from(item: dict[str, Any]) -> Ad:
    c = item["creative"]
    return Ad(
        id=AdId(UUID(item["id"])),
        name=item["name"],
        status=item["status"],
        remote_id=item["remote_id"],
        creative=AdCreative(
            content_id=ContentId(UUID(c["content_id"])),
            content_version_id=ContentVersionId(UUID(c["content_version_id"])),
            headline=c["headline"],
            body=c["body"],
            link=Url(c["link"]),
            call_to_action=c["call_to_action"],
            media=tuple(
                CreativeMedia(url=Url(m["url"]), kind=m["kind"], alt_text=m["alt_text"])
                for m in c["media"]
            ),
        ),
    )


def definition_document(
    condition: Condition | None, minimum: MinimumData, adjustment: BudgetAdjustment | None
) -> dict[str, Any]:
    return {
        "condition": None
        if condition is None
        else {
            "metric": condition.metric.value,
            "comparison": condition.comparison.value,
            "threshold": str(condition.threshold),
            "window_seconds": int(condition.window.total_seconds()),
        },
        "minimum": {
            "impressions": minimum.impressions,
            "clicks": minimum.clicks,
            "spend": str(minimum.spend),
            "conversions": str(minimum.conversions),
        },
        "adjustment": None
        if adjustment is None
        else {
            "mode": adjustment.mode.value,
            "value": str(adjustment.value),
            "floor": None if adjustment.floor is None else str(adjustment.floor),
            "cap": None if adjustment.cap is None else str(adjustment.cap),
        },
    }


def definition_from(
    document: dict[str, Any],
) -> tuple[Condition | None, MinimumData, BudgetAdjustment | None]:
    c, m, a = document["condition"], document["minimum"], document["adjustment"]
    condition = (
        None
        if c is None
        else Condition(
            metric=c["metric"],
            comparison=c["comparison"],
            threshold=Decimal(c["threshold"]),
            window=timedelta(seconds=c["window_seconds"]),
        )
    )
    minimum = MinimumData(
        impressions=m["impressions"],
        clicks=m["clicks"],
        spend=Decimal(m["spend"]),
        conversions=Decimal(m["conversions"]),
    )
    adjustment = (
        None
        if a is None
        else BudgetAdjustment(
            mode=a["mode"],
            value=Decimal(a["value"]),
            floor=None if a["floor"] is None else Decimal(a["floor"]),
            cap=None if a["cap"] is None else Decimal(a["cap"]),
        )
    )
    return condition, minimum, adjustment
