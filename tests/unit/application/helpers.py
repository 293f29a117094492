"""Helpers shared by the handler tests."""

from __future__ import annotations

from umt.application.bus import MessageBus
from umt.application.identity.create_user import CreateUser
from umt.application.principal import Principal
from umt.domain.identity.permissions import Role

PASSWORD = "correct horse battery staple"


async def add_member(bus: MessageBus, owner: Principal, email: str, role: Role) -> Principal:
    membership = await bus.execute(
        CreateUser(email=email, password=PASSWORD, role=role, organization_id=owner.organization_id)
    )
    return Principal.for_member(membership.user_id, membership.organization_id, role)
