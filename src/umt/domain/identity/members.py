"""Who may change whom: the rules of managing an organization's members.

The owner role is the organization's last word, so it is guarded on every path: only owners
grant, take away or touch it, and the organization never ends up without one.
"""

from __future__ import annotations

from datetime import datetime

from umt.domain.identity.errors import LastOwner, OwnerRoleReserved
from umt.domain.identity.events import OwnershipTransferred
from umt.domain.identity.model import Membership
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import InvalidValue


def ensure_may_grant(actor_role: Role, role: Role) -> None:
    """Only an owner gives the owner role (by invitation or by a role change)."""
    if role is Role.OWNER and actor_role is not Role.OWNER:
        raise OwnerRoleReserved("only an owner can grant the owner role", field="role")


def ensure_may_manage(actor_role: Role, target: Membership, new_role: Role | None) -> None:
    """Admins manage everyone but owners; owners manage everyone."""
    if actor_role is Role.OWNER:
        return
    if target.role is Role.OWNER:
        raise OwnerRoleReserved("only an owner can change or remove an owner")
    if new_role is not None:
        ensure_may_grant(actor_role, new_role)


def ensure_keeps_an_owner(owners: int, target: Membership, new_role: Role | None) -> None:
    """Refuse to remove (``new_role`` None) or demote the organization's last owner."""
    if target.role is Role.OWNER and new_role is not Role.OWNER and owners <= 1:
        raise LastOwner("an organization needs at least one owner; transfer ownership first")


def transfer_ownership(current: Membership, successor: Membership, *, now: datetime) -> None:
    """The successor becomes an owner (of every brand), the current owner an admin."""
    if current.user_id == successor.user_id:
        raise InvalidValue("you already own this organization", field="user_id")
    successor.change(role=Role.OWNER, brand_scope=None, changed_by=current.user_id, now=now)
    current.change(role=Role.ADMIN, brand_scope=None, changed_by=current.user_id, now=now)
    current.events.append(
        OwnershipTransferred(
            aggregate_id=current.organization_id,
            organization_id=current.organization_id,
            occurred_at=now,
            data={"from": str(current.user_id), "to": str(successor.user_id)},
        )
    )
