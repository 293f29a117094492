"""OpenAPI examples of the insights' answers: an anomaly of a brand's LinkedIn clicks with the
rollup rows behind it, a detection, the performers by click-through rate, an alert rule."""

from __future__ import annotations

from typing import Any

from litestar.openapi.spec import Example

from umt.entrypoints.http.openapi import answered_by

_BRAND_ID = "0193a3c2-1111-7c4a-9a51-1f6c0f3e2a10"
_INSIGHT_ID = "0193a3c2-dddd-7c4a-9a51-1f6c0f3e2a10"
_RULE_ID = "0193a3c2-eeee-7c4a-9a51-1f6c0f3e2a10"
_POST_A = "0193a3c2-aaaa-7c4a-9a51-1f6c0f3e2a10"
_POST_B = "0193a3c2-bbbb-7c4a-9a51-1f6c0f3e2a10"
_HISTORY = [  # the same Thursday of the eight weeks before: median 11, MAD 1
    ("2026-03-12", "10"), ("2026-03-05", "12"), ("2026-02-26", "11"), ("2026-02-19", "13"),
    ("2026-02-12", "9"), ("2026-02-05", "10"), ("2026-01-29", "12"), ("2026-01-22", "11"),
]  # fmt: skip


def _row(day: str, value: str, role: str) -> dict[str, Any]:
    return {
        "day": day,
        "metric": "clicks",
        "value": f"{value}.000000",
        "role": role,
        "channel": "linkedin",
        "subject_kind": None,
        "subject_id": None,
    }


ANOMALY: dict[str, Any] = {
    "id": _INSIGHT_ID,
    "brand_id": _BRAND_ID,
    "kind": "anomaly",
    "series": "anomaly:clicks:channel:linkedin",
    "day": "2026-03-19",
    "measure": "clicks",
    "scope": {"channel": "linkedin", "subject_kind": None, "subject_id": None},
    "direction": "up",
    "headline": (
        "clicks (channel:linkedin) up on Thursday 2026-03-19: 20 against a median of 11 over "
        "the last 8 Thursdays"
    ),
    "statistics": {
        "value": 20.0,
        "median": 11.0,
        "spread": 1.0,
        "method": "mad",
        "z": 6.0705,
        "relative_change": 0.818182,
        "history_days": 8,
        "threshold": 3.5,
    },
    "evidence": [_row("2026-03-19", "20", "latest")]
    + [_row(day, value, "history") for day, value in sorted(_HISTORY)],
    "status": "open",
    "detected_at": "2026-03-20T00:15:02Z",
    "updated_at": "2026-03-20T00:15:02Z",
    "version": 1,
    "rule_id": None,
    "status_by": None,
}
ALERT_RULE: dict[str, Any] = {
    "id": _RULE_ID,
    "brand_id": _BRAND_ID,
    "name": "Engagement below 2 %",
    "measure": "engagement_rate",
    "comparison": "lt",
    "threshold": "0.020000",
    "scope": {"channel": "linkedin", "subject_kind": None, "subject_id": None},
    "window_days": 7,
    "enabled": True,
    "version": 1,
    "created_at": "2026-03-01T08:00:00Z",
    "updated_at": "2026-03-01T08:00:00Z",
}


def _performer(subject: str, clicks: str, value: float, low: float, high: float) -> dict[str, Any]:
    return {
        "subject_kind": "publication",
        "subject_id": subject,
        "channel": "linkedin",
        "value": value,
        "interval": [low, high],
        "difference": round(value - 0.03, 6),
        "clear": not low <= 0.03 <= high,
        "evidence": [
            {"metric": "clicks", "channel": "linkedin", "value": f"{clicks}.000000"},
            {"metric": "impressions", "channel": "linkedin", "value": "1000.000000"},
        ],
        "lift": round(value / 0.03 - 1, 6),
        "trials": 1000.0,
    }


INSIGHT_OK = answered_by(Example(id="anomaly", summary="An anomaly (ETag: 1)", value=ANOMALY))
INSIGHT_MARKED = answered_by(
    Example(
        id="acknowledged",
        summary="Acknowledged (ETag: 2)",
        value=ANOMALY
        | {
            "status": "acknowledged",
            "version": 2,
            "updated_at": "2026-03-20T09:30:00Z",
            "status_by": "0193a3c2-2222-7c4a-9a51-1f6c0f3e2a10",
        },
    )
)
INSIGHTS_OK = answered_by(
    Example(
        id="page", summary="One page, newest first", value={"items": [ANOMALY], "next_cursor": None}
    )
)
DETECTED = answered_by(
    Example(
        id="raised",
        summary="One new insight (the brand-wide twin was raised earlier)",
        value={"brand_id": _BRAND_ID, "day": "2026-03-19", "found": 2, "raised": [ANOMALY]},
    )
)
PERFORMERS_OK = answered_by(
    Example(
        id="click-through",
        summary="Three posts by click-through rate (Wilson intervals)",
        value={
            "brand_id": _BRAND_ID,
            "measure": "click_through_rate",
            "from": "2026-02-20",
            "to": "2026-03-19",
            "interval": "wilson",
            "brand_median": 0.03,
            "brand_mean": 0.03,
            "subjects": 3,
            "top": [_performer(_POST_A, "50", 0.05, 0.03813, 0.065314)],
            "bottom": [_performer(_POST_B, "10", 0.01, 0.005441, 0.018309)],
        },
    )
)
RULE_OK = answered_by(Example(id="rule", summary="An alert rule (ETag: 1)", value=ALERT_RULE))
RULES_OK = answered_by(
    Example(id="rules", summary="The brand's rules", value={"items": [ALERT_RULE]})
)
