"""Clicks on UTM-tagged links, each kept until a conversion of the same visitor closes it
into a conversion path (``path_key``); the ones still open are journeys that have not
converted (yet)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from umt.domain.shared.ids import BrandId, OrganizationId


@dataclass(frozen=True, slots=True, kw_only=True)
class TaggedClick:
    organization_id: OrganizationId
    brand_id: BrandId
    event_id: str  # the sender's id of the click: a click sent twice is stored once
    visitor: str  # the sender's pseudonymous id of the visitor (never an email)
    at: datetime
    channel: str  # utm_source
    campaign: str = ""  # utm_campaign
    content: str = ""  # utm_content
    path_key: str | None = None  # the conversion path that closed it; None: open


class TaggedClickStore(Protocol):
    async def known(
        self, organization_id: OrganizationId, brand_id: BrandId, event_ids: Collection[str]
    ) -> set[str]:
        """Which of ``event_ids`` are stored already (open or closed)."""
        ...

    async def add(self, clicks: Sequence[TaggedClick]) -> None:
        """Store new clicks (the caller left out the known ones)."""
        ...

    async def open_for(
        self,
        organization_id: OrganizationId,
        brand_id: BrandId,
        visitors: Collection[str],
        *,
        since: datetime,
    ) -> Sequence[TaggedClick]:
        """The open clicks of ``visitors`` at or after ``since``, by visitor then time."""
        ...

    async def close(
        self,
        organization_id: OrganizationId,
        brand_id: BrandId,
        event_ids: Collection[str],
        path_key: str,
    ) -> None:
        """Mark stored clicks as closed into the conversion path ``path_key``."""
        ...

    async def open_between(
        self,
        organization_id: OrganizationId,
        brand_id: BrandId,
        start: datetime,
        end: datetime,
        *,
        limit: int,
    ) -> Sequence[TaggedClick]:
        """Open clicks in ``[start, end)``, by visitor then time, at most ``limit``."""
        ...
