"""OpenAPI examples of the ad campaigns' answers: a spring campaign on a Meta ad account, its
ad set and ad, as each step of its life leaves it, and its pacing."""

from __future__ import annotations

from typing import Any

from litestar.openapi.spec import Example

from umt.entrypoints.http.openapi import answered_by

CAMPAIGN_ID = "0193a3c2-8888-7c4a-9a51-1f6c0f3e2a10"
_AD_SET_ID = "0193a3c2-9999-7c4a-9a51-1f6c0f3e2a10"

_AD: dict[str, Any] = {
    "id": "0193a3c2-aaaa-7c4a-9a51-1f6c0f3e2a10",
    "name": "Spring menu",
    "status": "active",
    "remote_id": "120210000000000003",
    "creative": {
        "content_id": "0193a3c2-2222-7c4a-9a51-1f6c0f3e2a10",
        "content_version_id": "0193a3c2-3333-7c4a-9a51-1f6c0f3e2a10",
        "headline": "Our spring menu is out",
        "body": "Six new drinks, one for every kind of morning.",
        "link": "https://example.com/spring",
        "call_to_action": "LEARN_MORE",
        "media": [],
    },
}
_AD_SET: dict[str, Any] = {
    "id": _AD_SET_ID,
    "name": "Berlin coffee lovers",
    "budget": {"kind": "daily", "amount": "50.00", "currency": "EUR"},
    "targeting": {
        "audience_ids": ["0193a3c2-bbbb-7c4a-9a51-1f6c0f3e2a10"],
        "countries": ["DE"],
        "age_min": 25,
        "age_max": 44,
        "genders": [],
        "languages": [],
        "interests": ["coffee"],
    },
    "bid_strategy": "lowest_cost",
    "bid": None,
    "placements": [],
    "starts_at": None,
    "ends_at": None,
    "status": "active",
    "remote_id": "120210000000000002",
    "ads": [_AD],
}
ACTIVE: dict[str, Any] = {
    "id": CAMPAIGN_ID,
    "brand_id": "0193a3c2-1111-7c4a-9a51-1f6c0f3e2a10",
    "ad_account_id": "0193a3c2-4444-7c4a-9a51-1f6c0f3e2a11",
    "name": "Spring launch",
    "objective": "traffic",
    "currency": "EUR",
    "starts_at": "2026-04-01T07:00:00Z",
    "ends_at": "2026-04-30T21:59:00Z",
    "status": "active",
    "status_reason": "launch",
    "remote_id": "120210000000000001",
    "launched_at": "2026-04-01T07:00:04Z",
    "daily_ceiling": {"amount": "50.00", "currency": "EUR"},
    "ad_sets": [_AD_SET],
    "version": 5,
    "created_at": "2026-03-20T09:12:00Z",
    "updated_at": "2026-04-01T07:00:04Z",
}
_UNLAUNCHED = {"status": "draft", "status_reason": "", "remote_id": None, "launched_at": None}
DRAFT = (
    ACTIVE
    | _UNLAUNCHED
    | {
        "ad_sets": [],
        "daily_ceiling": {"amount": "0.00", "currency": "EUR"},
        "version": 1,
        "updated_at": "2026-03-20T09:12:00Z",
    }
)
# an ad set and an ad are planned paused: the launch creates them PAUSED, then activates them
_DRAFT_AD_SET = _AD_SET | {"status": "paused", "remote_id": None, "ads": []}
_DRAFT_AD = _AD | {"status": "paused", "remote_id": None}


def _campaign(summary: str, id_: str, **changes: Any) -> Example:
    return Example(id=id_, summary=summary, value=ACTIVE | changes)


CREATED = answered_by(
    Example(id="draft", summary="A draft: nothing exists on the platform yet", value=DRAFT)
)
AD_SET_ADDED = answered_by(
    _campaign("The draft with its first ad set", "ad-set", **_UNLAUNCHED, ad_sets=[_DRAFT_AD_SET])
)
AD_ADDED = answered_by(
    _campaign(
        "The ad set with its first ad",
        "ad",
        **_UNLAUNCHED,
        ad_sets=[_DRAFT_AD_SET | {"ads": [_DRAFT_AD]}],
        version=3,
    )
)
CAMPAIGN_OK = answered_by(
    _campaign("Launched: the whole tree active on Meta", "active"),
    Example(id="draft", summary="A draft", value=DRAFT),
)
UPDATED = answered_by(
    _campaign("Its end moved by two weeks", "extended", ends_at="2026-05-14T21:59:00Z", version=6)
)
LAUNCHED = answered_by(
    _campaign("Created PAUSED on the platform, then activated once the tree existed", "launched")
)
PAUSED = answered_by(
    _campaign(
        "Paused by a person",
        "paused",
        status="paused",
        status_reason="user",
        version=6,
    )
)
RESUMED = answered_by(
    _campaign("Active again", "resumed", status_reason="user", version=7),
)
ARCHIVED = answered_by(
    _campaign("Ended and archived", "archived", status="archived", status_reason="user", version=8)
)
BUDGET_CHANGED = answered_by(
    _campaign(
        "The ad set's daily budget raised to 65.00 EUR",
        "raised",
        ad_sets=[_AD_SET | {"budget": {"kind": "daily", "amount": "65.00", "currency": "EUR"}}],
        daily_ceiling={"amount": "65.00", "currency": "EUR"},
        version=6,
    )
)
CAMPAIGNS_OK = answered_by(
    Example(
        id="two",
        summary="A running campaign and a draft (the last page: no next_cursor)",
        value={"items": [ACTIVE, DRAFT], "next_cursor": None},
    )
)

PACING_OK = answered_by(
    Example(
        id="under-pace",
        summary="Ten days in, 12 % under the planned curve: a raise is recommended",
        value={
            "campaign_id": CAMPAIGN_ID,
            "currency": "EUR",
            "ad_sets": [
                {
                    "ad_set_id": _AD_SET_ID,
                    "status": "active",
                    "state": "under_pace",
                    "planned": "500.00",
                    "actual": "440.00",
                    "ratio": "0.88",
                    "total": "1500.00",
                    "remaining": "1060.00",
                    "remaining_days": "20.0000",
                    "required_daily": "53.00",
                    "recommended_daily": "53.00",
                    "pause": False,
                }
            ],
        },
    )
)
