"""OpenAPI examples of the metric sync's answers: a Facebook Page synced (and one that is
rate limited), and a post's samples as the platform reported them."""

from __future__ import annotations

from typing import Any

from litestar.openapi.spec import Example

from umt.entrypoints.http.openapi import answered_by

_STATE: dict[str, Any] = {
    "channel_account_id": "0193a3c2-4444-7c4a-9a51-1f6c0f3e2a10",
    "brand_id": "0193a3c2-1111-7c4a-9a51-1f6c0f3e2a10",
    "platform": "meta",
    "cursor_stored": True,
    "next_due_at": "2026-03-02T10:30:00Z",
    "last_attempt_at": "2026-03-02T10:00:00Z",
    "last_success_at": "2026-03-02T10:00:00Z",
    "last_error_reason": None,
    "last_error_message": None,
    "consecutive_failures": 0,
    "retry_not_before": None,
    "samples_stored": 42,
}
_RATE_LIMITED = _STATE | {
    "last_success_at": "2026-03-02T09:30:00Z",
    "last_error_reason": "rate_limited",
    "last_error_message": "Graph API: application request limit reached",
    "consecutive_failures": 1,
    "retry_not_before": "2026-03-02T10:15:00Z",
    "next_due_at": "2026-03-02T10:15:00Z",
}

SYNC_STATE_OK = answered_by(
    Example(id="synced", summary="Synced half an hour ago; due again at 10:30", value=_STATE),
    Example(
        id="rate-limited",
        summary="The platform answered 429: waiting until the time it named",
        value=_RATE_LIMITED,
    ),
)

SYNC_OK = answered_by(
    Example(
        id="one-account",
        summary="Nine readings, seven new, two of metrics umt does not map (skipped)",
        value={
            "outcomes": [
                {
                    "state": _STATE | {"samples_stored": 49},
                    "counts": {"readings": 9, "stored": 7, "skipped": 2},
                }
            ]
        },
    ),
    Example(
        id="rate-limited",
        summary="The sync waited: nothing stored",
        value={"outcomes": [{"state": _RATE_LIMITED, "counts": None}]},
    ),
)


def _sample(metric: str, value: str, observed_at: str) -> dict[str, Any]:
    return {
        "metric": metric,
        "value": value,
        "observed_at": observed_at,
        "source": "meta",
        "raw_name": {"impressions": "post_impressions", "clicks": "post_clicks"}[metric],
        "channel": "facebook",
        "currency": None,
    }


SAMPLES_OK = answered_by(
    Example(
        id="post",
        summary="A post's cumulative totals, as reported at two syncs",
        value={
            "subject_kind": "publication",
            "subject_id": "0193a3c2-5f1e-7c4a-9a51-1f6c0f3e2a10",
            "latest": [
                _sample("clicks", "37", "2026-03-02T10:00:00Z"),
                _sample("impressions", "1840", "2026-03-02T10:00:00Z"),
            ],
            "series": [
                _sample("impressions", "1210", "2026-03-02T09:30:00Z"),
                _sample("clicks", "37", "2026-03-02T10:00:00Z"),
                _sample("impressions", "1840", "2026-03-02T10:00:00Z"),
            ],
            "next_cursor": None,
        },
    )
)
