"""Contract of the SyncStateRepository (memory, SQLite, PostgreSQL; see conftest.uow_factory):
optimistic saves, enrolment of the accounts with a metric source, and the claim of due
syncs that several schedulers can run at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.contracts.builders import T0
from tests.contracts.conftest import UowFactory
from tests.contracts.test_channel_account_repository import Tenant, account, tenant

from umt.domain.integration.platforms import Platform
from umt.domain.metrics.sync_state import SyncCounts, SyncState
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.errors import Conflict, StaleVersion

HOUR = timedelta(hours=1)
COUNTS = SyncCounts(readings=4, stored=3, skipped=1)


def state_of(a: ChannelAccount, *, due_in: timedelta = timedelta(0)) -> SyncState:
    s = SyncState.start(
        account_id=a.id,
        organization_id=a.organization_id,
        brand_id=a.brand_id,
        platform=a.platform,
        now=T0,
    )
    s.next_due_at = T0 + due_in
    return s


async def add_accounts(factory: UowFactory, *accounts: ChannelAccount) -> None:
    async with factory() as uow:
        for a in accounts:
            await uow.channel_accounts.add(a)
        await uow.commit()


async def add_states(factory: UowFactory, *states: SyncState) -> None:
    async with factory() as uow:
        for s in states:
            await uow.sync_states.add(s)
        await uow.commit()


@pytest.fixture
async def t(uow_factory: UowFactory) -> Tenant:
    return await tenant(uow_factory)


async def test_a_state_round_trips_and_saves_optimistically(
    uow_factory: UowFactory, t: Tenant
) -> None:
    a = account(t)
    await add_states(uow_factory, state_of(a))
    async with uow_factory() as uow:
        loaded = await uow.sync_states.get(t.org.id, a.id)
        assert loaded is not None
        loaded.succeeded(cursor="c-1", counts=COUNTS, now=T0 + HOUR, interval=HOUR)
        await uow.sync_states.save(loaded)
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.sync_states.get(t.org.id, a.id)
    assert again is not None
    assert (again.cursor, again.version, again.samples_stored) == ("c-1", 2, 3)
    assert (again.last_success_at, again.next_due_at) == (T0 + HOUR, T0 + 2 * HOUR)
    assert again.platform is Platform.META
    assert again.events == []  # what was committed is not handed out again

    async def lose_a_race() -> None:
        async with uow_factory() as uow:
            mine = await uow.sync_states.get(t.org.id, a.id)
            assert mine is not None
            async with uow_factory() as other:  # another sync records its failure first
                theirs = await other.sync_states.get(t.org.id, a.id)
                assert theirs is not None
                theirs.failed(reason="token_expired", message="expired", now=T0 + 2 * HOUR)
                await other.sync_states.save(theirs)
                await other.commit()
            mine.succeeded(cursor="c-2", counts=COUNTS, now=T0 + 2 * HOUR, interval=HOUR)
            await uow.sync_states.save(mine)
            await uow.commit()

    with pytest.raises(StaleVersion):
        await lose_a_race()
    async with uow_factory() as uow:
        final = await uow.sync_states.get(t.org.id, a.id)
    assert final is not None
    assert (final.cursor, final.last_error_reason, final.version) == ("c-1", "token_expired", 3)


async def test_states_are_per_tenant_listed_by_due_time_and_removed(
    uow_factory: UowFactory, t: Tenant
) -> None:
    first, second = account(t, "p-1"), account(t, "p-2", brand=t.other_brand)
    await add_states(uow_factory, state_of(first, due_in=HOUR), state_of(second))
    async with uow_factory() as uow:
        every = await uow.sync_states.list(t.org.id)
        of_brand = await uow.sync_states.list(t.org.id, brand_id=t.brand.id)
        stranger = await tenant(uow_factory)
        assert await uow.sync_states.get(stranger.org.id, first.id) is None
        assert await uow.sync_states.list(stranger.org.id) == []
    assert [s.id for s in every] == [second.id, first.id]
    assert [s.id for s in of_brand] == [first.id]
    with pytest.raises(Conflict):
        await add_states(uow_factory, state_of(first))
    async with uow_factory() as uow:
        doomed = await uow.sync_states.get(t.org.id, first.id)
        assert doomed is not None
        await uow.sync_states.remove(doomed)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.sync_states.get(t.org.id, first.id) is None
        assert await uow.sync_states.get(t.org.id, second.id) is not None


async def test_enrolment_gives_each_active_account_of_those_kinds_one_state(
    uow_factory: UowFactory, t: Tenant
) -> None:
    page = account(t, "page-1")
    ads = account(t, "act-1", kind=ChannelKind.META_AD_ACCOUNT)
    off = account(t, "page-2")
    off.update({"status": "disabled"}, now=T0)
    await add_accounts(uow_factory, page, ads, off)
    kinds = frozenset({ChannelKind.FACEBOOK_PAGE})
    async with uow_factory() as uow:
        assert await uow.sync_states.enrol(kinds=kinds, now=T0 + HOUR) == 1
        assert await uow.sync_states.enrol(kinds=frozenset(), now=T0) == 0
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.sync_states.enrol(kinds=kinds, now=T0 + 2 * HOUR) == 0  # idempotent
        both = kinds | {ChannelKind.META_AD_ACCOUNT}
        assert await uow.sync_states.enrol(kinds=both, now=T0 + 2 * HOUR) == 1
        await uow.commit()
    async with uow_factory() as uow:
        states = {s.id: s for s in await uow.sync_states.list(t.org.id)}
    assert set(states) == {page.id, ads.id}
    assert states[page.id].next_due_at == T0 + HOUR
    assert (states[page.id].brand_id, states[page.id].cursor) == (t.brand.id, None)


async def test_due_syncs_are_claimed_once_oldest_first_until_the_lease_ends(
    uow_factory: UowFactory, t: Tenant
) -> None:
    accounts = [account(t, f"p-{i}") for i in range(4)]
    late, early, middle, future = accounts
    await add_states(
        uow_factory,
        state_of(late, due_in=timedelta(minutes=30)),
        state_of(early),
        state_of(middle, due_in=timedelta(minutes=10)),
        state_of(future, due_in=2 * HOUR),
    )
    now, lease = T0 + HOUR, T0 + HOUR + timedelta(minutes=10)
    async with uow_factory() as uow:
        first = await uow.sync_states.claim_due(now=now, lease_until=lease, limit=2)
        await uow.commit()
    async with uow_factory() as uow:
        second = await uow.sync_states.claim_due(now=now, lease_until=lease, limit=10)
        await uow.commit()
    async with uow_factory() as uow:
        third = await uow.sync_states.claim_due(now=now, lease_until=lease, limit=10)
        await uow.commit()
    assert [d.channel_account_id for d in first] == [early.id, middle.id]
    assert [d.due_at for d in first] == [T0, T0 + timedelta(minutes=10)]
    assert [d.channel_account_id for d in second] == [late.id]
    assert third == []
    assert {d.organization_id for d in first + second} == {t.org.id}
    async with uow_factory() as uow:
        after_lease = await uow.sync_states.claim_due(now=lease, lease_until=lease + HOUR, limit=10)
        await uow.commit()
    assert {d.channel_account_id for d in after_lease} == {early.id, middle.id, late.id}
    assert all(d.due_at == lease for d in after_lease)
