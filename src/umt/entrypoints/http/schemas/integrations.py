"""Request and response bodies of integrations and platforms. No credential ever appears in
a response: an integration is described by its account, scopes, status and timestamps."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from umt.application.integration.queries import PlatformView
from umt.domain.integration.integration import Integration
from umt.entrypoints.http.schemas.common import Input

Scope = Annotated[str, Meta(min_length=1, max_length=200)]
IntegrationStatusName = Literal["pending", "connected", "needs_reauth", "error", "revoked"]


class AuthorizeIn(Input):
    scopes: Annotated[list[Scope], Meta(max_length=100)] | None = None
    # where the callback sends the browser afterwards; must be under UMT_INTEGRATIONS_RETURN_URL
    redirect: Annotated[str, Meta(max_length=2048)] | None = None


class AuthorizeOut(msgspec.Struct):
    authorization_url: str
    state: str
    expires_at: datetime


class ConnectIn(Input):
    fields: Annotated[
        dict[Annotated[str, Meta(max_length=100)], Annotated[str, Meta(max_length=4096)]],
        Meta(max_length=50),
    ]


class AccountOut(msgspec.Struct):
    id: str
    name: str


class HealthOut(msgspec.Struct):
    checked_at: datetime
    ok: bool
    reason: str | None


class IntegrationOut(msgspec.Struct):
    id: UUID
    platform: str
    status: str
    error_reason: str | None
    account: AccountOut | None
    scopes: list[str]
    connected_at: datetime | None
    token_expires_at: datetime | None
    last_sync_at: datetime | None
    last_health_check: HealthOut | None
    created_by: UUID
    created_at: datetime
    updated_at: datetime


class IntegrationList(msgspec.Struct):
    items: list[IntegrationOut]


class FormFieldOut(msgspec.Struct):
    name: str
    label: str
    secret: bool


class PlatformOut(msgspec.Struct):
    platform: str
    configured: bool
    auth_method: str | None
    capabilities: list[str]
    default_scopes: list[str]
    form_fields: list[FormFieldOut]


class PlatformList(msgspec.Struct):
    items: list[PlatformOut]


def integration_out(i: Integration) -> IntegrationOut:
    health = i.last_health
    return IntegrationOut(
        id=i.id,
        platform=i.platform.value,
        status=i.status.value,
        error_reason=i.error_reason.value if i.error_reason else None,
        account=AccountOut(id=i.account.external_id, name=i.account.name) if i.account else None,
        scopes=sorted(i.scopes),
        connected_at=i.connected_at,
        token_expires_at=i.token_expires_at,
        last_sync_at=i.last_sync_at,
        last_health_check=(
            HealthOut(
                checked_at=health.checked_at,
                ok=health.ok,
                reason=health.reason.value if health.reason else None,
            )
            if health
            else None
        ),
        created_by=i.created_by,
        created_at=i.created_at,
        updated_at=i.updated_at,
    )


def platform_out(view: PlatformView) -> PlatformOut:
    return PlatformOut(
        platform=view.platform.value,
        configured=view.configured,
        auth_method=view.auth_method.value if view.auth_method else None,
        capabilities=sorted(c.value for c in view.capabilities),
        default_scopes=list(view.default_scopes),
        form_fields=[
            FormFieldOut(name=f.name, label=f.label, secret=f.secret) for f in view.form_fields
        ],
    )
