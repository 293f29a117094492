"""Read models of the identity context handed to callers outside the application (the
library): memberships, invitations, API keys and "me". Password, token and key hashes are
left out. See ``umt.application.read_models`` for what a view guarantees."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from uuid import UUID

from umt.application.identity.create_api_key import CreatedApiKey
from umt.application.identity.get_me import Me
from umt.application.identity.invite_member import InvitationSentResult
from umt.application.read_models import snapshot
from umt.domain.identity.api_key import ApiKey
from umt.domain.identity.invitation import Invitation
from umt.domain.identity.model import BrandScope, Membership, Organization, User
from umt.domain.identity.permissions import Permission, Role
from umt.domain.shared.ids import ApiKeyId, OrganizationId, UserId
from umt.domain.shared.values import Email, Slug


@dataclass(frozen=True, slots=True, kw_only=True)
class MembershipView:
    """A user's role (and brands: None for every brand) in an organization."""

    organization_id: OrganizationId
    user_id: UserId
    role: Role
    created_at: datetime
    brand_scope: BrandScope

    @classmethod
    def from_aggregate(cls, membership: Membership) -> MembershipView:
        return snapshot(cls, membership)


@dataclass(frozen=True, slots=True, kw_only=True)
class InvitationView:
    """An invitation to join an organization (its token is only ever in the mail)."""

    id: UUID
    organization_id: OrganizationId
    email: Email
    role: Role
    brand_scope: BrandScope
    invited_by: UserId
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    accepted_by: UserId | None
    revoked_at: datetime | None

    @classmethod
    def from_aggregate(cls, invitation: Invitation) -> InvitationView:
        return snapshot(cls, invitation)


@dataclass(frozen=True, slots=True, kw_only=True)
class InvitationSentView:
    invitation: InvitationView
    mail_sent: bool  # False: stored, but the mail could not be handed over (re-invite later)

    @classmethod
    def from_result(cls, result: InvitationSentResult) -> InvitationSentView:
        return cls(
            invitation=InvitationView.from_aggregate(result.invitation),
            mail_sent=result.mail_sent,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiKeyView:
    """An API key as listed: ``public_id`` names it, its secret is never kept."""

    id: ApiKeyId
    organization_id: OrganizationId
    created_by: UserId
    name: str
    public_id: str
    scopes: frozenset[Permission]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    parent_id: ApiKeyId | None

    @classmethod
    def from_aggregate(cls, key: ApiKey) -> ApiKeyView:
        return snapshot(cls, key)


@dataclass(frozen=True, slots=True, kw_only=True)
class CreatedApiKeyView:
    """A new key and its full text (``token``), available this once only."""

    key: ApiKeyView
    token: str = field(repr=False)  # never in a log line or a traceback

    @classmethod
    def from_result(cls, result: CreatedApiKey) -> CreatedApiKeyView:
        return cls(key=ApiKeyView.from_aggregate(result.key), token=result.token)


@dataclass(frozen=True, slots=True, kw_only=True)
class UserView:
    id: UserId
    email: Email
    display_name: str
    is_active: bool
    created_at: datetime

    @classmethod
    def from_aggregate(cls, user: User) -> UserView:
        return snapshot(cls, user)


@dataclass(frozen=True, slots=True, kw_only=True)
class OrganizationView:
    id: OrganizationId
    name: str
    slug: Slug
    created_at: datetime

    @classmethod
    def from_aggregate(cls, organization: Organization) -> OrganizationView:
        return snapshot(cls, organization)


@dataclass(frozen=True, slots=True, kw_only=True)
class MeView:
    """The caller: their user, the organization of the session and every membership."""

    user: UserView
    organization: OrganizationView
    membership: MembershipView
    memberships: tuple[MembershipView, ...]
    organization_names: Mapping[OrganizationId, str]  # each membership's organization by name

    @classmethod
    def from_result(cls, me: Me) -> MeView:
        return cls(
            user=UserView.from_aggregate(me.user),
            organization=OrganizationView.from_aggregate(me.organization),
            membership=MembershipView.from_aggregate(me.membership),
            memberships=tuple(MembershipView.from_aggregate(m) for m in me.memberships),
            organization_names=MappingProxyType(dict(me.organization_names)),
        )
