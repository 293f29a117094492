"""The owner rules, brand scopes and invitations, on the domain objects alone."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from umt.domain.identity.errors import (
    BrandScopeNotAllowed,
    InvitationInvalid,
    LastOwner,
    OwnerRoleReserved,
    ReauthenticationRequired,
)
from umt.domain.identity.invitation import Invitation
from umt.domain.identity.members import (
    Authority,
    ensure_keeps_an_owner,
    ensure_may_grant,
    ensure_may_manage,
    transfer_ownership,
)
from umt.domain.identity.model import Membership
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import BrandId, OrganizationId, UserId
from umt.domain.shared.values import Email

NOW = datetime(2026, 3, 1, tzinfo=UTC)
ORG = OrganizationId(uuid.uuid4())


def member(role: Role, scope: frozenset[BrandId] | None = None) -> Membership:
    granted = Membership.grant(
        organization_id=ORG, user_id=UserId(uuid.uuid4()), role=role, now=NOW, brand_scope=scope
    )
    granted.events.clear()
    return granted


OWNER_IN_PERSON = Authority(role=Role.OWNER, reauthenticated=True)


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.OWNER])
def test_only_owners_grant_or_touch_the_owner_role(role: Role) -> None:
    actor = Authority(role=role, reauthenticated=True)
    with pytest.raises(OwnerRoleReserved):
        ensure_may_grant(actor, Role.OWNER)
    with pytest.raises(OwnerRoleReserved):
        ensure_may_manage(actor, member(Role.OWNER), None)
    with pytest.raises(OwnerRoleReserved):
        ensure_may_manage(actor, member(Role.VIEWER), Role.OWNER)
    ensure_may_manage(actor, member(Role.ADMIN), Role.VIEWER)  # the permission decides this


def test_owners_in_person_manage_owners() -> None:
    ensure_may_grant(OWNER_IN_PERSON, Role.OWNER)
    ensure_may_manage(OWNER_IN_PERSON, member(Role.OWNER), Role.ADMIN)
    # taking the role away or keeping it needs no password; giving it does
    without_password = Authority(role=Role.OWNER)
    ensure_may_manage(without_password, member(Role.OWNER), Role.ADMIN)
    ensure_may_manage(without_password, member(Role.OWNER), Role.OWNER)
    with pytest.raises(ReauthenticationRequired) as refused:
        ensure_may_manage(without_password, member(Role.ADMIN), Role.OWNER)
    assert refused.value.field == "password"


@pytest.mark.parametrize("role", list(Role))
def test_a_key_never_grants_changes_or_removes_the_owner_role(role: Role) -> None:
    key = Authority(role=role, by_api_key=True, reauthenticated=True)
    with pytest.raises(OwnerRoleReserved, match="API key"):
        ensure_may_grant(key, Role.OWNER)
    with pytest.raises(OwnerRoleReserved, match="API key"):
        ensure_may_manage(key, member(Role.OWNER), None)
    with pytest.raises(OwnerRoleReserved, match="API key"):
        ensure_may_manage(key, member(Role.OWNER), Role.OWNER)  # a brand scope change
    with pytest.raises(OwnerRoleReserved, match="API key"):
        transfer_ownership(key, member(Role.OWNER), member(Role.ADMIN), now=NOW)
    ensure_may_manage(key, member(Role.ADMIN), Role.VIEWER)


def test_the_last_owner_stays() -> None:
    owner = member(Role.OWNER)
    for new_role in (None, Role.ADMIN, Role.VIEWER):
        with pytest.raises(LastOwner):
            ensure_keeps_an_owner(1, owner, new_role)
        ensure_keeps_an_owner(2, owner, new_role)
    ensure_keeps_an_owner(1, owner, Role.OWNER)
    ensure_keeps_an_owner(1, member(Role.ADMIN), None)


def test_changes_record_one_event_each_and_owners_lose_their_scope() -> None:
    brand = BrandId(uuid.uuid4())
    m = member(Role.VIEWER, frozenset({brand}))
    by = UserId(uuid.uuid4())
    assert not m.change(role=Role.VIEWER, brand_scope=frozenset({brand}), changed_by=by, now=NOW)
    assert m.events == []
    assert m.change(role=Role.ADMIN, brand_scope=frozenset({brand}), changed_by=by, now=NOW)
    assert [e.event_type for e in m.events] == [
        "identity.member_role_changed",
        "identity.member_scope_changed",
    ]
    assert m.brand_scope is None
    with pytest.raises(BrandScopeNotAllowed):
        m.change(role=Role.ADMIN, brand_scope=frozenset(), changed_by=by, now=NOW)
    with pytest.raises(BrandScopeNotAllowed):
        member(Role.OWNER, frozenset())


def test_transfer_swaps_owner_and_admin() -> None:
    current, heir = member(Role.OWNER), member(Role.ANALYST, frozenset())
    with pytest.raises(ReauthenticationRequired):
        transfer_ownership(Authority(role=Role.OWNER), current, heir, now=NOW)
    assert current.role is Role.OWNER
    transfer_ownership(OWNER_IN_PERSON, current, heir, now=NOW)
    assert (current.role, heir.role, heir.brand_scope) == (Role.ADMIN, Role.OWNER, None)
    assert "identity.ownership_transferred" in [e.event_type for e in current.events]
    with pytest.raises(InvalidValue):
        transfer_ownership(OWNER_IN_PERSON, heir, heir, now=NOW)


def invitation() -> Invitation:
    return Invitation.send(
        id=uuid.uuid4(),
        organization_id=ORG,
        email=Email("ivy@example.com"),
        role=Role.VIEWER,
        brand_scope=None,
        token_hash="a" * 64,
        invited_by=UserId(uuid.uuid4()),
        now=NOW,
        expires_at=NOW + timedelta(days=7),
    )


def test_an_invitation_is_accepted_once_and_not_after_expiry_or_revocation() -> None:
    accepted, expired, revoked = invitation(), invitation(), invitation()
    joined = UserId(uuid.uuid4())
    accepted.accept(user_id=joined, now=NOW)
    with pytest.raises(InvitationInvalid):
        accepted.accept(user_id=joined, now=NOW)
    with pytest.raises(InvitationInvalid):
        expired.accept(user_id=joined, now=NOW + timedelta(days=7))
    revoked.revoke(revoked_by=joined, now=NOW)
    with pytest.raises(InvitationInvalid):
        revoked.accept(user_id=joined, now=NOW)
    with pytest.raises(InvitationInvalid):
        revoked.revoke(revoked_by=joined, now=NOW)
    assert [e.event_type for e in accepted.events] == [
        "identity.invitation_sent",
        "identity.invitation_accepted",
    ]
    assert all("token" not in str(e.data) for e in accepted.events)
