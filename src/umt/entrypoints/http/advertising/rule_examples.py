"""OpenAPI examples of the ad rules' and budget caps' answers: a rule that pauses an ad set
whose cost per acquisition runs high, what its evaluations found, and the caps of spend."""

from __future__ import annotations

from typing import Any

from litestar.openapi.spec import Example

from umt.entrypoints.http.advertising.examples import CAMPAIGN_ID
from umt.entrypoints.http.openapi import answered_by

_BRAND_ID = "0193a3c2-1111-7c4a-9a51-1f6c0f3e2a10"
_RULE_ID = "0193a3c2-cccc-7c4a-9a51-1f6c0f3e2a10"
_AD_SET_ID = "0193a3c2-9999-7c4a-9a51-1f6c0f3e2a10"

RULE: dict[str, Any] = {
    "id": _RULE_ID,
    "campaign_id": CAMPAIGN_ID,
    "brand_id": _BRAND_ID,
    "name": "Pause expensive ad sets",
    "level": "ad_set",
    "action": "pause",
    "condition": {"metric": "cpa", "comparison": "gt", "threshold": "12", "window_seconds": 86400},
    "minimum": {"impressions": 1000, "clicks": 0, "spend": "20", "conversions": "0"},
    "adjustment": None,
    "experiment_id": None,
    "cooldown_seconds": 86400,
    "max_actions_per_day": 1,
    "dry_run": False,
    "enabled": True,
    "version": 1,
    "created_at": "2026-04-01T08:00:00Z",
    "updated_at": "2026-04-01T08:00:00Z",
}
_LOWER_BUDGET = RULE | {
    "id": "0193a3c2-cccc-7c4a-9a51-1f6c0f3e2a11",
    "name": "Trim the budget when ROAS drops",
    "action": "change_budget",
    "condition": {
        "metric": "roas",
        "comparison": "lt",
        "threshold": "1.5",
        "window_seconds": 259200,
    },
    "adjustment": {"mode": "percent", "value": "-20", "floor": "20.00", "cap": None},
    "dry_run": True,
}

RULE_CREATED = answered_by(Example(id="pause", summary="A pause rule (ETag: 1)", value=RULE))
RULE_OK = answered_by(
    Example(id="pause", summary="A pause rule", value=RULE),
    Example(id="budget", summary="A budget rule in dry-run mode", value=_LOWER_BUDGET),
)
RULE_UPDATED = answered_by(
    Example(
        id="threshold",
        summary="The threshold raised to 15",
        value=RULE
        | {
            "condition": RULE["condition"] | {"threshold": "15"},
            "version": 2,
            "updated_at": "2026-04-03T09:00:00Z",
        },
    )
)
RULES_OK = answered_by(
    Example(
        id="two",
        summary="A campaign's two rules (the last page: no next_cursor)",
        value={"items": [RULE, _LOWER_BUDGET], "next_cursor": None},
    )
)

_EVALUATION: dict[str, Any] = {
    "id": "0193a3c2-dddd-7c4a-9a51-1f6c0f3e2a10",
    "rule_id": _RULE_ID,
    "campaign_id": CAMPAIGN_ID,
    "subject_id": _AD_SET_ID,
    "slot": "2026-04-05T10:00",
    "window_start": "2026-04-04T10:00:00Z",
    "window_end": "2026-04-05T10:00:00Z",
    "evaluated_at": "2026-04-05T10:00:02Z",
    "outcome": "triggered",
    "value": "14.20",
    "dry_run": False,
    "action": {"type": "pause", "subject_id": _AD_SET_ID},
}
_PREVIEW = _EVALUATION | {
    "id": "0193a3c2-dddd-7c4a-9a51-1f6c0f3e2a11",
    "slot": "preview:0193a3c2-eeee-7c4a-9a51-1f6c0f3e2a10",
    "evaluated_at": "2026-04-05T11:30:00Z",
    "outcome": "dry_run",
    "dry_run": True,
}
_NOT_ENOUGH = _EVALUATION | {
    "id": "0193a3c2-dddd-7c4a-9a51-1f6c0f3e2a12",
    "slot": "2026-04-02T10:00",
    "window_start": "2026-04-01T10:00:00Z",
    "window_end": "2026-04-02T10:00:00Z",
    "evaluated_at": "2026-04-02T10:00:01Z",
    "outcome": "insufficient_data",
    "value": None,
    "action": {},
}

EVALUATED = answered_by(
    Example(
        id="dry-run",
        summary="Judged now without acting: it would pause the ad set",
        value={"rule_id": _RULE_ID, "dry_run": True, "items": [_PREVIEW]},
    )
)
EVALUATIONS_OK = answered_by(
    Example(
        id="history",
        summary="Too little data on day one; on day four the CPA was 14.20: paused",
        value={"items": [_EVALUATION, _NOT_ENOUGH]},
    )
)

_ORGANIZATION_CAP: dict[str, Any] = {
    "brand_id": None,
    "currency": "EUR",
    "daily": {"amount": "400.00", "currency": "EUR"},
    "lifetime": None,
    "updated_at": "2026-03-15T09:00:00Z",
}
_BRAND_CAP = _ORGANIZATION_CAP | {
    "brand_id": _BRAND_ID,
    "daily": {"amount": "60.00", "currency": "EUR"},
    "lifetime": {"amount": "1500.00", "currency": "EUR"},
}

CAPS_OK = answered_by(
    Example(
        id="organization-and-brand",
        summary="The organization's daily cap, and a brand's tighter one",
        value={"items": [_ORGANIZATION_CAP, _BRAND_CAP], "next_cursor": None},
    )
)
CAP_SET = answered_by(
    Example(
        id="over-cap",
        summary="Set; one running campaign already plans more than the new cap",
        value={
            "cap": _BRAND_CAP | {"daily": {"amount": "40.00", "currency": "EUR"}},
            "over_cap": [
                {
                    "campaign_id": CAMPAIGN_ID,
                    "brand_id": _BRAND_ID,
                    "name": "Spring launch",
                    "status": "active",
                    "daily_ceiling": {"amount": "50.00", "currency": "EUR"},
                    "total": {"amount": "1500.00", "currency": "EUR"},
                }
            ],
        },
    ),
    Example(
        id="within",
        summary="Set; every campaign fits",
        value={"cap": _ORGANIZATION_CAP, "over_cap": []},
    ),
)
