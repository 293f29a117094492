"""OpenAPI examples of the channel accounts' answers: a brand's Facebook Page and Meta ad
account found on its integration, and the brand's channels mapped to them."""

from __future__ import annotations

from typing import Any

from litestar.openapi.spec import Example

from umt.entrypoints.http.openapi import answered_by

BRAND_ID = "0193a3c2-1111-7c4a-9a51-1f6c0f3e2a10"
_INTEGRATION_ID = "0193a3c2-7777-7c4a-9a51-1f6c0f3e2a10"
PAGE_ID = "0193a3c2-4444-7c4a-9a51-1f6c0f3e2a10"
AD_ACCOUNT_ID = "0193a3c2-4444-7c4a-9a51-1f6c0f3e2a11"

PAGE: dict[str, Any] = {
    "id": PAGE_ID,
    "brand_id": BRAND_ID,
    "integration_id": _INTEGRATION_ID,
    "platform": "meta",
    "kind": "facebook_page",
    "role": "publish",
    "external_id": "104857600123456",
    "name": "Acme Coffee",
    "channel": "facebook",
    "time_zone": "Europe/Berlin",
    "currency": None,
    "details": {"category": "Coffee shop", "followers": "9632"},
    "has_own_credentials": True,
    "status": "active",
    "status_reason": None,
    "daily_cap": 10,
    "min_spacing_minutes": 60,
    "version": 1,
    "created_at": "2026-03-01T10:15:00Z",
    "updated_at": "2026-03-01T10:15:00Z",
}
AD_ACCOUNT: dict[str, Any] = PAGE | {
    "id": AD_ACCOUNT_ID,
    "platform": "meta_ads",
    "kind": "meta_ad_account",
    "role": "advertise",
    "external_id": "act_2048123",
    "name": "Acme Coffee (ads)",
    "channel": "meta_ads",
    "currency": "EUR",
    "details": {"currency": "EUR", "time_zone": "Europe/Berlin"},
    "has_own_credentials": False,
    "daily_cap": None,
    "min_spacing_minutes": 0,
}

DISCOVERY_OK = answered_by(
    Example(
        id="page-and-ad-account",
        summary="A first discovery: the Page and the ad account are added",
        value={"added": 2, "refreshed": 0, "gone": 0, "items": [PAGE, AD_ACCOUNT]},
    )
)

BRAND_CHANNELS_OK = answered_by(
    Example(
        id="facebook-mapped-email-not",
        summary="Facebook publishes through the Page; no account serves email yet",
        value={
            "brand_id": BRAND_ID,
            "time_zone": "Europe/Berlin",
            "items": [
                {
                    "channel": "facebook",
                    "preferred": True,
                    "publishable": True,
                    "accounts": [
                        {
                            key: PAGE[key]
                            for key in (
                                "id",
                                "integration_id",
                                "platform",
                                "kind",
                                "role",
                                "external_id",
                                "name",
                                "status",
                                "status_reason",
                                "time_zone",
                            )
                        }
                    ],
                },
                {"channel": "email", "preferred": True, "publishable": False, "accounts": []},
            ],
        },
    )
)

ACCOUNT_OK = answered_by(
    Example(id="page", summary="A Facebook Page (ETag: its version)", value=PAGE),
    Example(
        id="disabled",
        summary="Disabled with its integration: the platform revoked umt's access",
        value=PAGE
        | {
            "status": "disabled",
            "status_reason": "integration_revoked",
            "version": 2,
            "updated_at": "2026-03-04T08:00:00Z",
        },
    ),
)

ACCOUNT_UPDATED_OK = answered_by(
    Example(
        id="spacing",
        summary="At most 6 posts a day, 90 minutes apart",
        value=PAGE
        | {
            "daily_cap": 6,
            "min_spacing_minutes": 90,
            "version": 2,
            "updated_at": "2026-03-02T07:30:00Z",
        },
    )
)

ACCOUNTS_OK = answered_by(
    Example(
        id="brand-accounts",
        summary="A brand's Page and ad account",
        value={"items": [PAGE, AD_ACCOUNT], "next_cursor": None},
    )
)
