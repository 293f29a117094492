"""Registration, login and refresh-token rotation through the bus."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.unit.application.helpers import PASSWORD, add_member

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.system.clock import FixedClock
from umt.application.bus import MessageBus
from umt.application.identity.get_me import GetMe, Me
from umt.application.identity.issue_token import IssueToken
from umt.application.identity.refresh_access_token import RefreshAccessToken
from umt.application.identity.register import Register, RegistrationReceived
from umt.application.identity.tokens import TokenPair
from umt.application.principal import Principal
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import AuthenticationFailed, InvalidValue


async def test_register_creates_org_user_and_owner_membership(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    assert owner.role is Role.OWNER
    assert len(store.organizations) == 1
    user = store.users[owner.user_id]
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert {m.event_type for m in store.outbox} == {
        "identity.organization_created",
        "identity.user_registered",
        "identity.member_added",
    }


async def test_email_is_unique_case_insensitively(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    again: RegistrationReceived = await bus.execute(
        Register(email="OWNER@ACME.example", password=PASSWORD, organization_name="Again")
    )
    assert again.account is None
    assert len(store.users) == 1


async def test_short_password_is_refused(bus: MessageBus, store: InMemoryStore) -> None:
    with pytest.raises(InvalidValue):
        await bus.execute(Register(email="a@b.example", password="short", organization_name="X"))
    assert not store.users


async def test_token_issued_for_right_password_only(bus: MessageBus, owner: Principal) -> None:
    pair: TokenPair = await bus.execute(IssueToken(email="owner@acme.example", password=PASSWORD))
    claims = bus.services.access_tokens.verify(pair.access_token)
    assert claims.user_id == owner.user_id
    assert claims.organization_id == owner.organization_id
    assert pair.expires_in == 15 * 60
    with pytest.raises(AuthenticationFailed) as wrong:
        await bus.execute(IssueToken(email="owner@acme.example", password=PASSWORD + "x"))
    with pytest.raises(AuthenticationFailed) as unknown:
        await bus.execute(IssueToken(email="nobody@acme.example", password=PASSWORD))
    assert wrong.value.message == unknown.value.message  # no hint which emails exist


async def test_refresh_rotates_and_spends_the_old_token(bus: MessageBus, owner: Principal) -> None:
    first: TokenPair = await bus.execute(IssueToken(email="owner@acme.example", password=PASSWORD))
    second: TokenPair = await bus.execute(RefreshAccessToken(refresh_token=first.refresh_token))
    assert second.refresh_token != first.refresh_token
    third: TokenPair = await bus.execute(RefreshAccessToken(refresh_token=second.refresh_token))
    assert third.refresh_token not in (first.refresh_token, second.refresh_token)


async def test_a_reused_refresh_token_revokes_its_whole_family(
    bus: MessageBus, owner: Principal
) -> None:
    """A spent token presented again was copied: the thief and the victim both lose the
    sessions of that sign-in; other sign-ins go on."""
    first: TokenPair = await bus.execute(IssueToken(email="owner@acme.example", password=PASSWORD))
    other: TokenPair = await bus.execute(IssueToken(email="owner@acme.example", password=PASSWORD))
    second: TokenPair = await bus.execute(RefreshAccessToken(refresh_token=first.refresh_token))
    with pytest.raises(AuthenticationFailed):
        await bus.execute(RefreshAccessToken(refresh_token=first.refresh_token))  # the reuse
    with pytest.raises(AuthenticationFailed):  # its successor is revoked with it
        await bus.execute(RefreshAccessToken(refresh_token=second.refresh_token))
    await bus.execute(RefreshAccessToken(refresh_token=other.refresh_token))  # another sign-in


async def test_expired_refresh_token_is_refused(
    bus: MessageBus, owner: Principal, clock: FixedClock
) -> None:
    pair: TokenPair = await bus.execute(IssueToken(email="owner@acme.example", password=PASSWORD))
    clock.advance(timedelta(days=31))
    with pytest.raises(AuthenticationFailed):
        await bus.execute(RefreshAccessToken(refresh_token=pair.refresh_token))


async def test_refresh_tokens_are_stored_hashed(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    pair: TokenPair = await bus.execute(IssueToken(email="owner@acme.example", password=PASSWORD))
    assert pair.refresh_token not in store.refresh_tokens
    assert all(len(h) == 64 for h in store.refresh_tokens)


async def test_me_lists_memberships(bus: MessageBus, owner: Principal) -> None:
    me: Me = await bus.execute(GetMe(), owner)
    assert me.user.email.value == "owner@acme.example"
    assert [m.organization_id for m in me.memberships] == [owner.organization_id]


async def test_anonymous_me_is_refused(bus: MessageBus) -> None:
    with pytest.raises(AuthenticationFailed):
        await bus.execute(GetMe())


async def test_token_for_a_chosen_organization(bus: MessageBus, owner: Principal) -> None:
    viewer = await add_member(bus, owner, "viewer@acme.example", Role.VIEWER)
    pair: TokenPair = await bus.execute(
        IssueToken(
            email="viewer@acme.example", password=PASSWORD, organization_id=owner.organization_id
        )
    )
    assert bus.services.access_tokens.verify(pair.access_token).role is Role.VIEWER
    assert viewer.organization_id == owner.organization_id
