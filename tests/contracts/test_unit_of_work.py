"""Contract of UnitOfWork (transactions, the outbox, event collection), run against every
adapter (see conftest.uow_factory)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.contracts.builders import T0, membership, organization, simple_brand, store, user
from tests.contracts.conftest import UowFactory

from umt.ports.errors import AlreadyProcessed

# Events leave in occurred_at order; events of different aggregates at the same instant have
# no promised order, so the brands below are created a little later than the organizations.
LATER = T0 + timedelta(seconds=1)


class Boom(Exception):
    pass


class TestUnitOfWork:
    async def test_nothing_is_kept_without_commit(self, uow_factory: UowFactory) -> None:
        org = organization()
        async with uow_factory() as uow:
            await uow.organizations.add(org)
            await uow.brands.add(simple_brand(org, "Rockets"))

        async with uow_factory() as uow:
            assert await uow.organizations.get(org.id) is None
            assert await uow.outbox.pending() == []
        assert uow.collect_events() == []

    async def test_an_exception_rolls_back(self, uow_factory: UowFactory) -> None:
        org = organization()

        async def fail_midway() -> None:
            async with uow_factory() as uow:
                await uow.organizations.add(org)
                raise Boom

        with pytest.raises(Boom):
            await fail_midway()

        async with uow_factory() as uow:
            assert await uow.organizations.get(org.id) is None

    async def test_explicit_rollback_discards_the_work(self, uow_factory: UowFactory) -> None:
        org = organization()
        async with uow_factory() as uow:
            await uow.organizations.add(org)
            await uow.rollback()

        async with uow_factory() as uow:
            assert await uow.organizations.get(org.id) is None

    async def test_commit_writes_every_new_event_to_the_outbox(
        self, uow_factory: UowFactory
    ) -> None:
        org, member = organization(), user()
        brand = simple_brand(org, "Rockets", now=LATER)
        expected = [*org.events, *member.events, *brand.events]
        async with uow_factory() as uow:
            await uow.organizations.add(org)
            await uow.users.add(member)
            await uow.brands.add(brand)
            await uow.commit()

        async with uow_factory() as uow:
            pending = await uow.outbox.pending()
            limited = await uow.outbox.pending(limit=2)

        assert [m.event_type for m in pending] == [e.event_type for e in expected]
        assert [m.event_type for m in pending] == [
            "identity.organization_created",
            "identity.user_registered",
            "brand.created",
        ]
        for message, event in zip(pending, expected, strict=True):
            assert message.aggregate_type == event.aggregate_type
            assert message.aggregate_id == event.aggregate_id
            assert message.organization_id == event.organization_id
            assert message.occurred_at == event.occurred_at
            assert message.payload == event.payload()
            assert message.published_at is None
        assert len({m.id for m in pending}) == 3
        assert [m.id for m in limited] == [m.id for m in pending[:2]]

    async def test_events_are_collected_once_and_cleared_from_aggregates(
        self, uow_factory: UowFactory
    ) -> None:
        org = organization()
        brand = simple_brand(org, "Rockets", now=LATER)
        uow = uow_factory()
        async with uow:
            await uow.organizations.add(org)
            await uow.brands.add(brand)
            await uow.commit()

        collected = uow.collect_events()
        assert [e.event_type for e in collected] == [
            "identity.organization_created",
            "brand.created",
        ]
        assert uow.collect_events() == []
        assert org.events == []
        assert brand.events == []

    async def test_events_of_loaded_aggregates_are_collected(self, uow_factory: UowFactory) -> None:
        org = organization()
        brand = simple_brand(org, "Rockets", now=LATER)
        await store(uow_factory(), org, brands=(brand,))

        uow = uow_factory()
        async with uow:
            loaded = await uow.brands.get(org.id, brand.id)
            assert loaded is not None
            loaded.update({"name": "Moon rockets"}, now=LATER + timedelta(minutes=1))
            await uow.brands.save(loaded)
            await uow.commit()

        assert [e.event_type for e in uow.collect_events()] == ["brand.updated"]
        async with uow_factory() as reader:
            pending = await reader.outbox.pending()
        assert [m.event_type for m in pending] == [
            "identity.organization_created",
            "brand.created",
            "brand.updated",
        ]

    async def test_reading_records_no_events(self, uow_factory: UowFactory) -> None:
        org = organization()
        await store(uow_factory(), org)

        uow = uow_factory()
        async with uow:
            assert await uow.organizations.get(org.id) == org
            await uow.commit()

        assert uow.collect_events() == []
        async with uow_factory() as reader:
            assert len(await reader.outbox.pending()) == 1

    async def test_a_unit_of_work_can_be_used_again(self, uow_factory: UowFactory) -> None:
        org, member = organization(), user()
        uow = uow_factory()
        async with uow:
            await uow.organizations.add(org)
            await uow.commit()
        async with uow:
            await uow.users.add(member)
            await uow.memberships.add(membership(org, member))
            await uow.commit()
        async with uow:
            await uow.organizations.add(organization("Never committed"))

        assert [e.event_type for e in uow.collect_events()] == [
            "identity.organization_created",
            "identity.user_registered",
            "identity.member_added",
        ]
        async with uow:
            assert await uow.memberships.get(org.id, member.id) is not None
            assert len(await uow.outbox.pending()) == 3


class TestClaimedMessages:
    """A task's key is recorded with its effect: a second commit under the key applies
    nothing, so a redelivered task can never apply its effect twice."""

    async def test_the_second_commit_under_a_claimed_key_applies_nothing(
        self, uow_factory: UowFactory
    ) -> None:
        first, second = organization(), organization()
        async with uow_factory() as uow:
            uow.claim_message("task:brand-project:m-1")
            await uow.organizations.add(first)
            await uow.commit()

        async def deliver_again() -> None:
            async with uow_factory() as uow:
                uow.claim_message("task:brand-project:m-1")
                await uow.organizations.add(second)
                await uow.commit()

        with pytest.raises(AlreadyProcessed):
            await deliver_again()
        async with uow_factory() as uow:
            assert await uow.organizations.get(first.id) is not None
            assert await uow.organizations.get(second.id) is None

    async def test_other_keys_and_unclaimed_commits_are_unaffected(
        self, uow_factory: UowFactory
    ) -> None:
        orgs = [organization() for _ in range(3)]
        for key, org in zip(["k-a", "k-b", None], orgs, strict=True):
            async with uow_factory() as uow:
                if key is not None:
                    uow.claim_message(key)
                await uow.organizations.add(org)
                await uow.commit()
        async with uow_factory() as uow:
            for org in orgs:
                assert await uow.organizations.get(org.id) is not None

    async def test_a_rolled_back_claim_leaves_the_key_free(self, uow_factory: UowFactory) -> None:
        async def fail_after_claiming() -> None:
            async with uow_factory() as uow:
                uow.claim_message("k-retry")
                await uow.organizations.add(organization())
                raise Boom

        with pytest.raises(Boom):
            await fail_after_claiming()
        org = organization()
        async with uow_factory() as uow:
            uow.claim_message("k-retry")
            await uow.organizations.add(org)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.organizations.get(org.id) is not None
