"""OpenAPI examples of a brand's evergreen rule and a recycling pass, made from domain
objects with fixed values (so they have the shape the routes answer with)."""

from __future__ import annotations

from copy import deepcopy
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import msgspec
from litestar.openapi.spec import Example

from umt.application.publishing.evergreen import PassedOver, Recycling
from umt.domain.publishing.evergreen import EvergreenPick, EvergreenRule
from umt.domain.shared.ids import ChannelAccountId, ContentId, PublicationId
from umt.entrypoints.http.openapi import answered_by
from umt.entrypoints.http.schemas.evergreen import evergreen_rule_out, recycling_out

_NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
_RULE = EvergreenRule.create(
    now=_NOW,
    id=UUID("0193a3c2-7777-7c4a-9a51-1f6c0f3e2a10"),
    organization_id=UUID("0193a3c2-0000-7c4a-9a51-1f6c0f3e2a10"),
    brand_id=UUID("0193a3c2-1111-7c4a-9a51-1f6c0f3e2a10"),
    max_per_week=2,
)
_PICK = EvergreenPick(
    content_id=ContentId(UUID("0193a3c2-2222-7c4a-9a51-1f6c0f3e2a10")),
    channel_account_id=ChannelAccountId(UUID("0193a3c2-4444-7c4a-9a51-1f6c0f3e2a10")),
    publication_id=PublicationId(UUID("0193a3c2-5f1e-7c4a-9a51-1f6c0f3e2a19")),
    due_at=datetime(2026, 3, 3, 8, 0, tzinfo=UTC),
    measure="engagement_rate",
    value=0.12,
    rank=1,
    lift=1.4,
    source_publication_id=PublicationId(UUID("0193a3c2-5f1e-7c4a-9a51-1f6c0f3e2a18")),
    picked_at=_NOW,
)
_RAN = deepcopy(_RULE)
_RAN.picked(_PICK, now=_NOW)
_RAN.ran(now=_NOW)


def _plain(value: msgspec.Struct) -> Any:
    return msgspec.to_builtins(value)


EVERGREEN_RULE_OK = answered_by(
    Example(
        id="two-a-week",
        summary="The brand's winners by engagement rate, at most two a week (ETag: its version)",
        value=_plain(evergreen_rule_out(_RULE)),
    )
)
EVERGREEN_DELETED_OK = answered_by(
    Example(
        id="deleted",
        summary="The rule as it was; what it scheduled stays on the calendar",
        value=_plain(evergreen_rule_out(_RULE)),
    )
)
RECYCLING_OK = answered_by(
    Example(
        id="one-picked",
        summary="The best performer back on Tuesday 09:00 Berlin; the third passed over",
        value=_plain(
            recycling_out(
                Recycling(
                    rule=_RAN,
                    measure="engagement_rate",
                    since=date(2025, 12, 1),
                    until=date(2026, 2, 28),
                    picked=(_PICK,),
                    passed_over=(
                        PassedOver(
                            UUID("0193a3c2-2222-7c4a-9a51-1f6c0f3e2a11"), 2, "published_recently"
                        ),
                    ),
                )
            )
        ),
    )
)
