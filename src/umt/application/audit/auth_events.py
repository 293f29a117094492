"""Authentication events in the audit log.

A success is written in the transaction of what it changed (the refresh token it issued); a
failure changed nothing, so its entry gets a small transaction of its own. Writing a failure's
entry must not turn the caller's 401 into another error: if it fails, that is logged.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any
from uuid import UUID

from umt.application.audit.entries import new_entry
from umt.application.services import Context
from umt.domain.audit.entry import Actor, ActorType
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger("umt.audit")


class AuthAction(StrEnum):
    SIGNED_IN = "auth.signed_in"
    SIGN_IN_FAILED = "auth.sign_in_failed"
    TOKEN_REFRESHED = "auth.token_refreshed"  # noqa: S105  # an action name, not a secret
    REFRESH_TOKEN_REUSE = "auth.refresh_token_reuse_detected"  # noqa: S105  # an action name
    LOGGED_OUT = "auth.logged_out"
    SESSIONS_REVOKED = "auth.sessions_revoked"
    API_KEY_REJECTED = "auth.api_key_rejected"


def user_actor(user_id: UUID) -> Actor:
    return Actor(ActorType.USER, user_id)


async def record_auth_event(
    uow: UnitOfWork,
    ctx: Context,
    action: AuthAction,
    *,
    organization_id: UUID | None,
    resource_type: str,
    resource_id: UUID | str | None,
    actor: Actor | None = None,
    details: dict[str, Any] | None = None,
    ids: IdGenerator,
    clock: Clock,
) -> None:
    """Append the event's entry to ``uow`` (committed with it)."""
    await uow.audit_log.append(
        new_entry(
            ids.new_id(),
            action=action.value,
            organization_id=organization_id,
            resource_type=resource_type,
            resource_id=str(resource_id) if resource_id is not None else None,
            occurred_at=clock.now(),
            after=details,
            actor=actor,
        )
    )


async def record_auth_failure(
    ctx: Context,
    action: AuthAction,
    *,
    organization_ids: list[UUID | None],
    resource_type: str,
    resource_id: UUID | str | None,
    actor: Actor | None = None,
    details: dict[str, Any] | None = None,
    ids: IdGenerator,
    clock: Clock,
) -> None:
    """One entry per organization concerned, in a transaction of their own."""
    try:
        async with ctx.separate_uow() as uow:
            for organization_id in organization_ids:
                await record_auth_event(
                    uow,
                    ctx,
                    action,
                    organization_id=organization_id,
                    resource_type=resource_type,
                    resource_id=resource_id,
                    actor=actor,
                    details=details,
                    ids=ids,
                    clock=clock,
                )
            await uow.commit()
    except Exception:
        log.exception("could not write the audit entry", extra={"action": action.value})
