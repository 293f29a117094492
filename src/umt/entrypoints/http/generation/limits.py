"""GET /api/v1/compliance/channel-limits: the limits table the compliance checker enforces.

Screens count characters against it (the editor's characters-left counter) instead of keeping
a copy of their own.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.openapi.spec import Example
from litestar.params import QueryParameter

from umt.application.content.generation.channel_limits import GetChannelLimits
from umt.domain.content.compliance.limits import ChannelLimits
from umt.domain.content.draft import ContentType
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS, answered_by
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.content import ContentTypeName
from umt.entrypoints.http.schemas.generation import (
    ChannelLimitsList,
    ChannelLimitsOut,
    CountLimitOut,
    FieldLimitOut,
)

TypeParam = Annotated[
    ContentTypeName | None,
    QueryParameter(description="Only this content type's limits (default: every type)"),
]

_X_POST = {
    "channel": "x",
    "content_type": "social_post",
    "counting": "x_weighted",
    "fields": [
        {
            "field": "body",
            "counting": "x_weighted",
            "hard": 280,
            "recommended": None,
            "forbidden": "",
            "source": "X Developer Platform, 'Counting characters' (280 weighted; URLs count 23)",
        }
    ],
    "counts": [],
    "max_hashtags": None,
    "max_mentions": None,
}

LIMITS_OK = answered_by(
    Example(
        id="x-post",
        summary="One item of ?content_type=social_post: X counts a URL 23, CJK and emoji 2",
        value={"items": [_X_POST]},
    )
)


def limits_out(limits: ChannelLimits) -> ChannelLimitsOut:
    """The wire form: fields and counts as lists, each field's effective counting spelled out."""
    return ChannelLimitsOut(
        channel=limits.channel.value,
        content_type=limits.content_type.value,
        counting=limits.counting.value,
        fields=[
            FieldLimitOut(
                field=name,
                counting=limits.counting_for(name).value,
                hard=limit.hard,
                recommended=limit.recommended,
                forbidden=limit.forbidden,
                source=limit.source,
            )
            for name, limit in limits.fields.items()
        ],
        counts=[
            CountLimitOut(
                field=name, minimum=count.minimum, maximum=count.maximum, source=count.source
            )
            for name, count in limits.counts.items()
        ],
        max_hashtags=limits.max_hashtags,
        max_mentions=limits.max_mentions,
    )


class ComplianceLimitsController(Controller):
    path = "/api/v1/compliance"
    tags = ["generation"]
    security = BEARER

    @get(
        "/channel-limits",
        summary="The length limits the compliance check enforces, per channel and content type",
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetChannelLimits),
        operation_class=LIMITS_OK,
    )
    async def channel_limits(
        self, principal: Caller, bus: Bus, content_type: TypeParam = None
    ) -> ChannelLimitsList:
        query = GetChannelLimits(
            content_type=None if content_type is None else ContentType(content_type)
        )
        tables = await bus.ask(query, list[ChannelLimits], principal)
        return ChannelLimitsList(items=[limits_out(table) for table in tables])
