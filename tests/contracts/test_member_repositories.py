"""Contracts of member management storage (memberships by organization, role and brand scope;
invitations), run against memory, SQLite and PostgreSQL (see conftest.uow_factory)."""

from __future__ import annotations

from datetime import timedelta

from tests.contracts.builders import T0, new_id, organization, store, user
from tests.contracts.conftest import UowFactory

from umt.domain.identity.invitation import Invitation
from umt.domain.identity.model import Membership, Organization, User
from umt.domain.identity.permissions import Role
from umt.domain.shared.ids import BrandId, UserId
from umt.domain.shared.values import Email

LATER = T0 + timedelta(days=3)


async def members(factory: UowFactory, org: Organization, *grants: tuple[User, Role]) -> None:
    async with factory() as uow:
        for n, (member, role) in enumerate(grants):
            await uow.users.add(member)
            await uow.memberships.add(
                Membership.grant(
                    organization_id=org.id,
                    user_id=member.id,
                    role=role,
                    now=T0 + timedelta(seconds=n),
                )
            )
        await uow.commit()


def invitation(org: Organization, email: str = "Ivy@Example.com", **fields: object) -> Invitation:
    values: dict[str, object] = {
        "id": new_id(),
        "organization_id": org.id,
        "email": Email(email),
        "role": Role.BRAND_MANAGER,
        "brand_scope": frozenset({BrandId(new_id()), BrandId(new_id())}),
        "token_hash": new_id().hex * 2,
        "invited_by": UserId(new_id()),
        "now": T0,
        "expires_at": T0 + timedelta(days=7),
    }
    values.update(fields)
    return Invitation.send(**values)  # type: ignore[arg-type]  # test data by keyword


class TestMemberships:
    async def test_by_organization_with_roles_and_scopes(self, uow_factory: UowFactory) -> None:
        acme, globex = organization("Acme"), organization("Globex")
        await store(uow_factory(), acme, globex)
        a, b, c = user("a@x.example"), user("b@x.example"), user("c@x.example")
        await members(uow_factory, acme, (a, Role.OWNER), (b, Role.VIEWER))
        await members(uow_factory, globex, (c, Role.OWNER))
        scope = frozenset({BrandId(new_id()), BrandId(new_id())})

        async with uow_factory() as uow:
            member = await uow.memberships.get(acme.id, b.id)
            assert member is not None
            member.change(role=Role.ANALYST, brand_scope=scope, changed_by=a.id, now=LATER)
            await uow.memberships.save(member)
            await uow.commit()

        async with uow_factory() as uow:
            listed = await uow.memberships.for_organization(acme.id)
            assert [(m.user_id, m.role) for m in listed] == [
                (a.id, Role.OWNER),
                (b.id, Role.ANALYST),
            ]
            assert listed[0].brand_scope is None
            assert listed[1].brand_scope == scope
            assert await uow.memberships.count_with_role(acme.id, Role.OWNER) == 1
            assert await uow.memberships.count_with_role(globex.id, Role.OWNER) == 1
            assert await uow.memberships.count_with_role(acme.id, Role.ADMIN) == 0
            assert {u.id for u in await uow.users.get_many([a.id, c.id, UserId(new_id())])} == {
                a.id,
                c.id,
            }
            assert await uow.users.get_many([]) == []

    async def test_an_empty_scope_is_not_every_brand(self, uow_factory: UowFactory) -> None:
        acme = organization()
        await store(uow_factory(), acme)
        a = user()
        await members(uow_factory, acme, (a, Role.VIEWER))
        async with uow_factory() as uow:
            member = await uow.memberships.get(acme.id, a.id)
            assert member is not None
            member.change(role=Role.VIEWER, brand_scope=frozenset(), changed_by=a.id, now=LATER)
            await uow.memberships.save(member)
            await uow.commit()
        async with uow_factory() as uow:
            stored = await uow.memberships.get(acme.id, a.id)
        assert stored is not None
        assert stored.brand_scope == frozenset()

    async def test_remove_deletes_and_records_the_event(self, uow_factory: UowFactory) -> None:
        acme = organization()
        await store(uow_factory(), acme)
        a, b = user("a@x.example"), user("b@x.example")
        await members(uow_factory, acme, (a, Role.OWNER), (b, Role.VIEWER))
        uow = uow_factory()
        async with uow:
            member = await uow.memberships.get(acme.id, b.id)
            assert member is not None
            member.remove(removed_by=a.id, now=LATER)
            await uow.memberships.remove(member)
            await uow.commit()
        assert [e.event_type for e in uow.collect_events()] == ["identity.member_removed"]
        async with uow_factory() as uow:
            assert await uow.memberships.get(acme.id, b.id) is None
            assert [m.user_id for m in await uow.memberships.for_organization(acme.id)] == [a.id]
            assert await uow.users.get(b.id) is not None  # the account stays

    async def test_a_change_rolled_back_is_not_kept(self, uow_factory: UowFactory) -> None:
        acme = organization()
        await store(uow_factory(), acme)
        a = user()
        await members(uow_factory, acme, (a, Role.VIEWER))
        async with uow_factory() as uow:
            member = await uow.memberships.get(acme.id, a.id)
            assert member is not None
            member.change(role=Role.ADMIN, brand_scope=None, changed_by=a.id, now=LATER)
            await uow.memberships.save(member)
        async with uow_factory() as uow:
            stored = await uow.memberships.get(acme.id, a.id)
        assert stored is not None
        assert stored.role is Role.VIEWER


class TestInvitations:
    async def test_round_trip_by_id_and_token(self, uow_factory: UowFactory) -> None:
        acme, globex = organization("Acme"), organization("Globex")
        await store(uow_factory(), acme, globex)
        sent = invitation(acme)
        uow = uow_factory()
        async with uow:
            await uow.invitations.add(sent)
            await uow.commit()
        assert [e.event_type for e in uow.collect_events()] == ["identity.invitation_sent"]

        async with uow_factory() as uow:
            loaded = await uow.invitations.get(acme.id, sent.id)
            assert await uow.invitations.get(globex.id, sent.id) is None
            assert await uow.invitations.get_by_token_hash(sent.token_hash) == loaded
            assert await uow.invitations.get_by_token_hash("0" * 64) is None
        assert loaded == sent
        assert loaded is not None
        assert loaded.events == []

    async def test_pending_by_email_and_organization(self, uow_factory: UowFactory) -> None:
        acme, globex = organization("Acme"), organization("Globex")
        await store(uow_factory(), acme, globex)
        ivy = invitation(acme, "ivy@example.com")
        old = invitation(acme, "old@example.com", now=T0 - timedelta(days=8), expires_at=T0)
        theirs = invitation(globex, "ivy@example.com")
        newer = invitation(acme, "zed@example.com", now=T0 + timedelta(seconds=1))
        async with uow_factory() as uow:
            for item in (ivy, old, theirs, newer):
                await uow.invitations.add(item)
            await uow.commit()

        async with uow_factory() as uow:
            pending = await uow.invitations.pending(acme.id, T0 + timedelta(seconds=2))
            assert [i.id for i in pending] == [newer.id, ivy.id]  # newest first, expired out
            found = await uow.invitations.pending_for_email(acme.id, Email("IVY@example.com"), T0)
            assert found is not None
            assert found.id == ivy.id
            assert (
                await uow.invitations.pending_for_email(acme.id, Email("old@example.com"), T0)
                is None
            )

    async def test_accepted_and_revoked_are_no_longer_pending(
        self, uow_factory: UowFactory
    ) -> None:
        acme = organization()
        await store(uow_factory(), acme)
        first, second = invitation(acme, "a@example.com"), invitation(acme, "b@example.com")
        async with uow_factory() as uow:
            await uow.invitations.add(first)
            await uow.invitations.add(second)
            await uow.commit()
        joined = UserId(new_id())
        async with uow_factory() as uow:
            a = await uow.invitations.get(acme.id, first.id)
            b = await uow.invitations.get(acme.id, second.id)
            assert a is not None
            assert b is not None
            a.accept(user_id=joined, now=LATER)
            b.revoke(revoked_by=joined, now=LATER)
            await uow.invitations.save(a)
            await uow.invitations.save(b)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.invitations.pending(acme.id, LATER) == []
            stored = await uow.invitations.get(acme.id, first.id)
        assert stored is not None
        assert (stored.accepted_at, stored.accepted_by) == (LATER, joined)

    async def test_renewing_replaces_the_token(self, uow_factory: UowFactory) -> None:
        acme = organization()
        await store(uow_factory(), acme)
        sent = invitation(acme)
        async with uow_factory() as uow:
            await uow.invitations.add(sent)
            await uow.commit()
        async with uow_factory() as uow:
            loaded = await uow.invitations.get(acme.id, sent.id)
            assert loaded is not None
            loaded.renew(
                role=Role.VIEWER,
                brand_scope=None,
                token_hash="f" * 64,
                invited_by=sent.invited_by,
                now=LATER,
                expires_at=LATER + timedelta(days=7),
            )
            await uow.invitations.save(loaded)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.invitations.get_by_token_hash(sent.token_hash) is None
            renewed = await uow.invitations.get_by_token_hash("f" * 64)
        assert renewed is not None
        assert (renewed.role, renewed.brand_scope, renewed.created_at) == (
            Role.VIEWER,
            None,
            LATER,
        )
