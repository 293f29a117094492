"""The SQL MembershipRepository."""

from __future__ import annotations

from sqlalchemy import delete, insert, select, update

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.identity.mappers import membership_from_row, membership_to_row
from umt.adapters.sql.identity.tables import memberships
from umt.domain.identity.model import Membership
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import Conflict, NotFound
from umt.domain.shared.ids import OrganizationId, UserId
from umt.ports.membership_repository import MembershipRepository


def _already_member() -> Conflict:
    return Conflict("the user is already a member of the organization", field="user_id")


class SqlMembershipRepository(SqlRepository, MembershipRepository):
    """Who belongs to which organization, with which role."""

    async def get(self, organization_id: OrganizationId, user_id: UserId) -> Membership | None:
        result = await self._execute(
            select(memberships).where(
                memberships.c.organization_id == organization_id,
                memberships.c.user_id == user_id,
            )
        )
        row = result.mappings().first()
        return self._tracker.track(membership_from_row(row)) if row is not None else None

    async def for_user(self, user_id: UserId) -> list[Membership]:
        result = await self._execute(
            select(memberships)
            .where(memberships.c.user_id == user_id)
            .order_by(memberships.c.created_at, memberships.c.organization_id)
        )
        return [self._tracker.track(membership_from_row(row)) for row in result.mappings()]

    async def for_organization(self, organization_id: OrganizationId) -> list[Membership]:
        result = await self._execute(
            select(memberships)
            .where(memberships.c.organization_id == organization_id)
            .order_by(memberships.c.created_at, memberships.c.user_id)
        )
        return [self._tracker.track(membership_from_row(row)) for row in result.mappings()]

    async def count_with_role(self, organization_id: OrganizationId, role: Role) -> int:
        # FOR UPDATE (PostgreSQL): two owners demoting each other at once cannot both count
        # two owners; the second waits, re-reads the rows and sees one. (SQLite serializes
        # writers anyway; no aggregate may be locked, so the rows are counted here.)
        result = await self._execute(
            select(memberships.c.user_id)
            .where(
                memberships.c.organization_id == organization_id,
                memberships.c.role == role.value,
            )
            .with_for_update()
        )
        return len(result.all())

    async def save(self, membership: Membership) -> None:
        row = membership_to_row(membership)
        result = await self._execute(
            update(memberships)
            .where(
                memberships.c.organization_id == membership.organization_id,
                memberships.c.user_id == membership.user_id,
            )
            .values(role=row["role"], brand_scope=row["brand_scope"])
        )
        if result.rowcount == 0:
            raise NotFound(f"member {membership.user_id} not found")
        self._tracker.track(membership)

    async def remove(self, membership: Membership) -> None:
        await self._execute(
            delete(memberships).where(
                memberships.c.organization_id == membership.organization_id,
                memberships.c.user_id == membership.user_id,
            )
        )
        self._tracker.track(membership)

    async def add(self, membership: Membership) -> None:
        await self._execute(
            insert(memberships),
            membership_to_row(membership),
            on_unique={"pk_memberships": _already_member},
        )
        self._tracker.track(membership)
