"""ChangeMember: a member's role and/or brand scope (members:manage).

Admins (and API keys) change anyone but owners; only owners in person grant or take the owner
role, granting it with their password again; the last owner stays one. The member's sign-ins
end, so their next token carries the new claims.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID

from umt.application.identity.access import (
    acting_authority,
    end_sign_ins,
    parse_brand_scope,
    parse_role,
)
from umt.application.identity.reauthentication import reauthenticate
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.members import ensure_keeps_an_owner, ensure_may_manage
from umt.domain.identity.model import Membership
from umt.domain.identity.permissions import Permission, Role
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import UserId
from umt.domain.shared.unset import UNSET, Unset
from umt.ports.clock import Clock
from umt.ports.password_hasher import PasswordHasher
from umt.ports.session_revocations import SessionRevocations
from umt.ports.sign_in_lockout import SignInLockout


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeMember:
    use_case: ClassVar = UseCase(Permission.MEMBERS_MANAGE)
    user_id: UUID
    role: str | None = None  # None: unchanged
    brand_ids: Sequence[UUID | str] | Unset | None = UNSET  # None: every brand
    # the acting owner's own password, required to make someone an owner
    password: str | None = field(default=None, repr=False)


async def change_member(
    cmd: ChangeMember,
    ctx: Context,
    *,
    clock: Clock,
    session_revocations: SessionRevocations,
    sign_in_lockout: SignInLockout | None,
    password_hasher: PasswordHasher,
) -> Membership:
    actor = ctx.actor()
    actor.require(ChangeMember.use_case.permission)
    new_role = parse_role(cmd.role) if cmd.role is not None else None
    now = clock.now()
    ended: set[str] = set()
    async with ctx.uow as uow:
        authority = await acting_authority(uow, actor, ChangeMember.use_case.permission)
        member = await uow.memberships.get(actor.organization_id, UserId(cmd.user_id))
        if member is None:
            raise NotFound(f"member {cmd.user_id} not found")
        if new_role is Role.OWNER and member.role is not Role.OWNER:
            authority = await reauthenticate(
                ctx,
                uow,
                actor,
                authority,
                cmd.password,
                sign_in_lockout=sign_in_lockout,
                password_hasher=password_hasher,
            )
        ensure_may_manage(authority, member, new_role)
        role = new_role or member.role
        if role is not Role.OWNER:
            owners = await uow.memberships.count_with_role(actor.organization_id, Role.OWNER)
            ensure_keeps_an_owner(owners, member, role)
        scope = (
            member.brand_scope
            if cmd.brand_ids is UNSET
            else await parse_brand_scope(uow, actor, cmd.brand_ids)
        )
        if member.change(role=role, brand_scope=scope, changed_by=actor.user_id, now=now):
            await uow.memberships.save(member)
            ended |= await end_sign_ins(uow, member.user_id, now)
            await uow.commit()
    await session_revocations.revoke(ended)  # their tokens stop now
    return member
