"""API keys: long-lived credentials for service-to-service use, limited to their scopes.

A key is shown once as ``umt_<public id>_<secret>``; only a hash of the secret is kept. The
public id finds the row, the hash proves possession. The key acts for its organization with
its scopes, which were a subset of its creator's permissions when it was made, and never more
than its creator holds now (``Principal.for_api_key``). A key made with a key gets no more than
that key's effective scopes and outlives it by not a second.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from umt.domain.identity.events import ApiKeyCreated, ApiKeyIssued, ApiKeyNamed, ApiKeyRevoked
from umt.domain.identity.permissions import Permission
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import AuthenticationFailed, InvalidValue, PermissionDenied
from umt.domain.shared.ids import ApiKeyId, OrganizationId, UserId
from umt.domain.shared.values import require_text

MAX_API_KEY_LIFETIME = timedelta(days=366)  # a year, leap day included
# last_used_at is a hint for people ("is this key still in use?"), not an access log (that is
# the audit log): writing it at most once a minute keeps a busy key from one write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def parse_scopes(scopes: Iterable[str]) -> frozenset[Permission]:
    """``resource:action`` strings as permissions; an unknown one is an InvalidValue."""
    parsed: set[Permission] = set()
    for scope in scopes:
        try:
            parsed.add(Permission(scope))
        except ValueError:
            raise InvalidValue(f"unknown scope {scope!r}", field="scopes") from None
    if not parsed:
        raise InvalidValue("an API key needs at least one scope", field="scopes")
    return frozenset(parsed)


@dataclass(slots=True, kw_only=True)
class ApiKey(AggregateRoot):
    id: ApiKeyId
    organization_id: OrganizationId
    created_by: UserId
    name: str
    public_id: str
    secret_hash: str
    scopes: frozenset[Permission]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None
    parent_id: ApiKeyId | None = None  # the key this one was made with; None: by a person

    @classmethod
    def issue(
        cls,
        *,
        id: ApiKeyId,
        organization_id: OrganizationId,
        created_by: UserId,
        creator_permissions: frozenset[Permission],
        name: str,
        scopes: frozenset[Permission],
        public_id: str,
        secret_hash: str,
        expires_at: datetime,
        now: datetime,
        parent: ApiKey | None = None,
    ) -> ApiKey:
        """A new key. Its scopes must be held by its creator (no key can widen access) and it
        must expire, within ``MAX_API_KEY_LIFETIME`` and, when an API key (``parent``) makes
        it, no later than that key: a key cannot extend its own life. ``creator_permissions``
        are then that key's effective scopes."""
        beyond = scopes - creator_permissions
        if beyond:
            raise PermissionDenied(
                "an API key cannot have scopes its creator lacks: "
                + ", ".join(sorted(p.value for p in beyond))
            )
        if expires_at.tzinfo is None:
            raise InvalidValue("expires_at needs a time zone", field="expires_at")
        if expires_at <= now:
            raise InvalidValue("expires_at must be in the future", field="expires_at")
        if expires_at - now > MAX_API_KEY_LIFETIME:
            raise InvalidValue(
                f"an API key lives at most {MAX_API_KEY_LIFETIME.days} days", field="expires_at"
            )
        if parent is not None and expires_at > parent.expires_at:
            raise InvalidValue(
                "a key made with an API key expires no later than that key"
                f" ({parent.expires_at.isoformat()})",
                field="expires_at",
            )
        key = cls(
            id=id,
            organization_id=organization_id,
            created_by=created_by,
            name=require_text(name, field="name", max_length=200),
            public_id=public_id,
            secret_hash=secret_hash,
            scopes=scopes,
            created_at=now,
            expires_at=expires_at,
            parent_id=parent.id if parent is not None else None,
        )
        key._record(
            ApiKeyCreated,
            now,
            ApiKeyIssued(
                name=key.name,
                scopes=sorted(p.value for p in scopes),
                expires_at=expires_at.isoformat(),
                created_by=created_by,
            ),
        )
        return key

    def revoke(self, now: datetime) -> None:
        """Revoke the key; idempotent (a second revocation records nothing)."""
        if self.revoked_at is not None:
            return
        self.revoked_at = now
        self._record(ApiKeyRevoked, now, ApiKeyNamed(name=self.name))

    def ensure_usable(self, now: datetime) -> None:
        if self.revoked_at is not None:
            raise AuthenticationFailed("the API key has been revoked")
        if now >= self.expires_at:
            raise AuthenticationFailed("the API key has expired")

    def note_use(self, now: datetime) -> bool:
        """Record a use; True when ``last_used_at`` moved and so needs saving."""
        if self.last_used_at is not None and now - self.last_used_at < LAST_USED_RESOLUTION:
            return False
        self.last_used_at = now
        return True
