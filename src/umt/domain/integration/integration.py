"""The Integration aggregate: one organization's connection to one account on a platform.

Status workflow::

    pending ──connect──▶ connected ──grant stops working──▶ needs_reauth
       │                  │  ▲   ▲                              │
       │                  ▼  │   └──────────reconnect───────────┘
       │                 error (a typed ErrorReason)
       └────────────── any ──disconnect──▶ revoked (final)

``needs_reauth`` and ``error`` carry the typed ``ErrorReason``. A transition that changes
nothing (a second refresh failure while already needing re-authorization) records no event,
so subscribers hear of each change once. The credentials themselves are not part of the
aggregate: the vault keeps them sealed beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import NewType
from uuid import UUID

from umt.domain.integration import events as ev
from umt.domain.integration.errors import ErrorReason
from umt.domain.integration.platforms import Platform
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import IllegalTransition, InvalidValue
from umt.domain.shared.ids import OrganizationId, UserId
from umt.domain.shared.values import require_text

IntegrationId = NewType("IntegrationId", UUID)

MAX_SCOPES = 100


class IntegrationStatus(StrEnum):
    PENDING = "pending"
    CONNECTED = "connected"
    NEEDS_REAUTH = "needs_reauth"
    ERROR = "error"
    REVOKED = "revoked"


_LIVE = frozenset(
    {IntegrationStatus.CONNECTED, IntegrationStatus.NEEDS_REAUTH, IntegrationStatus.ERROR}
)
TRANSITIONS: dict[IntegrationStatus, frozenset[IntegrationStatus]] = {
    IntegrationStatus.PENDING: frozenset({IntegrationStatus.CONNECTED, IntegrationStatus.REVOKED}),
    IntegrationStatus.CONNECTED: _LIVE | {IntegrationStatus.REVOKED},
    IntegrationStatus.NEEDS_REAUTH: _LIVE | {IntegrationStatus.REVOKED},
    IntegrationStatus.ERROR: _LIVE | {IntegrationStatus.REVOKED},
    IntegrationStatus.REVOKED: frozenset(),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Account:
    """The external account, as the platform names it."""

    external_id: str
    name: str

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "external_id", require_text(self.external_id, field="account.id", max_length=200)
        )
        object.__setattr__(
            self,
            "name",
            require_text(self.name, field="account.name", max_length=300, allow_empty=True),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class HealthResult:
    """The outcome of the last health check: ``reason`` is None when it passed."""

    checked_at: datetime
    reason: ErrorReason | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None


@dataclass(slots=True, kw_only=True)
class Integration(AggregateRoot):
    id: IntegrationId
    organization_id: OrganizationId
    platform: Platform
    created_by: UserId
    created_at: datetime
    updated_at: datetime
    account: Account | None = None
    scopes: frozenset[str] = frozenset()
    status: IntegrationStatus = IntegrationStatus.PENDING
    error_reason: ErrorReason | None = None
    connected_at: datetime | None = None
    token_expires_at: datetime | None = None
    last_sync_at: datetime | None = None
    last_health: HealthResult | None = None
    # when the scheduler should next refresh the tokens / check health (None: never)
    next_refresh_at: datetime | None = None
    next_health_check_at: datetime | None = None
    version: int = 1

    @classmethod
    def start(
        cls,
        *,
        id: IntegrationId,
        organization_id: OrganizationId,
        platform: Platform,
        created_by: UserId,
        now: datetime,
    ) -> Integration:
        """A pending integration: the account is not connected yet."""
        return cls(
            id=id,
            organization_id=organization_id,
            platform=Platform(platform),
            created_by=created_by,
            created_at=now,
            updated_at=now,
        )

    @property
    def is_active(self) -> bool:
        return self.status is not IntegrationStatus.REVOKED

    def connect(
        self,
        account: Account,
        *,
        scopes: frozenset[str],
        token_expires_at: datetime | None,
        now: datetime,
    ) -> None:
        """The account's credentials were proven to work (a first connect or a reconnect)."""
        if self.account is not None and account.external_id != self.account.external_id:
            raise IllegalTransition(
                "an integration stays with its account; connect another account separately",
                field="account",
            )
        self._move(IntegrationStatus.CONNECTED)
        reconnected = self.connected_at is not None
        self.account = account
        self.scopes = _scopes(scopes)
        self.error_reason = None
        self.connected_at = now
        self.token_expires_at = token_expires_at
        self._bump(now)
        self._record(
            ev.IntegrationConnected,
            now,
            ev.Connection(
                platform=self.platform.value,
                account_id=account.external_id,
                account_name=account.name,
                scopes=sorted(self.scopes),
                reconnected=reconnected,
            ),
        )

    def tokens_refreshed(
        self, *, token_expires_at: datetime | None, scopes: frozenset[str], now: datetime
    ) -> None:
        if self.status not in (IntegrationStatus.CONNECTED, IntegrationStatus.ERROR):
            raise IllegalTransition(
                f"a {self.status.value} integration has no tokens to refresh", field="status"
            )
        self.token_expires_at = token_expires_at
        if scopes:
            self.scopes = _scopes(scopes)
        self._bump(now)
        self._record(
            ev.IntegrationTokensRefreshed,
            now,
            ev.TokensRefresh(platform=self.platform.value, token_expires_at=token_expires_at),
        )

    def require_reauth(self, reason: ErrorReason, *, now: datetime) -> None:
        """The grant no longer works; only a person can fix it. Once: repeats are no-ops."""
        if self.status is IntegrationStatus.NEEDS_REAUTH:
            return
        self._move(IntegrationStatus.NEEDS_REAUTH)
        self.error_reason = ErrorReason(reason)
        self._bump(now)
        self.next_refresh_at = None  # nothing to refresh until someone reconnects
        self._record(
            ev.IntegrationNeedsReauth,
            now,
            ev.PlatformReason(platform=self.platform.value, reason=self.error_reason.value),
        )

    def fail(self, reason: ErrorReason, *, now: datetime) -> None:
        """The platform fails for a reason a new grant would not fix. Once per reason."""
        reason = ErrorReason(reason)
        if self.status is IntegrationStatus.ERROR and self.error_reason is reason:
            return
        self._move(IntegrationStatus.ERROR)
        self.error_reason = reason
        self._bump(now)
        self._record(
            ev.IntegrationFailed,
            now,
            ev.PlatformReason(platform=self.platform.value, reason=reason.value),
        )

    def record_health(
        self, reason: ErrorReason | None, *, needs_reauth: bool, now: datetime
    ) -> None:
        """Record a health check: ``reason`` None when it passed. A passing check brings an
        ``error`` integration back to ``connected``; a failing one moves it to
        ``needs_reauth`` (``needs_reauth`` true) or ``error``, except that being rate limited
        says nothing about the connection and changes no status."""
        if self.status not in _LIVE:
            raise IllegalTransition(
                f"a {self.status.value} integration cannot be health-checked", field="status"
            )
        previous = self.last_health
        self.last_health = HealthResult(checked_at=now, reason=reason)
        self._bump(now)
        before = self.status
        if reason is None:
            if self.status is IntegrationStatus.ERROR:
                self._move(IntegrationStatus.CONNECTED)
                self.error_reason = None
        elif needs_reauth:
            self.require_reauth(reason, now=now)
        elif reason is not ErrorReason.RATE_LIMITED:
            self.fail(reason, now=now)
        if previous is None or previous.reason != reason or before is not self.status:
            self._record(
                ev.IntegrationHealthChecked,
                now,
                ev.HealthCheck(
                    platform=self.platform.value,
                    ok=reason is None,
                    reason=reason.value if reason else None,
                    status=self.status.value,
                ),
            )

    def mark_synced(self, *, now: datetime) -> None:
        self.last_sync_at = now
        self._bump(now)

    def revoke(self, *, now: datetime) -> None:
        """Disconnected: final. The caller destroys the credentials in the same transaction."""
        if self.status is IntegrationStatus.REVOKED:
            raise IllegalTransition("the integration is already revoked", field="status")
        self._move(IntegrationStatus.REVOKED)
        self.next_refresh_at = None
        self.next_health_check_at = None
        self._bump(now)
        self._record(ev.IntegrationRevoked, now, ev.PlatformRef(platform=self.platform.value))

    def schedule(self, *, refresh_at: datetime | None, health_check_at: datetime | None) -> None:
        """When the scheduler should next refresh the tokens and check health."""
        self.next_refresh_at = refresh_at
        self.next_health_check_at = health_check_at

    def _move(self, target: IntegrationStatus) -> None:
        if target is not self.status and target not in TRANSITIONS[self.status]:
            allowed = sorted(s.value for s in TRANSITIONS[self.status]) or ["none"]
            raise IllegalTransition(
                f"a {self.status.value} integration cannot become {target.value};"
                f" allowed: {', '.join(allowed)}",
                field="status",
            )
        self.status = target


def _scopes(scopes: frozenset[str]) -> frozenset[str]:
    cleaned = frozenset(require_text(s, field="scopes", max_length=200) for s in scopes)
    if len(cleaned) > MAX_SCOPES:
        raise InvalidValue(f"at most {MAX_SCOPES} scopes", field="scopes")
    return cleaned
