"""The SQL ApiKeyRepository, with its data mapper."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, RowMapping, insert, select, update

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.identity.tables import api_keys
from umt.domain.identity.api_key import ApiKey
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import ApiKeyId, OrganizationId, UserId
from umt.ports.api_key_repository import ApiKeyRepository

_KNOWN_SCOPES = frozenset(p.value for p in Permission)


def api_key_to_row(key: ApiKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "organization_id": key.organization_id,
        "created_by": key.created_by,
        "name": key.name,
        "public_id": key.public_id,
        "secret_hash": key.secret_hash,
        "scopes": sorted(p.value for p in key.scopes),
        "created_at": key.created_at,
        "expires_at": key.expires_at,
        "revoked_at": key.revoked_at,
        "last_used_at": key.last_used_at,
        "parent_id": key.parent_id,
    }


def api_key_from_row(row: RowMapping) -> ApiKey:
    return ApiKey(
        id=ApiKeyId(row["id"]),
        organization_id=OrganizationId(row["organization_id"]),
        created_by=UserId(row["created_by"]),
        name=row["name"],
        public_id=row["public_id"],
        secret_hash=row["secret_hash"],
        # a permission since removed from the code grants nothing (and does not break loading)
        scopes=frozenset(Permission(s) for s in row["scopes"] if s in _KNOWN_SCOPES),
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        revoked_at=row["revoked_at"],
        last_used_at=row["last_used_at"],
        parent_id=ApiKeyId(row["parent_id"]) if row["parent_id"] is not None else None,
    )


class SqlApiKeyRepository(SqlRepository, ApiKeyRepository):
    """API keys; only ``revoked_at`` and ``last_used_at`` ever change."""

    async def add(self, key: ApiKey) -> None:
        await self._execute(insert(api_keys), api_key_to_row(key))
        self._tracker.track(key)

    async def get(self, organization_id: OrganizationId, key_id: ApiKeyId) -> ApiKey | None:
        result = await self._execute(
            select(api_keys).where(
                api_keys.c.id == key_id, api_keys.c.organization_id == organization_id
            )
        )
        row = result.mappings().first()
        return self._tracker.track(api_key_from_row(row)) if row is not None else None

    async def by_public_id(self, public_id: str) -> ApiKey | None:
        result = await self._execute(select(api_keys).where(api_keys.c.public_id == public_id))
        row = result.mappings().first()
        return self._tracker.track(api_key_from_row(row)) if row is not None else None

    async def for_organization(self, organization_id: OrganizationId) -> list[ApiKey]:
        result = await self._execute(
            select(api_keys)
            .where(api_keys.c.organization_id == organization_id)
            .order_by(api_keys.c.created_at.desc(), api_keys.c.id.desc())
        )
        return [api_key_from_row(row) for row in result.mappings()]

    async def for_creator(self, organization_id: OrganizationId, user_id: UserId) -> list[ApiKey]:
        return await self._unrevoked(organization_id, api_keys.c.created_by == user_id)

    async def children(self, organization_id: OrganizationId, parent_id: ApiKeyId) -> list[ApiKey]:
        return await self._unrevoked(organization_id, api_keys.c.parent_id == parent_id)

    async def _unrevoked(
        self, organization_id: OrganizationId, condition: ColumnElement[bool]
    ) -> list[ApiKey]:
        """The organization's unrevoked keys matching ``condition``, oldest first; tracked,
        because the caller revokes them."""
        result = await self._execute(
            select(api_keys)
            .where(
                api_keys.c.organization_id == organization_id,
                condition,
                api_keys.c.revoked_at.is_(None),
            )
            .order_by(api_keys.c.created_at, api_keys.c.id)
        )
        return [self._tracker.track(api_key_from_row(row)) for row in result.mappings()]

    async def save(self, key: ApiKey) -> None:
        result = await self._execute(
            update(api_keys)
            .where(api_keys.c.id == key.id)
            .values(revoked_at=key.revoked_at, last_used_at=key.last_used_at)
        )
        if result.rowcount == 0:
            raise NotFound("API key not found")
        self._tracker.track(key)
