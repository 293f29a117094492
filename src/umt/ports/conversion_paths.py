"""Where conversion paths are kept, per brand and path key, for the attribution reports.

A path is stored once under its key: ``fingerprints`` tells the use case which keys of a batch
are stored already (and with what content), so a resent path is skipped and a changed one
refused before anything is written.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from umt.domain.attribution.paths import ConversionPath
from umt.domain.shared.ids import BrandId, OrganizationId


class ConversionPathStore(Protocol):
    async def fingerprints(
        self, organization_id: OrganizationId, brand_id: BrandId, keys: Collection[str]
    ) -> Mapping[str, str]:
        """The fingerprint of each of ``keys`` already stored for the brand."""
        ...

    async def add(
        self,
        organization_id: OrganizationId,
        brand_id: BrandId,
        paths: Sequence[ConversionPath],
        *,
        recorded_at: datetime,
    ) -> None:
        """Store ``paths`` (keys not stored yet: the caller checked) in the caller's unit of
        work."""
        ...

    async def ending_between(
        self,
        organization_id: OrganizationId,
        brand_id: BrandId,
        start: datetime,
        end: datetime,
        *,
        limit: int,
    ) -> Sequence[ConversionPath]:
        """The brand's paths ending (converting, or last touched) in ``[start, end)``, at
        most ``limit``, by end time then key."""
        ...
