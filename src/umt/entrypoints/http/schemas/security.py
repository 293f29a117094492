"""Request and response bodies of API keys and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import Meta

from umt.application.identity.create_api_key import CreatedApiKey
from umt.domain.audit.entry import AuditEntry
from umt.domain.identity.api_key import ApiKey
from umt.entrypoints.http.schemas.common import Input, Name

Scope = Annotated[str, Meta(min_length=3, max_length=60, pattern=r"^[a-z_]+:[a-z_]+$")]
AwareDateTime = Annotated[datetime, Meta(tz=True)]


class ApiKeyCreate(Input):
    name: Name
    scopes: Annotated[list[Scope], Meta(min_length=1, max_length=50)]
    expires_at: AwareDateTime


class ApiKeyOut(msgspec.Struct):
    """A key as listed: never its secret (only a hash of it is kept)."""

    id: UUID
    name: str
    prefix: str  # umt_<public id>_, enough to recognise a key in a config file
    scopes: list[str]
    created_by: UUID
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    """The creation response: the only time the full key is shown."""

    key: str


class ApiKeyList(msgspec.Struct):
    items: list[ApiKeyOut]


def api_key_out(key: ApiKey) -> ApiKeyOut:
    return ApiKeyOut(**_fields(key))


def api_key_created(created: CreatedApiKey) -> ApiKeyCreated:
    return ApiKeyCreated(**_fields(created.key), key=created.token)


def _fields(key: ApiKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "name": key.name,
        "prefix": f"umt_{key.public_id}_",
        "scopes": sorted(p.value for p in key.scopes),
        "created_by": key.created_by,
        "created_at": key.created_at,
        "expires_at": key.expires_at,
        "revoked_at": key.revoked_at,
        "last_used_at": key.last_used_at,
    }


class ActorOut(msgspec.Struct):
    type: str
    id: UUID | None
    on_behalf_of: UUID | None


class AuditEntryOut(msgspec.Struct):
    id: UUID
    occurred_at: datetime
    actor: ActorOut
    action: str
    resource_type: str
    resource_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    ip: str | None
    user_agent: str | None
    trace_id: str | None
    request_id: str | None


def audit_entry_out(entry: AuditEntry) -> AuditEntryOut:
    return AuditEntryOut(
        id=entry.id,
        occurred_at=entry.occurred_at,
        actor=ActorOut(
            type=entry.actor.type.value, id=entry.actor.id, on_behalf_of=entry.actor.on_behalf_of
        ),
        action=entry.action,
        resource_type=entry.resource_type,
        resource_id=entry.resource_id,
        before=entry.before,
        after=entry.after,
        ip=entry.ip,
        user_agent=entry.user_agent,
        trace_id=entry.trace_id,
        request_id=entry.request_id,
    )
