"""The ChannelAccount aggregate: one destination a brand publishes to or advertises on.

It is discovered from a connected integration (a Facebook Page, a LinkedIn organization, a
Mailchimp audience, a Meta ad account ...) and assigned to a brand, for one of the brand's
channels. A destination that carries its own token (a Page's page token) has it sealed in the
vault under the account's id (``has_own_credentials``); the others act with the integration's.
Per-account publishing limits (posts per 24 h, minimum spacing) are enforced locally, before a
platform is called.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from umt.domain.brand.channels import Channel
from umt.domain.integration.integration import IntegrationId
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_kinds import PLATFORM_OF, ROLE_OF, ChannelKind, Role
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import BrandId, ChannelAccountId, OrganizationId
from umt.domain.shared.money import currency_code
from umt.domain.shared.time_zones import require_time_zone
from umt.domain.shared.values import require_text

MAX_NAME = 200

# The documented per-account publishing caps (posts per rolling 24 h) umt enforces before
# calling; None: the platform documents none we must respect.
DEFAULT_DAILY_CAP: dict[ChannelKind, int | None] = {
    ChannelKind.INSTAGRAM_ACCOUNT: 50,  # content publishing limit: 50 API posts per 24 h
    ChannelKind.X_ACCOUNT: 100,  # the per-user post cap of the v2 API's free and basic tiers
    ChannelKind.LINKEDIN_ORGANIZATION: 150,  # the member/organization daily share limit
    ChannelKind.LINKEDIN_MEMBER: 150,
}


class AccountStatus(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"  # switched off by a person: nothing is published to it
    GONE = "gone"  # the last discovery no longer found it on the platform


@dataclass(slots=True, kw_only=True)
class ChannelAccount(AggregateRoot):
    id: ChannelAccountId
    organization_id: OrganizationId
    brand_id: BrandId
    integration_id: IntegrationId
    kind: ChannelKind
    external_id: str
    name: str
    channel: Channel
    time_zone: str = "UTC"
    currency: str | None = None  # ad accounts: the account's currency; budgets must match
    details: Mapping[str, str] = field(default_factory=dict)
    has_own_credentials: bool = False
    status: AccountStatus = AccountStatus.ACTIVE
    daily_cap: int | None = None  # posts per rolling 24 h; None: no local cap
    min_spacing_minutes: int = 0  # between two posts to this account
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def __post_init__(self) -> None:
        self.kind = ChannelKind(self.kind)
        self.channel = Channel(self.channel)
        self.status = AccountStatus(self.status)
        self.name = require_text(self.name, field="name", max_length=MAX_NAME)
        self.external_id = require_text(self.external_id, field="external_id", max_length=200)
        self.time_zone = require_time_zone(self.time_zone)
        if self.currency is not None:
            self.currency = currency_code(self.currency)
        if self.daily_cap is not None and self.daily_cap < 1:
            raise InvalidValue("daily_cap must be at least 1 (or null)", field="daily_cap")
        if not 0 <= self.min_spacing_minutes <= 7 * 24 * 60:
            raise InvalidValue(
                "min_spacing_minutes must be between 0 and a week", field="min_spacing_minutes"
            )

    @property
    def platform(self) -> Platform:
        return PLATFORM_OF[self.kind]

    @property
    def role(self) -> Role:
        return ROLE_OF[self.kind]

    @property
    def publishable(self) -> bool:
        return self.status is AccountStatus.ACTIVE
