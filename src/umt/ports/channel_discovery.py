"""Capability port: the channel accounts a connected integration can publish to or advertise on.

Implemented by the platforms whose connection holds more than one destination (Meta's Pages
and their Instagram accounts, LinkedIn's administered organizations, Mailchimp's audiences, ad
accounts) and by the sandbox. Never part of ``PlatformConnector``: a platform adapter that
can discover implements this too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.ports.platform_connector import Credentials


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscoveredAccount:
    """One destination inside a connection, as the platform names it.

    ``credentials`` is set when the destination has its own token (a Facebook Page's page
    access token): it is sealed in the vault like the integration's, and used instead of the
    integration's for this account. ``details`` holds non-secret facts an adapter needs later
    (an Instagram account's page id, an ad account's currency and time zone)."""

    kind: ChannelKind
    external_id: str
    name: str
    credentials: Credentials | None = None
    currency: str | None = None  # ad accounts: the account's ISO 4217 currency
    time_zone: str | None = None  # the platform's IANA zone for the account, when it says
    details: Mapping[str, str] = field(default_factory=dict)


@runtime_checkable
class ChannelDiscovery(Protocol):
    @property
    def platform(self) -> Platform: ...

    async def discover(self, credentials: Credentials) -> tuple[DiscoveredAccount, ...]:
        """Every channel account the integration's grant reaches. Raises the typed platform
        errors (``TokenExpired``, ``MissingScope``, ...)."""
        ...
