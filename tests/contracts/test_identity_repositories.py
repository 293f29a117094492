"""Contracts of the identity repositories (organizations, users, memberships, refresh tokens),
run against every adapter (see conftest.uow_factory)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from tests.contracts.builders import T0, membership, organization, store, user
from tests.contracts.conftest import UowFactory

from umt.domain.identity.model import Membership, RefreshToken, User
from umt.domain.shared.errors import AuthenticationFailed, Conflict
from umt.domain.shared.ids import OrganizationId, UserId
from umt.domain.shared.values import Email


async def add_user(factory: UowFactory, member: User) -> None:
    async with factory() as uow:
        await uow.users.add(member)
        await uow.commit()


async def add_membership(factory: UowFactory, granted: Membership) -> None:
    async with factory() as uow:
        await uow.memberships.add(granted)
        await uow.commit()


def refresh_token(member: User, org_id: OrganizationId) -> RefreshToken:
    return RefreshToken(
        token_hash="b" * 64,
        user_id=member.id,
        organization_id=org_id,
        family_id="family-1",
        issued_at=T0,
        expires_at=T0 + timedelta(days=30),
    )


class TestOrganizationRepository:
    async def test_round_trip(self, uow_factory: UowFactory) -> None:
        org = organization("Acme Corp")
        await store(uow_factory(), org)

        async with uow_factory() as uow:
            loaded = await uow.organizations.get(org.id)
            assert await uow.organizations.get(OrganizationId(user().id)) is None

        assert loaded == org
        assert loaded is not None
        assert loaded.slug.value == "acme-corp"
        assert loaded.events == []

    async def test_two_organizations_may_share_a_name(self, uow_factory: UowFactory) -> None:
        first, second = organization("Acme"), organization("Acme")
        await store(uow_factory(), first, second)

        async with uow_factory() as uow:
            assert await uow.organizations.get(first.id) == first
            assert await uow.organizations.get(second.id) == second


class TestUserRepository:
    async def test_round_trip(self, uow_factory: UowFactory) -> None:
        member = user("Ada.Lovelace@Example.com")
        await add_user(uow_factory, member)

        async with uow_factory() as uow:
            loaded = await uow.users.get(member.id)
            assert await uow.users.get(UserId(organization().id)) is None

        assert loaded == member
        assert loaded is not None
        assert loaded.email.value == "Ada.Lovelace@example.com"  # original case kept
        assert loaded.events == []

    @pytest.mark.parametrize(
        "spelling", ["Ada.Lovelace@example.com", "ada.lovelace@EXAMPLE.COM", "ADA.LOVELACE@x.io"]
    )
    async def test_lookup_by_email_ignores_case(
        self, uow_factory: UowFactory, spelling: str
    ) -> None:
        member = user("Ada.Lovelace@Example.com")
        await add_user(uow_factory, member)

        async with uow_factory() as uow:
            found = await uow.users.get_by_email(Email(spelling))

        if spelling.endswith("x.io"):
            assert found is None
        else:
            assert found is not None
            assert found.id == member.id

    async def test_an_email_in_another_case_is_a_duplicate(self, uow_factory: UowFactory) -> None:
        await add_user(uow_factory, user("ada@example.com"))

        with pytest.raises(Conflict):
            await add_user(uow_factory, user("ADA@example.com"))

    async def test_save_persists_changes(self, uow_factory: UowFactory) -> None:
        member = user()
        await add_user(uow_factory, member)

        async with uow_factory() as uow:
            loaded = await uow.users.get(member.id)
            assert loaded is not None
            loaded.display_name = "Countess"
            loaded.is_active = False
            loaded.password_hash = "$argon2id$new"
            await uow.users.save(loaded)
            await uow.commit()

        async with uow_factory() as uow:
            again = await uow.users.get(member.id)
        assert again == loaded


class TestMembershipRepository:
    async def test_get_and_for_user_oldest_first(self, uow_factory: UowFactory) -> None:
        member = user()
        orgs = [organization(f"Org {i}") for i in range(3)]
        await store(uow_factory(), *orgs)
        await add_user(uow_factory, member)
        # Granted out of order; the middle two at the same instant (ordered by org id then).
        times = [T0 + timedelta(days=2), T0, T0]
        for org, granted_at in zip(orgs, times, strict=True):
            await add_membership(uow_factory, membership(org, member, now=granted_at))

        async with uow_factory() as uow:
            listed = await uow.memberships.for_user(member.id)
            single = await uow.memberships.get(orgs[0].id, member.id)
            assert await uow.memberships.get(orgs[0].id, UserId(orgs[1].id)) is None
            assert await uow.memberships.for_user(UserId(orgs[1].id)) == []

        expected = sorted(
            zip(orgs, times, strict=True), key=lambda pair: (pair[1], str(pair[0].id))
        )
        assert [m.organization_id for m in listed] == [org.id for org, _ in expected]
        assert single is not None
        assert single.role == membership(orgs[0], member).role
        assert single.created_at == times[0]
        assert single.events == []

    async def test_a_second_membership_in_one_organization_is_a_conflict(
        self, uow_factory: UowFactory
    ) -> None:
        org, member = organization(), user()
        await store(uow_factory(), org)
        await add_user(uow_factory, member)
        await add_membership(uow_factory, membership(org, member))

        with pytest.raises(Conflict):
            await add_membership(uow_factory, membership(org, member))


class TestRefreshTokenRepository:
    async def test_a_users_live_tokens_and_revoking_them_all(self, uow_factory: UowFactory) -> None:
        org, member, stranger = organization(), user(), user("other@example.com")
        await store(uow_factory(), org)
        await add_user(uow_factory, member)
        await add_user(uow_factory, stranger)
        base = refresh_token(member, org.id)
        newer = replace(base, token_hash="1" * 64, family_id="f-2", issued_at=T0 + timedelta(1))
        spent = replace(base, token_hash="2" * 64, used_at=T0)
        expired = replace(base, token_hash="3" * 64, expires_at=T0 + timedelta(hours=1))
        theirs = replace(base, token_hash="4" * 64, user_id=stranger.id, family_id="f-3")
        async with uow_factory() as uow:
            for token in (base, newer, spent, expired, theirs):
                await uow.refresh_tokens.add(token)
            await uow.commit()
        now = T0 + timedelta(hours=2)
        async with uow_factory() as uow:
            live = await uow.refresh_tokens.live_for_user(member.id, now)
        assert [t.token_hash for t in live] == [newer.token_hash, base.token_hash]
        async with uow_factory() as uow:
            assert await uow.refresh_tokens.revoke_all_for_user(member.id, now) == 4
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.refresh_tokens.live_for_user(member.id, now) == []
            assert [
                t.token_hash for t in await uow.refresh_tokens.live_for_user(stranger.id, now)
            ] == [theirs.token_hash]

    async def test_revoking_a_family_revokes_its_live_tokens_only(
        self, uow_factory: UowFactory
    ) -> None:
        org, member = organization(), user()
        await store(uow_factory(), org)
        await add_user(uow_factory, member)
        base = refresh_token(member, org.id)
        family = [replace(base, token_hash=c * 64) for c in "def"]
        stranger = replace(base, token_hash="9" * 64, family_id="family-2")
        family[0].revoked_at = T0  # revoked before: not counted, not changed
        async with uow_factory() as uow:
            for token in [*family, stranger]:
                await uow.refresh_tokens.add(token)
            await uow.commit()
        later = T0 + timedelta(hours=1)
        async with uow_factory() as uow:
            assert await uow.refresh_tokens.revoke_family("family-1", later) == 2
            await uow.commit()
        async with uow_factory() as uow:
            loaded = [await uow.refresh_tokens.get(t.token_hash) for t in [*family, stranger]]
        assert [t.revoked_at if t else "missing" for t in loaded] == [T0, later, later, None]

    async def test_a_family_is_revoked_once_any_of_its_tokens_is(
        self, uow_factory: UowFactory
    ) -> None:
        org, member = organization(), user()
        await store(uow_factory(), org)
        await add_user(uow_factory, member)
        base = refresh_token(member, org.id)
        spent = replace(base, token_hash="5" * 64, used_at=T0)  # refreshed: still a live family
        other = replace(base, token_hash="6" * 64, family_id="family-2")
        async with uow_factory() as uow:
            for token in (base, spent, other):
                await uow.refresh_tokens.add(token)
            await uow.commit()
        async with uow_factory() as uow:
            assert not await uow.refresh_tokens.family_revoked("family-1")
            assert not await uow.refresh_tokens.family_revoked("no-such-family")
            await uow.refresh_tokens.revoke_family("family-1", T0 + timedelta(hours=1))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.refresh_tokens.family_revoked("family-1")
            assert not await uow.refresh_tokens.family_revoked("family-2")

    async def test_round_trip_and_redemption(self, uow_factory: UowFactory) -> None:
        org, member = organization(), user()
        await store(uow_factory(), org)
        await add_user(uow_factory, member)
        token = refresh_token(member, org.id)
        async with uow_factory() as uow:
            await uow.refresh_tokens.add(token)
            await uow.commit()

        async with uow_factory() as uow:
            loaded = await uow.refresh_tokens.get(token.token_hash)
            assert loaded == token
            assert loaded is not None
            loaded.redeem(T0 + timedelta(hours=1))
            await uow.refresh_tokens.save(loaded)
            await uow.commit()

        async with uow_factory() as uow:
            spent = await uow.refresh_tokens.get(token.token_hash)
            assert await uow.refresh_tokens.get("c" * 64) is None
        assert spent is not None
        assert spent.used_at == T0 + timedelta(hours=1)
        with pytest.raises(AuthenticationFailed):
            spent.redeem(T0 + timedelta(hours=2))

    async def test_revocation_persists(self, uow_factory: UowFactory) -> None:
        org, member = organization(), user()
        await store(uow_factory(), org)
        await add_user(uow_factory, member)
        token = refresh_token(member, org.id)
        async with uow_factory() as uow:
            await uow.refresh_tokens.add(token)
            await uow.commit()

        async with uow_factory() as uow:
            loaded = await uow.refresh_tokens.get(token.token_hash)
            assert loaded is not None
            loaded.revoked_at = T0 + timedelta(minutes=1)
            await uow.refresh_tokens.save(loaded)
            await uow.commit()

        async with uow_factory() as uow:
            again = await uow.refresh_tokens.get(token.token_hash)
        assert again is not None
        assert again.revoked_at == T0 + timedelta(minutes=1)
        assert again.used_at is None


SPENDERS = 20


class TestSpendingARefreshToken:
    """``spend`` decides and marks in one step, so concurrent refreshes cannot both win."""

    async def stored_token(
        self, uow_factory: UowFactory, revoked_at: datetime | None = None
    ) -> RefreshToken:
        org, member = organization(), user()
        await store(uow_factory(), org)
        await add_user(uow_factory, member)
        token = replace(refresh_token(member, org.id), revoked_at=revoked_at)
        async with uow_factory() as uow:
            await uow.refresh_tokens.add(token)
            await uow.commit()
        return token

    async def test_only_a_redeemable_token_is_spent_and_only_once(
        self, uow_factory: UowFactory
    ) -> None:
        token = await self.stored_token(uow_factory)
        now = T0 + timedelta(hours=1)
        async with uow_factory() as uow:
            assert await uow.refresh_tokens.spend(token.token_hash, now)
            assert not await uow.refresh_tokens.spend(token.token_hash, now)  # same transaction
            await uow.commit()
        async with uow_factory() as uow:
            assert not await uow.refresh_tokens.spend(token.token_hash, now)
            assert not await uow.refresh_tokens.spend("e" * 64, now)  # unknown
            spent = await uow.refresh_tokens.get(token.token_hash)
        assert spent is not None
        assert spent.used_at == now

    async def test_revoked_and_expired_tokens_are_not_spent(self, uow_factory: UowFactory) -> None:
        revoked = await self.stored_token(uow_factory, revoked_at=T0)
        async with uow_factory() as uow:
            assert not await uow.refresh_tokens.spend(revoked.token_hash, T0 + timedelta(hours=1))
            assert not await uow.refresh_tokens.spend(revoked.token_hash, T0 + timedelta(days=31))
            unchanged = await uow.refresh_tokens.get(revoked.token_hash)
        assert unchanged is not None
        assert unchanged.used_at is None

    async def test_a_rolled_back_spend_leaves_the_token_redeemable(
        self, uow_factory: UowFactory
    ) -> None:
        token = await self.stored_token(uow_factory)
        async with uow_factory() as uow:
            assert await uow.refresh_tokens.spend(token.token_hash, T0 + timedelta(hours=1))
        async with uow_factory() as uow:
            assert await uow.refresh_tokens.spend(token.token_hash, T0 + timedelta(hours=2))
            await uow.commit()

    @pytest.mark.parametrize("first_commits", [True, False])
    async def test_a_second_spend_waits_for_the_first_transaction(
        self, uow_factory: UowFactory, first_commits: bool
    ) -> None:
        token = await self.stored_token(uow_factory)
        now = T0 + timedelta(hours=1)
        async with uow_factory() as first:
            assert await first.refresh_tokens.spend(token.token_hash, now)

            async def second_spend() -> bool:
                async with uow_factory() as second:
                    spent = await second.refresh_tokens.spend(token.token_hash, now)
                    await second.commit()
                    return spent

            second = asyncio.create_task(second_spend())
            await asyncio.sleep(0.2)
            # it cannot have decided yet: the first transaction may still roll back
            assert not second.done()
            if first_commits:
                await first.commit()
        # committed: the token is spent, the second finds nothing; rolled back: it wins
        assert await second is not first_commits

    async def test_of_twenty_concurrent_spends_exactly_one_wins(
        self, uow_factory: UowFactory
    ) -> None:
        token = await self.stored_token(uow_factory)
        now = T0 + timedelta(hours=1)
        start = asyncio.Event()

        async def spend() -> bool:
            await start.wait()
            async with uow_factory() as uow:
                spent = await uow.refresh_tokens.spend(token.token_hash, now)
                await asyncio.sleep(0)  # let the others reach their spend meanwhile
                await uow.commit()
                return spent

        attempts = [asyncio.create_task(spend()) for _ in range(SPENDERS)]
        start.set()
        assert sorted(await asyncio.gather(*attempts)) == [False] * (SPENDERS - 1) + [True]
