"""What a capability call on a channel account acts with: its credentials, ready to use.

Implemented by the application over the vault: the account's own sealed token (a Page's page
token) or else its integration's, refreshed first when it expires within the margin. A token
that cannot be refreshed raises ``TokenExpired``/``TokenRevoked`` (and the integration is
marked ``needs_reauth`` by the implementation), so publishing code never reads the vault.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol

from umt.domain.integration.integration import IntegrationId
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.shared.ids import OrganizationId
from umt.ports.channel_target import ChannelTarget
from umt.ports.platform_connector import Credentials


class ChannelCredentials(Protocol):
    async def for_account(
        self, account: ChannelAccount, *, valid_for: timedelta = timedelta(minutes=5)
    ) -> Credentials:
        """Credentials that stay valid at least ``valid_for`` (refreshing if needed)."""
        ...

    async def for_integration(
        self,
        organization_id: OrganizationId,
        integration_id: IntegrationId,
        *,
        valid_for: timedelta = timedelta(minutes=5),
    ) -> Credentials:
        """The integration's own credentials under the same rules (what discovery uses)."""
        ...


def target_of(account: ChannelAccount) -> ChannelTarget:
    """The adapter's view of a channel account."""
    return ChannelTarget(
        kind=account.kind, external_id=account.external_id, details=account.details
    )
