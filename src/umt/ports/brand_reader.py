"""The BrandReader port: the read side of brands, one query, no aggregate.

Reads bypass the Brand aggregate (CONVENTIONS.md: queries may use a reader port): a view is
what the database holds, already JSON-shaped, so a GET costs one statement and no mapping.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from umt.domain.shared.ids import BrandId, OrganizationId


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandView:
    """A brand as read: voice and styling are the stored JSON documents."""

    id: UUID
    organization_id: UUID
    name: str
    slug: str
    industry: str
    description: str
    website: str | None
    voice: dict[str, Any]
    styling: dict[str, Any]
    status: str
    version: int
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None
    time_zone: str = "UTC"  # IANA; the default for its channel accounts and schedules
    blackout_dates: list[str] = field(default_factory=list)  # ISO dates, as stored


class BrandReader(Protocol):
    async def get(self, organization_id: OrganizationId, brand_id: BrandId) -> BrandView | None:
        """The brand if it exists in that organization, else None."""
        ...
