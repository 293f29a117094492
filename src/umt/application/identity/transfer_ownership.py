"""TransferOwnership: the calling owner hands the organization to another member, who becomes
an owner (of every brand) while the caller becomes an admin (organization:manage, owners only).

The caller gives their password again, and must be a person: an API key never transfers
ownership, whoever created it. Both members' sign-ins end, so neither keeps a token with the
old role.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID

from umt.application.identity.access import acting_authority, end_sign_ins
from umt.application.identity.reauthentication import reauthenticate
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.members import transfer_ownership as transfer
from umt.domain.identity.model import Membership
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import AuthenticationFailed, NotFound
from umt.domain.shared.ids import UserId
from umt.ports.clock import Clock
from umt.ports.password_hasher import PasswordHasher
from umt.ports.session_revocations import SessionRevocations
from umt.ports.sign_in_lockout import SignInLockout


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferOwnership:
    use_case: ClassVar = UseCase(Permission.ORGANIZATION_MANAGE)
    user_id: UUID
    password: str | None = field(default=None, repr=False)  # the calling owner's own


async def transfer_ownership(
    cmd: TransferOwnership,
    ctx: Context,
    *,
    clock: Clock,
    session_revocations: SessionRevocations,
    sign_in_lockout: SignInLockout | None,
    password_hasher: PasswordHasher,
) -> Membership:
    """The successor's membership, now an owner's."""
    actor = ctx.actor()
    actor.require(TransferOwnership.use_case.permission)
    now = clock.now()
    ended: set[str] = set()
    async with ctx.uow as uow:
        # the role as stored now: the token may predate a demotion
        authority = await acting_authority(uow, actor, TransferOwnership.use_case.permission)
        authority = await reauthenticate(
            ctx,
            uow,
            actor,
            authority,
            cmd.password,
            sign_in_lockout=sign_in_lockout,
            password_hasher=password_hasher,
        )
        current = await uow.memberships.get(actor.organization_id, actor.user_id)
        if current is None:
            raise AuthenticationFailed("the membership behind this token no longer exists")
        successor = await uow.memberships.get(actor.organization_id, UserId(cmd.user_id))
        if successor is None:
            raise NotFound(f"member {cmd.user_id} not found")
        transfer(authority, current, successor, now=now)
        await uow.memberships.save(successor)
        await uow.memberships.save(current)
        ended |= await end_sign_ins(uow, successor.user_id, now)
        ended |= await end_sign_ins(uow, current.user_id, now)
        await uow.commit()
    await session_revocations.revoke(ended)  # their tokens stop now
    return successor
