"""Who may change whom: the rules of managing an organization's members.

The owner role is the organization's last word, so it is guarded on every path: only owners,
in person, grant, take away or touch it (an API key never does, whoever created it), granting
it takes the granting owner's password again, and the organization never ends up without one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from umt.domain.identity.errors import LastOwner, OwnerRoleReserved, ReauthenticationRequired
from umt.domain.identity.events import OwnershipMove, OwnershipTransferred
from umt.domain.identity.model import Membership
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import InvalidValue


@dataclass(frozen=True, slots=True, kw_only=True)
class Authority:
    """Who is changing the members: the acting person's role as stored now (never the token's),
    whether they act through an API key, and whether they just gave their password again."""

    role: Role
    by_api_key: bool = False
    reauthenticated: bool = False

    @property
    def is_owner(self) -> bool:
        """An owner in person: a key acts for its creator, but never with the owner's powers."""
        return self.role is Role.OWNER and not self.by_api_key

    def refusal(self, action: str) -> OwnerRoleReserved:
        who = "an API key" if self.by_api_key else "only an owner"
        verb = "cannot" if self.by_api_key else "can"
        return OwnerRoleReserved(f"{who} {verb} {action}")


def ensure_may_grant(authority: Authority, role: Role) -> None:
    """Only an owner in person gives the owner role (by invitation, a role change or a
    transfer), and only after giving their password again."""
    if role is not Role.OWNER:
        return
    if not authority.is_owner:
        raise authority.refusal("grant the owner role")
    if not authority.reauthenticated:
        raise ReauthenticationRequired(
            "give your password again to grant the owner role", field="password"
        )


def ensure_may_manage(authority: Authority, target: Membership, new_role: Role | None) -> None:
    """Admins (and keys) manage everyone but owners; owners in person manage everyone."""
    if target.role is Role.OWNER and not authority.is_owner:
        raise authority.refusal("change or remove an owner")
    if new_role is not None and new_role is not target.role:
        ensure_may_grant(authority, new_role)


def ensure_keeps_an_owner(owners: int, target: Membership, new_role: Role | None) -> None:
    """Refuse to remove (``new_role`` None) or demote the organization's last owner."""
    if target.role is Role.OWNER and new_role is not Role.OWNER and owners <= 1:
        raise LastOwner("an organization needs at least one owner; transfer ownership first")


def transfer_ownership(
    authority: Authority, current: Membership, successor: Membership, *, now: datetime
) -> None:
    """The successor becomes an owner (of every brand), the current owner an admin."""
    ensure_may_grant(authority, Role.OWNER)
    if current.user_id == successor.user_id:
        raise InvalidValue("you already own this organization", field="user_id")
    successor.change(role=Role.OWNER, brand_scope=None, changed_by=current.user_id, now=now)
    current.change(role=Role.ADMIN, brand_scope=None, changed_by=current.user_id, now=now)
    current.events.append(
        OwnershipTransferred.of(
            OwnershipMove(from_=current.user_id, to=successor.user_id),
            aggregate_id=current.organization_id,
            organization_id=current.organization_id,
            occurred_at=now,
        )
    )
