"""Contract of the ChannelAccountRepository, run against memory, SQLite and PostgreSQL (see
conftest.uow_factory)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from tests.contracts.builders import T0, new_id, organization, simple_brand, store
from tests.contracts.conftest import UowFactory

from umt.domain.brand.brand import Brand
from umt.domain.brand.channels import Channel
from umt.domain.identity.model import Organization
from umt.domain.integration.integration import Account, Integration, IntegrationId
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_account import AccountStatus, ChannelAccount, StatusReason
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.errors import Conflict, StaleVersion
from umt.domain.shared.ids import BrandId, ChannelAccountId, OrganizationId, UserId
from umt.ports.channel_account_repository import ChannelAccountFilter
from umt.ports.credential_cipher import SealedSecret
from umt.ports.unit_of_work import UnitOfWork

LATER = T0 + timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Tenant:
    org: Organization
    brand: Brand
    other_brand: Brand
    integration: Integration


async def tenant(factory: UowFactory) -> Tenant:
    org = organization()
    brand, other = simple_brand(org, "Acme"), simple_brand(org, "Beta")
    await store(factory(), org, brands=(brand, other))
    integration = Integration.start(
        id=IntegrationId(new_id()),
        organization_id=org.id,
        platform=Platform.META,
        created_by=UserId(new_id()),
        now=T0,
    )
    integration.connect(
        Account(external_id=f"user-{new_id()}", name="Ada"),
        scopes=frozenset({"pages_manage_posts"}),
        token_expires_at=LATER,
        now=T0,
    )
    async with factory() as uow:
        await uow.integrations.add(integration)
        await uow.commit()
    return Tenant(org, brand, other, integration)


def account(
    t: Tenant,
    external_id: str = "page-1",
    *,
    brand: Brand | None = None,
    kind: ChannelKind = ChannelKind.FACEBOOK_PAGE,
    minutes: int = 0,
) -> ChannelAccount:
    return ChannelAccount.discover(
        id=ChannelAccountId(new_id()),
        organization_id=t.org.id,
        brand_id=(brand or t.brand).id,
        integration_id=t.integration.id,
        kind=kind,
        external_id=external_id,
        name=f"Acme {external_id}",
        now=T0 + timedelta(minutes=minutes),
        time_zone="Europe/Berlin",
        currency="EUR" if kind is ChannelKind.META_AD_ACCOUNT else None,
        details={"page_id": "42", "category": "Coffee shop"},
        has_own_credentials=kind is ChannelKind.FACEBOOK_PAGE,
    )


async def add(factory: UowFactory, *accounts: ChannelAccount) -> None:
    async with factory() as uow:
        for item in accounts:
            await uow.channel_accounts.add(item)
        await uow.commit()


async def save_and_commit(uow: UnitOfWork, item: ChannelAccount) -> None:
    """An adapter may detect a conflict when saving or only when committing: both count."""
    await uow.channel_accounts.save(item)
    await uow.commit()


async def remove_and_commit(uow: UnitOfWork, item: ChannelAccount) -> None:
    await uow.channel_accounts.remove(item)
    await uow.commit()


async def test_round_trip_keeps_every_field_and_writes_the_event(uow_factory: UowFactory) -> None:
    t = await tenant(uow_factory)
    page = account(t)
    page.update({"daily_cap": 20, "min_spacing_minutes": 90}, now=LATER)
    await add(uow_factory, page)
    async with uow_factory() as uow:
        loaded = await uow.channel_accounts.get(t.org.id, page.id)
        pending = await uow.outbox.pending()
    assert loaded is not None
    assert loaded == page
    assert loaded.details == {"page_id": "42", "category": "Coffee shop"}
    assert loaded.time_zone == "Europe/Berlin"
    assert loaded.has_own_credentials is True
    assert (loaded.daily_cap, loaded.min_spacing_minutes, loaded.version) == (20, 90, 2)
    assert loaded.updated_at == LATER
    assert [m.event_type for m in pending if m.aggregate_id == page.id] == [
        "channel_account.discovered",
        "channel_account.updated",
    ]


async def test_disabled_by_a_revocation_then_moved_to_a_new_integration_round_trips(
    uow_factory: UowFactory,
) -> None:
    t = await tenant(uow_factory)
    page = account(t)
    await add(uow_factory, page)
    fresh = Integration.start(  # a new connection of the same platform account
        id=IntegrationId(new_id()),
        organization_id=t.org.id,
        platform=Platform.META,
        created_by=UserId(new_id()),
        now=LATER,
    )
    async with uow_factory() as uow:
        await uow.integrations.add(fresh)
        await uow.commit()
    async with uow_factory() as uow:
        loaded = await uow.channel_accounts.get(t.org.id, page.id)
        assert loaded is not None
        loaded.integration_revoked(now=LATER)
        await save_and_commit(uow, loaded)
    async with uow_factory() as uow:
        disabled = await uow.channel_accounts.get(t.org.id, page.id)
        assert disabled is not None
        assert (disabled.status, disabled.status_reason) == (
            AccountStatus.DISABLED,
            StatusReason.INTEGRATION_REVOKED,
        )
        disabled.refresh(
            name=disabled.name,
            currency=None,
            details=disabled.details,
            has_own_credentials=True,
            now=LATER,
            integration_id=fresh.id,
        )
        await save_and_commit(uow, disabled)
    async with uow_factory() as uow:
        moved = await uow.channel_accounts.get(t.org.id, page.id)
    assert moved is not None
    assert (moved.status, moved.status_reason, moved.integration_id) == (
        AccountStatus.ACTIVE,
        None,
        fresh.id,
    )


async def test_find_external_names_the_brands_destination(uow_factory: UowFactory) -> None:
    t = await tenant(uow_factory)
    page = account(t)
    await add(uow_factory, page)
    async with uow_factory() as uow:
        found = await uow.channel_accounts.find_external(
            t.org.id, t.brand.id, ChannelKind.FACEBOOK_PAGE, "page-1"
        )
        other_kind = await uow.channel_accounts.find_external(
            t.org.id, t.brand.id, ChannelKind.INSTAGRAM_ACCOUNT, "page-1"
        )
        other_brand = await uow.channel_accounts.find_external(
            t.org.id, t.other_brand.id, ChannelKind.FACEBOOK_PAGE, "page-1"
        )
    assert found is not None
    assert found.id == page.id
    assert other_kind is None
    assert other_brand is None


async def test_a_brand_has_a_destination_once(uow_factory: UowFactory) -> None:
    t = await tenant(uow_factory)
    await add(uow_factory, account(t))
    with pytest.raises(Conflict):
        await add(uow_factory, account(t))
    # the same page for another brand, or another page for this one, is fine
    await add(uow_factory, account(t, brand=t.other_brand), account(t, "page-2"))
    async with uow_factory() as uow:
        assert len(await uow.channel_accounts.list(t.org.id, ChannelAccountFilter())) == 3


async def test_save_detects_a_concurrent_writer(uow_factory: UowFactory) -> None:
    t = await tenant(uow_factory)
    page = account(t)
    await add(uow_factory, page)
    async with uow_factory() as a, uow_factory() as b:
        mine = await a.channel_accounts.get(t.org.id, page.id)
        theirs = await b.channel_accounts.get(t.org.id, page.id)
        assert mine is not None
        assert theirs is not None
        theirs.update({"daily_cap": 5}, now=LATER)
        await b.channel_accounts.save(theirs)
        await b.commit()
        mine.update({"status": "disabled"}, now=LATER)
        with pytest.raises(StaleVersion):
            await save_and_commit(a, mine)
    async with uow_factory() as uow:
        stored = await uow.channel_accounts.get(t.org.id, page.id)
    assert stored is not None
    assert (stored.daily_cap, stored.status) == (5, AccountStatus.ACTIVE)


async def test_remove_deletes_it_and_records_the_event(uow_factory: UowFactory) -> None:
    t = await tenant(uow_factory)
    page, kept = account(t), account(t, "page-2")
    await add(uow_factory, page, kept)
    async with uow_factory() as uow:
        loaded = await uow.channel_accounts.get(t.org.id, page.id)
        assert loaded is not None
        loaded.mark_removed(now=LATER, expected_version=1)
        await uow.channel_accounts.remove(loaded)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.channel_accounts.get(t.org.id, page.id) is None
        listed = await uow.channel_accounts.list(t.org.id, ChannelAccountFilter())
        pending = await uow.outbox.pending()
    assert [a.id for a in listed] == [kept.id]
    assert "channel_account.removed" in [m.event_type for m in pending if m.aggregate_id == page.id]


async def test_remove_of_a_stale_copy_fails(uow_factory: UowFactory) -> None:
    t = await tenant(uow_factory)
    page = account(t)
    await add(uow_factory, page)
    async with uow_factory() as a, uow_factory() as b:
        mine = await a.channel_accounts.get(t.org.id, page.id)
        theirs = await b.channel_accounts.get(t.org.id, page.id)
        assert mine is not None
        assert theirs is not None
        theirs.update({"min_spacing_minutes": 30}, now=LATER)
        await b.channel_accounts.save(theirs)
        await b.commit()
        mine.mark_removed(now=LATER)
        with pytest.raises(StaleVersion):
            await remove_and_commit(a, mine)
    async with uow_factory() as uow:
        assert await uow.channel_accounts.get(t.org.id, page.id) is not None


async def test_list_filters_and_orders_oldest_first(uow_factory: UowFactory) -> None:
    t = await tenant(uow_factory)
    page = account(t, "page-1", minutes=2)
    insta = account(t, "ig-1", kind=ChannelKind.INSTAGRAM_ACCOUNT, minutes=1)
    ads = account(t, "act-1", kind=ChannelKind.META_AD_ACCOUNT, minutes=3)
    elsewhere = account(t, "page-9", brand=t.other_brand, minutes=0)
    insta.update({"status": "disabled"}, now=LATER)
    await add(uow_factory, page, insta, ads, elsewhere)
    other_integration = IntegrationId(new_id())

    async def ids(**filters: object) -> list[ChannelAccountId]:
        async with uow_factory() as uow:
            found = await uow.channel_accounts.list(t.org.id, ChannelAccountFilter(**filters))  # type: ignore[arg-type]
        return [a.id for a in found]

    assert await ids() == [elsewhere.id, insta.id, page.id, ads.id]
    assert await ids(brand_id=t.brand.id) == [insta.id, page.id, ads.id]
    assert await ids(integration_id=t.integration.id) == [elsewhere.id, insta.id, page.id, ads.id]
    assert await ids(integration_id=other_integration) == []
    assert await ids(channel=Channel.FACEBOOK) == [elsewhere.id, page.id]
    assert await ids(kind=ChannelKind.META_AD_ACCOUNT) == [ads.id]
    assert await ids(status=AccountStatus.DISABLED) == [insta.id]
    assert await ids(status=AccountStatus.GONE) == []
    assert await ids(brand_ids=frozenset({t.other_brand.id})) == [elsewhere.id]
    assert await ids(brand_ids=frozenset()) == []
    assert await ids(brand_id=t.brand.id, channel=Channel.INSTAGRAM) == [insta.id]


async def test_another_tenant_sees_nothing(uow_factory: UowFactory) -> None:
    t = await tenant(uow_factory)
    page = account(t)
    await add(uow_factory, page)
    stranger = OrganizationId(new_id())
    async with uow_factory() as uow:
        assert await uow.channel_accounts.get(stranger, page.id) is None
        assert await uow.channel_accounts.list(stranger, ChannelAccountFilter()) == []
        assert (
            await uow.channel_accounts.find_external(
                stranger, BrandId(t.brand.id), ChannelKind.FACEBOOK_PAGE, "page-1"
            )
            is None
        )


async def test_an_accounts_own_token_is_stored_replaced_and_removed_with_it(
    uow_factory: UowFactory,
) -> None:
    t = await tenant(uow_factory)
    page, other = account(t), account(t, "page-2")
    first, newer = SealedSecret("k1", b"\x00sealed-1"), SealedSecret("k2", b"\x01sealed-2")
    async with uow_factory() as uow:
        await uow.channel_accounts.add(page)
        await uow.channel_accounts.add(other)
        await uow.account_credentials.put(t.org.id, page.id, first)
        await uow.account_credentials.put(t.org.id, other.id, first)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.account_credentials.get(t.org.id, page.id) == first
        assert await uow.account_credentials.get(OrganizationId(new_id()), page.id) is None
        await uow.account_credentials.put(t.org.id, page.id, newer)
        await uow.account_credentials.delete(t.org.id, other.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.account_credentials.get(t.org.id, page.id) == newer
        assert await uow.account_credentials.get(t.org.id, other.id) is None
        loaded = await uow.channel_accounts.get(t.org.id, page.id)
        assert loaded is not None
        loaded.mark_removed(now=LATER)
        await uow.channel_accounts.remove(loaded)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.account_credentials.get(t.org.id, page.id) is None


async def test_an_uncommitted_token_is_not_stored(uow_factory: UowFactory) -> None:
    t = await tenant(uow_factory)
    page = account(t)
    await add(uow_factory, page)
    async with uow_factory() as uow:
        await uow.account_credentials.put(t.org.id, page.id, SealedSecret("k1", b"x"))
    async with uow_factory() as uow:
        assert await uow.account_credentials.get(t.org.id, page.id) is None
