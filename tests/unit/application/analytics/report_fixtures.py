"""Hand-computed fixtures of the report tests: a brand in Berlin (UTC+1 in early March 2026),
the period 8-14 March and the previous period 1-7 March.

Cumulative totals are ingested; a day's bucket is the change since the previous reading, so:
- publication P1 (LinkedIn): impressions 100 (28 Feb), 300 (3 Mar), 1000 (10 Mar): 200 in
  the previous period, 700 in the period; likes 10 (3 Mar), 45 (10 Mar): 10, then 35;
  comments 5 (10 Mar): 0, then 5. Engagements 10 then 40; rate 0.05 then 40/700.
- publication P2 (TikTok): impressions 500 (12 Mar): 0, then 500; no engagement: rate 0.
- publication P3 (Instagram): likes 4 (11 Mar), no impressions: the rate is null.
- campaign C (made in umt, EUR) reported at the ad level only, by two ads of two ad sets:
  ad A1 spend 100 (2 Mar), 250 (10 Mar); conversions 3 and conversion value 600 (10 Mar);
  ad A2 spend 50 (11 Mar), impressions 2000 (11 Mar), clicks 40 (11 Mar).
  The period: spend 150 + 50 = 200, conversions 3, value 600: ROAS 3, CPA 66.666667;
  previous: spend 100, no conversions: ROAS 0, CPA null.
- campaign X (outside umt) reported at the campaign level: spend 80 EUR (12 Mar).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from tests.unit.application.analytics.conftest import row

P1, P2, P3 = uuid4(), uuid4(), uuid4()
A1, A2, X = uuid4(), uuid4(), uuid4()
START, END = date(2026, 3, 8), date(2026, 3, 14)


def _at(day: int, month: int = 3) -> str:
    return f"2026-{month:02d}-{day:02d}T10:00:00Z"  # 11:00 in Berlin


def social_rows() -> list[dict[str, Any]]:
    return [
        row(P1, _at(28, 2), 100),
        row(P1, _at(3), 300),
        row(P1, _at(10), 1000),
        row(P1, _at(3), 10, metric="likes"),
        row(P1, _at(10), 45, metric="likes"),
        row(P1, _at(10), 5, metric="comments"),
        row(P2, _at(12), 500, channel="tiktok"),
        row(P3, _at(11), 4, channel="instagram", metric="likes"),
    ]


def _ad(subject: UUID, at: str, metric: str, value: str, kind: str = "ad") -> dict[str, Any]:
    money = metric in ("spend", "conversion_value")
    return row(
        subject,
        at,
        value,
        subject_kind=kind,
        channel="meta_ads",
        metric=metric,
        **({"currency": "EUR"} if money else {}),
    )


def ad_rows() -> list[dict[str, Any]]:
    return [
        _ad(A1, _at(2), "spend", "100"),
        _ad(A1, _at(10), "spend", "250"),
        _ad(A1, _at(10), "conversions", "3"),
        _ad(A1, _at(10), "conversion_value", "600"),
        _ad(A2, _at(11), "spend", "50"),
        _ad(A2, _at(11), "impressions", "2000"),
        _ad(A2, _at(11), "clicks", "40"),
        _ad(X, _at(12), "spend", "80", kind="campaign"),
    ]


def d(value: str) -> Decimal:
    return Decimal(value)
