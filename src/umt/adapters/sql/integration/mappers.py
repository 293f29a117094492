"""Data mappers between rows and the integration context's objects (integrations, pending
OAuth authorizations). Rows become objects through the constructors, so rebuilding an
integration records no events."""

from __future__ import annotations

from typing import Any

from sqlalchemy import RowMapping

from umt.domain.integration.errors import ErrorReason
from umt.domain.integration.integration import (
    Account,
    HealthResult,
    Integration,
    IntegrationId,
    IntegrationStatus,
)
from umt.domain.integration.platforms import Platform
from umt.domain.shared.ids import OrganizationId, UserId
from umt.ports.credential_cipher import SealedSecret
from umt.ports.oauth_state_store import PendingAuthorization


def integration_to_row(i: Integration) -> dict[str, Any]:
    return {
        "id": i.id,
        "organization_id": i.organization_id,
        "platform": i.platform.value,
        "external_account_id": i.account.external_id if i.account else None,
        "account_name": i.account.name if i.account else None,
        "scopes": sorted(i.scopes),
        "status": i.status.value,
        "error_reason": i.error_reason.value if i.error_reason else None,
        "connected_at": i.connected_at,
        "token_expires_at": i.token_expires_at,
        "last_sync_at": i.last_sync_at,
        "last_health_check_at": i.last_health.checked_at if i.last_health else None,
        "last_health_reason": (
            i.last_health.reason.value if i.last_health and i.last_health.reason else None
        ),
        "next_refresh_at": i.next_refresh_at,
        "next_health_check_at": i.next_health_check_at,
        "created_by": i.created_by,
        "created_at": i.created_at,
        "updated_at": i.updated_at,
        "version": i.version,
    }


def integration_from_row(row: RowMapping) -> Integration:
    account = (
        Account(external_id=row["external_account_id"], name=row["account_name"] or "")
        if row["external_account_id"] is not None
        else None
    )
    checked = row["last_health_check_at"]
    reason = row["last_health_reason"]
    return Integration(
        id=IntegrationId(row["id"]),
        organization_id=OrganizationId(row["organization_id"]),
        platform=Platform(row["platform"]),
        created_by=UserId(row["created_by"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        account=account,
        scopes=frozenset(row["scopes"] or ()),
        status=IntegrationStatus(row["status"]),
        error_reason=ErrorReason(row["error_reason"]) if row["error_reason"] else None,
        connected_at=row["connected_at"],
        token_expires_at=row["token_expires_at"],
        last_sync_at=row["last_sync_at"],
        last_health=(
            HealthResult(checked_at=checked, reason=ErrorReason(reason) if reason else None)
            if checked is not None
            else None
        ),
        next_refresh_at=row["next_refresh_at"],
        next_health_check_at=row["next_health_check_at"],
        version=row["version"],
    )


def pending_from_row(row: RowMapping) -> PendingAuthorization:
    return PendingAuthorization(
        id=row["id"],
        state_hash=row["state_hash"],
        binding_hash=row["binding_hash"],
        organization_id=OrganizationId(row["organization_id"]),
        user_id=UserId(row["user_id"]),
        platform=Platform(row["platform"]),
        scopes=tuple(row["scopes"] or ()),
        redirect_uri=row["redirect_uri"],
        return_to=row["return_to"],
        sealed_verifier=SealedSecret(row["key_id"], bytes(row["verifier_ciphertext"])),
        created_at=row["created_at"],
        expires_at=row["expires_at"],
    )
