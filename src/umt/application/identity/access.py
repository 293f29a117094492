"""Shared steps of member management: reading a role and a brand scope from a command, and
ending a member's sign-ins so new claims take effect."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from umt.application.principal import Principal
from umt.domain.identity.members import Authority
from umt.domain.identity.model import BrandScope
from umt.domain.identity.permissions import Permission, Role
from umt.domain.shared.errors import AuthenticationFailed, InvalidValue
from umt.domain.shared.ids import BrandId, UserId
from umt.ports.unit_of_work import UnitOfWork

MAX_SCOPED_BRANDS = 500


def parse_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise InvalidValue(f"{value!r} is not one of: {allowed}", field="role") from None


async def parse_brand_scope(
    uow: UnitOfWork, actor: Principal, brand_ids: Iterable[UUID | str] | None
) -> BrandScope:
    """None (every brand) or a set of the organization's brand ids; an unknown or another
    tenant's id is refused like a typo, naming nothing about other tenants."""
    if brand_ids is None:
        return None
    scope: set[BrandId] = set()
    for value in brand_ids:
        try:
            scope.add(BrandId(value if isinstance(value, UUID) else UUID(str(value))))
        except ValueError:
            raise InvalidValue(f"{value!r} is not a brand id", field="brand_ids") from None
    if len(scope) > MAX_SCOPED_BRANDS:
        raise InvalidValue(f"at most {MAX_SCOPED_BRANDS} brands", field="brand_ids")
    for brand_id in sorted(scope):
        if await uow.brands.get(actor.organization_id, brand_id) is None:
            raise InvalidValue(f"brand {brand_id} not found", field="brand_ids")
    return frozenset(scope)


async def end_sign_ins(uow: UnitOfWork, user_id: UserId, now: datetime) -> set[str]:
    """Revoke the member's refresh-token families: their next sign-in carries the new role or
    scope (or fails). Returns the families, which the caller hands to SessionRevocations after
    its commit, so the access tokens already out stop at once too."""
    families = {t.family_id for t in await uow.refresh_tokens.live_for_user(user_id, now)}
    await uow.refresh_tokens.revoke_all_for_user(user_id, now)
    return families


async def acting_authority(uow: UnitOfWork, actor: Principal, permission: Permission) -> Authority:
    """The actor's authority over members: their role as stored now, holding ``permission``.

    The token's role may be minutes old; changing who may do what must not trust it (a
    demoted admin could otherwise undo the demotion with the token they still hold). For an
    API key the role is its creator's, and the key is marked as one: a key never acts with
    an owner's powers over the owner role.
    """
    current = await uow.memberships.get(actor.organization_id, actor.user_id)
    if current is None:
        raise AuthenticationFailed("the membership behind this token no longer exists")
    Principal.for_member(actor.user_id, actor.organization_id, current.role).require(permission)
    return Authority(role=current.role, by_api_key=actor.api_key_id is not None)
