"""The ChannelAccountRepository port: a brand's channel accounts, by tenant."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from umt.domain.brand.channels import Channel
from umt.domain.integration.integration import IntegrationId
from umt.domain.publishing.channel_account import AccountStatus, ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.ids import BrandId, ChannelAccountId, OrganizationId


@dataclass(frozen=True, slots=True)
class ChannelAccountFilter:
    brand_id: BrandId | None = None
    integration_id: IntegrationId | None = None
    channel: Channel | None = None
    kind: ChannelKind | None = None
    status: AccountStatus | None = None
    brand_ids: frozenset[BrandId] | None = None  # a member's brand scope; None: every brand


class ChannelAccountRepository(Protocol):
    async def get(
        self, organization_id: OrganizationId, account_id: ChannelAccountId
    ) -> ChannelAccount | None: ...

    async def find_external(
        self,
        organization_id: OrganizationId,
        brand_id: BrandId,
        kind: ChannelKind,
        external_id: str,
    ) -> ChannelAccount | None:
        """The brand's account for that platform destination (one per brand)."""
        ...

    async def add(self, account: ChannelAccount) -> None:
        """Raises ``Conflict`` when the brand already has that destination."""
        ...

    async def save(self, account: ChannelAccount) -> None:
        """Raises ``StaleVersion`` if another writer saved it meanwhile."""
        ...

    async def remove(self, account: ChannelAccount) -> None: ...

    async def list(
        self, organization_id: OrganizationId, filters: ChannelAccountFilter
    ) -> Sequence[ChannelAccount]:
        """Oldest first; a brand has tens of accounts, not thousands: no paging."""
        ...
