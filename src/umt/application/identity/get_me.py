"""GetMe: the calling user, the organization of the token, and all their memberships."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from umt.application.agents.names import Agent
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.model import Membership, Organization, User
from umt.domain.shared.errors import AuthenticationFailed
from umt.domain.shared.ids import OrganizationId


@dataclass(frozen=True, slots=True)
class GetMe:
    use_case: ClassVar = UseCase(None, task="identity.get_me", agent=Agent.AUTH_INTEGRATION)
    pass


@dataclass(frozen=True, slots=True)
class Me:
    user: User
    organization: Organization
    membership: Membership
    memberships: list[Membership]
    # each membership's organization by name, for a switcher that shows names, not ids
    organization_names: dict[OrganizationId, str] = field(default_factory=dict)


async def get_me(query: GetMe, ctx: Context) -> Me:
    actor = ctx.actor()
    actor.require_user()  # an API key has no "me": it is not a member
    async with ctx.uow as uow:
        user = await uow.users.get(actor.user_id)
        organization = await uow.organizations.get(actor.organization_id)
        membership = await uow.memberships.get(actor.organization_id, actor.user_id)
        if user is None or organization is None or membership is None:
            raise AuthenticationFailed("the account behind this token no longer exists")
        memberships = await uow.memberships.for_user(actor.user_id)
        names = {organization.id: organization.name}
        for other in memberships:
            if other.organization_id not in names:
                found = await uow.organizations.get(other.organization_id)
                if found is not None:
                    names[found.id] = found.name
    return Me(
        user=user,
        organization=organization,
        membership=membership,
        memberships=memberships,
        organization_names=names,
    )
