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
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from umt.domain.brand.brand import check_version
from umt.domain.brand.channels import Channel
from umt.domain.integration.integration import IntegrationId
from umt.domain.integration.platforms import Platform
from umt.domain.publishing import events as ev
from umt.domain.publishing.channel_kinds import (
    DEFAULT_CHANNEL,
    PLATFORM_OF,
    ROLE_OF,
    ChannelKind,
    Role,
    channels_served,
)
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import Conflict, InvalidValue
from umt.domain.shared.events import Changes
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


# What a person may change on an account, and what a discovery refreshes from the platform.
SETTINGS = frozenset({"channel", "time_zone", "daily_cap", "min_spacing_minutes", "status"})
PLATFORM_FACTS = frozenset({"name", "currency", "details", "has_own_credentials", "status"})


class ChannelNotServed(InvalidValue):
    """The account's kind cannot serve that brand channel (a Facebook Page as the blog)."""

    code = "channel_not_served"


class ChannelAccountGone(Conflict):
    """The platform no longer has this destination: it cannot be activated until a
    discovery finds it again."""

    code = "channel_account_gone"


class IntegrationDisconnected(Conflict):
    """The account's integration was disconnected: it is active again only once the platform
    account is connected anew and the brand's accounts are discovered with that connection."""

    code = "integration_disconnected"


class AccountStatus(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"  # switched off (see ``status_reason``): nothing is published to it
    GONE = "gone"  # the last discovery no longer found it on the platform


class StatusReason(StrEnum):
    """Why an account is disabled when no person disabled it (a person's: no reason)."""

    INTEGRATION_REVOKED = "integration_revoked"  # its integration was disconnected


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
    status_reason: StatusReason | None = None  # why it is disabled, when a person did not
    daily_cap: int | None = None  # posts per rolling 24 h; None: no local cap
    min_spacing_minutes: int = 0  # between two posts to this account
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def __post_init__(self) -> None:
        self.kind = ChannelKind(self.kind)
        self.channel = Channel(self.channel)
        self.status = AccountStatus(self.status)
        if self.status_reason is not None:
            self.status_reason = StatusReason(self.status_reason)
            if self.status is not AccountStatus.DISABLED:
                raise InvalidValue("only a disabled account has a reason", field="status_reason")
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
        if self.channel not in channels_served(self.kind):
            raise ChannelNotServed(
                f"a {self.kind.value} cannot serve the {self.channel.value} channel",
                field="channel",
            )

    @classmethod
    def discover(
        cls,
        *,
        id: ChannelAccountId,
        organization_id: OrganizationId,
        brand_id: BrandId,
        integration_id: IntegrationId,
        kind: ChannelKind,
        external_id: str,
        name: str,
        now: datetime,
        channel: Channel | None = None,
        time_zone: str | None = None,
        currency: str | None = None,
        details: Mapping[str, str] | None = None,
        has_own_credentials: bool = False,
    ) -> ChannelAccount:
        """A destination a discovery found, added to the brand with its kind's defaults (the
        kind's channel and documented daily cap, the platform's time zone or UTC)."""
        account = cls(
            id=id,
            organization_id=organization_id,
            brand_id=brand_id,
            integration_id=integration_id,
            kind=kind,
            external_id=external_id,
            name=name,
            channel=channel or DEFAULT_CHANNEL[ChannelKind(kind)],
            time_zone=time_zone or "UTC",
            currency=currency,
            details=dict(details or {}),
            has_own_credentials=has_own_credentials,
            daily_cap=DEFAULT_DAILY_CAP.get(ChannelKind(kind)),
            created_at=now,
            updated_at=now,
        )
        account._record(
            ev.ChannelAccountDiscovered,
            now,
            ev.AccountFound(
                brand_id=account.brand_id,
                integration_id=account.integration_id,
                kind=account.kind.value,
                external_id=account.external_id,
                name=account.name,
                channel=account.channel.value,
            ),
        )
        return account

    def update(
        self, changes: Mapping[str, Any], *, now: datetime, expected_version: int | None = None
    ) -> None:
        """A person's change of settings (channel, time zone, daily cap, spacing, status
        active/disabled); the caller's version must be current."""
        check_version(expected_version, self.version, "channel account")
        unknown = sorted(set(changes) - SETTINGS)
        if unknown:
            raise InvalidValue(f"unknown field(s): {', '.join(unknown)}", field=unknown[0])
        if "status" in changes:
            status = _status(changes["status"])
            if status is AccountStatus.GONE:
                raise InvalidValue("status can be set to active or disabled", field="status")
            if self.status is AccountStatus.GONE and status is AccountStatus.ACTIVE:
                raise ChannelAccountGone(
                    "the platform no longer has this account; discover it again first",
                    field="status",
                )
            if self.status_reason is StatusReason.INTEGRATION_REVOKED and status != self.status:
                raise IntegrationDisconnected(
                    "its integration was disconnected: connect the platform account again"
                    " and discover the brand's accounts with the new connection",
                    field="status",
                )
        self._apply(changes, now)

    def refresh(
        self,
        *,
        name: str,
        currency: str | None,
        details: Mapping[str, str],
        has_own_credentials: bool,
        now: datetime,
        integration_id: IntegrationId | None = None,
    ) -> bool:
        """What a discovery found now; an account that was gone is active again. Found
        through ``integration_id``, a new connection of the platform account after its own
        was disconnected, it acts with that one from now on, and is active again if it was
        disabled by the disconnection (one a person disabled stays disabled). True if
        anything changed."""
        changes: dict[str, Any] = {
            "name": name,
            "currency": currency,
            "details": dict(details),
            "has_own_credentials": has_own_credentials,
        }
        if integration_id is not None and integration_id != self.integration_id:
            changes["integration_id"] = integration_id
            if self.status_reason is StatusReason.INTEGRATION_REVOKED:
                changes |= {"status": AccountStatus.ACTIVE, "status_reason": None}
        if self.status is AccountStatus.GONE:
            changes["status"] = AccountStatus.ACTIVE
        return self._apply(changes, now)

    def integration_revoked(self, *, now: datetime) -> bool:
        """Its integration was disconnected: an active account is disabled, with the reason,
        until a new connection of the platform account finds it again (``refresh``). One a
        person disabled, or one gone, stays as it is. True if that is news."""
        if self.status is not AccountStatus.ACTIVE:
            return False
        return self._apply(
            {"status": AccountStatus.DISABLED, "status_reason": StatusReason.INTEGRATION_REVOKED},
            now,
        )

    def mark_gone(self, *, now: datetime) -> bool:
        """The last discovery did not find it; True if that is news."""
        return self._apply({"status": AccountStatus.GONE}, now)

    def mark_removed(self, *, now: datetime, expected_version: int | None = None) -> None:
        """Taken off the brand (the repository deletes it)."""
        check_version(expected_version, self.version, "channel account")
        self._record(
            ev.ChannelAccountRemoved,
            now,
            ev.AccountGone(
                brand_id=self.brand_id,
                kind=self.kind.value,
                external_id=self.external_id,
                name=self.name,
            ),
        )

    def _apply(self, changes: Mapping[str, Any], now: datetime) -> bool:
        candidate = replace(self, **changes, events=[])  # re-runs validation on a copy
        changed = sorted(k for k in changes if getattr(self, k) != getattr(candidate, k))
        if not changed:
            return False
        diff = Changes.between(self, candidate, changed)
        for key in changed:
            setattr(self, key, getattr(candidate, key))
        self._bump(now)
        self._record(ev.ChannelAccountUpdated, now, diff)
        return True

    @property
    def platform(self) -> Platform:
        return PLATFORM_OF[self.kind]

    @property
    def role(self) -> Role:
        return ROLE_OF[self.kind]

    @property
    def publishable(self) -> bool:
        return self.status is AccountStatus.ACTIVE


def _status(value: object) -> AccountStatus:
    try:
        return AccountStatus(str(value))
    except ValueError:
        raise InvalidValue(f"{value!r} is not an account status", field="status") from None


def unavailable(account: ChannelAccount | None) -> str:
    """Why nothing can be published to ``account`` (None: it was removed), for people."""
    if account is None:
        return "the channel account was removed"
    if account.status_reason is StatusReason.INTEGRATION_REVOKED:
        return (
            f"the channel account {account.name} is disabled: its integration was disconnected"
            " (connect the platform account again and discover the brand's accounts)"
        )
    return f"the channel account {account.name} is {account.status.value}"
