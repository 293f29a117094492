"""GetChannelLimits: the compliance limits table, for screens that count characters.

The table lives in the domain (``umt.domain.content.compliance.limits``); clients read it here
rather than keep a copy that would drift from what the checker enforces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.brand.channels import Channel
from umt.domain.content.compliance import limits_for
from umt.domain.content.compliance.limits import ChannelLimits
from umt.domain.content.draft import ContentType
from umt.domain.identity.permissions import Permission


@dataclass(frozen=True, slots=True, kw_only=True)
class GetChannelLimits:
    """Every channel's limits for ``content_type``, or for every content type when None."""

    use_case: ClassVar = UseCase(Permission.CONTENT_READ)
    content_type: ContentType | None = None


async def get_channel_limits(query: GetChannelLimits, ctx: Context) -> list[ChannelLimits]:
    ctx.actor().require(GetChannelLimits.use_case.permission)
    types = list(ContentType) if query.content_type is None else [query.content_type]
    return [limits_for(channel, content_type) for content_type in types for channel in Channel]
