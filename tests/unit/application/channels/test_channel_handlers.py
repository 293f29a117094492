"""The channel accounts use cases through the bus, on the in-memory adapters, with a scripted
platform that discovers (tests/support/fake_platform.py plus ChannelDiscovery)."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import timedelta

import pytest
from tests.support.fake_platform import SECRET, FakePlatformConnector
from tests.support.services import in_memory_services
from tests.unit.application.helpers import add_member

from umt.adapters.crypto.key_ring import AesGcmKeyRing
from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.audit.entries import entry_for_event
from umt.application.brand.create_brand import CreateBrand
from umt.application.bus import MessageBus
from umt.application.channels.account_queries import GetChannelAccount, ListChannelAccounts
from umt.application.channels.credentials import VaultChannelCredentials
from umt.application.channels.discover_accounts import (
    DiscoverChannelAccounts,
    Discovery,
    NothingToDiscover,
)
from umt.application.channels.remove_account import RemoveChannelAccount
from umt.application.channels.update_account import UpdateChannelAccount
from umt.application.handlers import HANDLERS
from umt.application.integration.authorize import (
    AuthorizationCompleted,
    AuthorizationStarted,
    CompleteAuthorization,
    StartAuthorization,
)
from umt.application.integration.config import IntegrationConfig
from umt.application.principal import Principal
from umt.domain.brand.brand import Brand
from umt.domain.identity.permissions import Role
from umt.domain.integration.errors import PlatformUnavailable, TokenExpired
from umt.domain.integration.integration import Integration, IntegrationStatus
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_account import (
    AccountStatus,
    ChannelAccount,
    ChannelAccountGone,
)
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.errors import InvalidValue, NotFound, PermissionDenied, StaleVersion
from umt.ports.channel_discovery import ChannelDiscovery, DiscoveredAccount
from umt.ports.platform_connector import Credentials

KEYS = AesGcmKeyRing({"k1": os.urandom(32)})
PAGE_TOKEN = f"{SECRET}-page-token"


class FakeDiscovery(FakePlatformConnector, ChannelDiscovery):
    """A platform whose grant reaches the destinations in ``found``; records the token each
    discovery acted with."""

    def __init__(self, clock: FixedClock, **kw: object) -> None:
        super().__init__(clock, **kw)  # type: ignore[arg-type]
        self.found: list[DiscoveredAccount] = []
        self.discovered_with: list[str] = []

    async def discover(self, credentials: Credentials) -> tuple[DiscoveredAccount, ...]:
        self._raise_queued("discover")
        self.discovered_with.append(credentials.access_token)
        return tuple(self.found)


def page(external_id: str = "p1", name: str = "Acme Page", **kw: object) -> DiscoveredAccount:
    return DiscoveredAccount(
        kind=ChannelKind.FACEBOOK_PAGE,
        external_id=external_id,
        name=name,
        credentials=Credentials(access_token=PAGE_TOKEN),
        **kw,  # type: ignore[arg-type]
    )


def insta(external_id: str = "ig1") -> DiscoveredAccount:
    return DiscoveredAccount(
        kind=ChannelKind.INSTAGRAM_ACCOUNT,
        external_id=external_id,
        name="acme.coffee",
        details={"page_id": "p1"},
    )


@pytest.fixture
def meta(clock: FixedClock) -> FakeDiscovery:
    fake = FakeDiscovery(clock, platform=Platform.META)
    fake.found = [page(), insta()]
    return fake


@pytest.fixture
def tiktok(clock: FixedClock) -> FakePlatformConnector:
    return FakePlatformConnector(clock, platform=Platform.TIKTOK)


@pytest.fixture
def x(clock: FixedClock) -> FakePlatformConnector:
    return FakePlatformConnector(clock, platform=Platform.X, account_id="x-42")


@pytest.fixture
def credentials(
    store: InMemoryStore,
    clock: FixedClock,
    meta: FakeDiscovery,
    tiktok: FakePlatformConnector,
    x: FakePlatformConnector,
) -> VaultChannelCredentials:
    ids = UuidV7Generator()
    return VaultChannelCredentials(
        uow_factory=lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event),
        credential_cipher=KEYS,
        platforms={Platform.META: meta, Platform.TIKTOK: tiktok, Platform.X: x},
        clock=clock,
        integrations=IntegrationConfig(public_base_url="https://umt.example"),
    )


@pytest.fixture
def bus(
    store: InMemoryStore, clock: FixedClock, credentials: VaultChannelCredentials
) -> MessageBus:
    ids = UuidV7Generator()
    services = replace(
        in_memory_services(store, clock),
        credential_cipher=KEYS,
        platforms=credentials._platforms,
        integrations=credentials._config,
        channel_credentials=credentials,
    )
    return MessageBus(
        uow_factory=lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event),
        services=services,
        handlers=HANDLERS,
    )


async def connect(
    bus: MessageBus, owner: Principal, fake: FakePlatformConnector, platform: str = "meta"
) -> Integration:
    started: AuthorizationStarted = await bus.execute(StartAuthorization(platform=platform), owner)
    done: AuthorizationCompleted = await bus.execute(
        CompleteAuthorization(
            platform=platform,
            state=started.state,
            binding=started.binding,
            code=fake.grant(started.state),
        )
    )
    return done.integration


async def brand_of(bus: MessageBus, owner: Principal, name: str = "Acme", **kw: str) -> Brand:
    brand: Brand = await bus.execute(CreateBrand(name=name, **kw), owner)
    return brand


async def discover(
    bus: MessageBus, actor: Principal, brand: Brand, integration: Integration, **kw: str
) -> Discovery:
    result: Discovery = await bus.execute(
        DiscoverChannelAccounts(brand_id=brand.id, integration_id=integration.id, **kw), actor
    )
    return result


def by_kind(discovery: Discovery) -> dict[ChannelKind, ChannelAccount]:
    return {a.kind: a for a in discovery.accounts}


async def test_discovery_adds_the_destinations_and_seals_a_pages_own_token(
    bus: MessageBus, owner: Principal, meta: FakeDiscovery, store: InMemoryStore
) -> None:
    integration = await connect(bus, owner, meta)
    brand = await brand_of(bus, owner, time_zone="Europe/Berlin")
    result = await discover(bus, owner, brand, integration)
    assert (result.added, result.refreshed, result.gone) == (2, 0, 0)
    accounts = by_kind(result)
    fb, ig = accounts[ChannelKind.FACEBOOK_PAGE], accounts[ChannelKind.INSTAGRAM_ACCOUNT]
    assert (fb.channel.value, ig.channel.value) == ("facebook", "instagram")
    assert fb.time_zone == "Europe/Berlin"  # the platform named none: the brand's
    assert ig.daily_cap == 50
    assert (fb.has_own_credentials, ig.has_own_credentials) == (True, False)
    assert ig.details == {"page_id": "p1"}
    # the page token is sealed under the account, and nowhere in plain text
    sealed = store.account_credentials[fb.id][1]
    assert PAGE_TOKEN.encode() not in sealed.ciphertext
    assert ig.id not in store.account_credentials
    assert meta.discovered_with == [f"{SECRET}-access-1"]  # the integration's token
    discovered = [m for m in store.outbox if m.event_type == "channel_account.discovered"]
    assert {m.aggregate_id for m in discovered} == {fb.id, ig.id}
    assert PAGE_TOKEN not in repr([m.payload for m in store.outbox])


async def test_rediscovery_refreshes_marks_gone_and_brings_back(
    bus: MessageBus, owner: Principal, meta: FakeDiscovery
) -> None:
    integration = await connect(bus, owner, meta)
    brand = await brand_of(bus, owner)
    first = by_kind(await discover(bus, owner, brand, integration))
    meta.found = [
        page(name="Acme Coffee Berlin"),
        DiscoveredAccount(kind=ChannelKind.FACEBOOK_PAGE, external_id="p2", name="Second page"),
    ]
    second = await discover(bus, owner, brand, integration)
    assert (second.added, second.refreshed, second.gone) == (1, 1, 1)
    by_id = {a.id: a for a in second.accounts}
    assert by_id[first[ChannelKind.FACEBOOK_PAGE].id].name == "Acme Coffee Berlin"
    assert by_id[first[ChannelKind.INSTAGRAM_ACCOUNT].id].status is AccountStatus.GONE
    meta.found = [page(name="Acme Coffee Berlin"), insta()]
    third = await discover(bus, owner, brand, integration)
    assert (third.added, third.refreshed, third.gone) == (0, 1, 1)  # ig back, p2 gone
    statuses = {a.external_id: a.status for a in third.accounts}
    assert statuses == {
        "p1": AccountStatus.ACTIVE,
        "p2": AccountStatus.GONE,
        "ig1": AccountStatus.ACTIVE,
    }
    # nothing changed: nothing recorded
    fourth = await discover(bus, owner, brand, integration)
    assert (fourth.added, fourth.refreshed, fourth.gone) == (0, 0, 0)


async def test_the_channel_asked_for_is_given_where_the_kind_can_serve_it(
    bus: MessageBus, owner: Principal, meta: FakeDiscovery
) -> None:
    meta.found = [
        DiscoveredAccount(kind=ChannelKind.SANDBOX_ACCOUNT, external_id="s1", name="S"),
        page(),
    ]
    integration = await connect(bus, owner, meta)
    brand = await brand_of(bus, owner)
    accounts = by_kind(await discover(bus, owner, brand, integration, channel="x"))
    assert accounts[ChannelKind.SANDBOX_ACCOUNT].channel.value == "x"
    assert accounts[ChannelKind.FACEBOOK_PAGE].channel.value == "facebook"
    with pytest.raises(InvalidValue) as refused:
        await discover(bus, owner, brand, integration, channel="carrier_pigeon")
    assert refused.value.field == "channel"


async def test_bad_references_and_strangers_change_nothing(
    bus: MessageBus,
    owner: Principal,
    other_owner: Principal,
    meta: FakeDiscovery,
    store: InMemoryStore,
) -> None:
    integration = await connect(bus, owner, meta)
    brand = await brand_of(bus, owner)
    theirs = await brand_of(bus, other_owner, name="Globex")
    with pytest.raises(InvalidValue) as unknown:
        await bus.execute(
            DiscoverChannelAccounts(brand_id=brand.id, integration_id=theirs.id), owner
        )
    assert unknown.value.field == "integration_id"
    with pytest.raises(NotFound):
        await discover(bus, owner, theirs, integration)
    with pytest.raises(InvalidValue):  # their integration does not exist for them
        await discover(bus, other_owner, theirs, integration)
    viewer = await add_member(bus, owner, "viewer@acme.example", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        await discover(bus, viewer, brand, integration)
    assert store.channel_accounts == {}
    assert meta.calls.count("discover") == 0


async def test_a_platform_without_discovery(
    bus: MessageBus, owner: Principal, x: FakePlatformConnector, tiktok: FakePlatformConnector
) -> None:
    brand = await brand_of(bus, owner)
    one = await connect(bus, owner, x, "x")
    accounts = (await discover(bus, owner, brand, one)).accounts
    # X has one kind of destination: the connected account itself
    assert [(a.kind, a.external_id, a.name) for a in accounts] == [
        (ChannelKind.X_ACCOUNT, "x-42", "Acme on Fake")
    ]
    none = await connect(bus, owner, tiktok, "tiktok")
    with pytest.raises(NothingToDiscover):
        await discover(bus, owner, brand, none)


async def test_settings_are_versioned_and_a_gone_account_stays_off(
    bus: MessageBus, owner: Principal, meta: FakeDiscovery
) -> None:
    integration = await connect(bus, owner, meta)
    brand = await brand_of(bus, owner)
    ig = by_kind(await discover(bus, owner, brand, integration))[ChannelKind.INSTAGRAM_ACCOUNT]
    changed: ChannelAccount = await bus.execute(
        UpdateChannelAccount(
            account_id=ig.id,
            changes={"time_zone": "Asia/Tokyo", "daily_cap": 10, "min_spacing_minutes": 30},
            expected_version=1,
        ),
        owner,
    )
    assert (changed.time_zone, changed.daily_cap, changed.version) == ("Asia/Tokyo", 10, 2)
    with pytest.raises(StaleVersion):
        await bus.execute(
            UpdateChannelAccount(account_id=ig.id, changes={"daily_cap": 3}, expected_version=1),
            owner,
        )
    for bad in (
        {"daily_cap": "ten"},
        {"min_spacing_minutes": True},
        {"channel": "blog"},
        {"time_zone": 5},
        {"name": "mine"},
    ):
        with pytest.raises(InvalidValue):
            await bus.execute(UpdateChannelAccount(account_id=ig.id, changes=bad), owner)
    meta.found = [page()]
    await discover(bus, owner, brand, integration)
    with pytest.raises(ChannelAccountGone):
        await bus.execute(
            UpdateChannelAccount(account_id=ig.id, changes={"status": "active"}), owner
        )
    got: ChannelAccount = await bus.execute(GetChannelAccount(account_id=ig.id), owner)
    assert (got.status, got.daily_cap, got.time_zone) == (AccountStatus.GONE, 10, "Asia/Tokyo")


async def test_remove_takes_the_token_with_it(
    bus: MessageBus, owner: Principal, meta: FakeDiscovery, store: InMemoryStore
) -> None:
    integration = await connect(bus, owner, meta)
    brand = await brand_of(bus, owner)
    fb = by_kind(await discover(bus, owner, brand, integration))[ChannelKind.FACEBOOK_PAGE]
    with pytest.raises(StaleVersion):
        await bus.execute(RemoveChannelAccount(account_id=fb.id, expected_version=9), owner)
    await bus.execute(RemoveChannelAccount(account_id=fb.id, expected_version=1), owner)
    assert fb.id not in store.channel_accounts
    assert fb.id not in store.account_credentials
    assert [m.event_type for m in store.outbox if m.aggregate_id == fb.id][-1] == (
        "channel_account.removed"
    )
    with pytest.raises(NotFound):
        await bus.execute(GetChannelAccount(account_id=fb.id), owner)


async def test_lists_filter_and_respect_a_members_brands(
    bus: MessageBus, owner: Principal, meta: FakeDiscovery
) -> None:
    integration = await connect(bus, owner, meta)
    acme, beta = await brand_of(bus, owner), await brand_of(bus, owner, "Beta")
    await discover(bus, owner, acme, integration)
    await discover(bus, owner, beta, integration)

    async def listed(actor: Principal = owner, **kw: object) -> list[tuple[str, str]]:
        found = await bus.execute(ListChannelAccounts(**kw), actor)  # type: ignore[arg-type]
        return sorted((str(a.brand_id), a.kind.value) for a in found.items)

    assert len(await listed()) == 4
    assert await listed(brand_id=beta.id) == [
        (str(beta.id), "facebook_page"),
        (str(beta.id), "instagram_account"),
    ]
    assert await listed(kind="instagram_account", brand_id=acme.id) == [
        (str(acme.id), "instagram_account")
    ]
    assert len(await listed(channel="facebook")) == 2
    assert await listed(status="gone") == []
    assert len(await listed(integration_id=integration.id)) == 4
    with pytest.raises(InvalidValue):
        await listed(kind="fax_machine")
    manager = await add_member(bus, owner, "bm@acme.example", Role.BRAND_MANAGER)
    manager = replace(manager, brand_scope=frozenset({beta.id}))
    assert {b for b, _ in await listed(manager)} == {str(beta.id)}


async def test_credentials_resolve_own_token_or_the_integrations(
    bus: MessageBus, owner: Principal, meta: FakeDiscovery, credentials: VaultChannelCredentials
) -> None:
    integration = await connect(bus, owner, meta)
    brand = await brand_of(bus, owner)
    accounts = by_kind(await discover(bus, owner, brand, integration))
    own = await credentials.for_account(accounts[ChannelKind.FACEBOOK_PAGE])
    shared = await credentials.for_account(accounts[ChannelKind.INSTAGRAM_ACCOUNT])
    assert own.access_token == PAGE_TOKEN
    assert shared.access_token == f"{SECRET}-access-1"
    assert "refresh" not in meta.calls


async def test_an_expiring_token_is_refreshed_first(
    bus: MessageBus,
    owner: Principal,
    meta: FakeDiscovery,
    credentials: VaultChannelCredentials,
    clock: FixedClock,
    store: InMemoryStore,
) -> None:
    integration = await connect(bus, owner, meta)
    brand = await brand_of(bus, owner)
    ig = by_kind(await discover(bus, owner, brand, integration))[ChannelKind.INSTAGRAM_ACCOUNT]
    # the token lives an hour: asking for a day refreshes it (and the new one is used)
    fresh = await credentials.for_account(ig, valid_for=timedelta(hours=24))
    assert fresh.access_token == f"{SECRET}-access-2"
    assert meta.calls.count("refresh") == 1
    stored = store.integrations[integration.id]
    assert stored.status is IntegrationStatus.CONNECTED
    assert stored.token_expires_at == clock.now() + timedelta(hours=1)


async def test_a_token_that_cannot_be_refreshed_marks_the_integration(
    bus: MessageBus,
    owner: Principal,
    meta: FakeDiscovery,
    credentials: VaultChannelCredentials,
    store: InMemoryStore,
) -> None:
    integration = await connect(bus, owner, meta)
    brand = await brand_of(bus, owner)
    ig = by_kind(await discover(bus, owner, brand, integration))[ChannelKind.INSTAGRAM_ACCOUNT]
    meta.errors["refresh"].append(TokenExpired("refresh token revoked", platform="meta"))
    with pytest.raises(TokenExpired):
        await credentials.for_account(ig, valid_for=timedelta(hours=24))
    assert store.integrations[integration.id].status is IntegrationStatus.NEEDS_REAUTH
    assert any(m.event_type == "integration.needs_reauth" for m in store.outbox)
    # from now on it is refused up front, without calling the platform again
    with pytest.raises(TokenExpired):
        await credentials.for_account(ig)
    assert meta.calls.count("refresh") == 1


async def test_a_pages_expiring_token_is_renewed_by_discovery(
    bus: MessageBus,
    owner: Principal,
    meta: FakeDiscovery,
    credentials: VaultChannelCredentials,
    clock: FixedClock,
) -> None:
    soon = clock.now() + timedelta(minutes=1)
    meta.found = [page(), insta()]
    meta.found[0] = replace(
        meta.found[0], credentials=Credentials(access_token="old", expires_at=soon)
    )
    integration = await connect(bus, owner, meta)
    brand = await brand_of(bus, owner)
    fb = by_kind(await discover(bus, owner, brand, integration))[ChannelKind.FACEBOOK_PAGE]
    meta.found = [page(), insta()]  # the platform now hands out a token without expiry
    renewed = await credentials.for_account(fb)
    assert renewed.access_token == PAGE_TOKEN
    assert (await credentials.for_account(fb)).access_token == PAGE_TOKEN  # stored
    assert meta.calls.count("discover") == 2


async def test_a_grant_the_platform_refuses_on_discovery_marks_the_integration(
    bus: MessageBus, owner: Principal, meta: FakeDiscovery, store: InMemoryStore
) -> None:
    integration = await connect(bus, owner, meta)
    brand = await brand_of(bus, owner)
    meta.errors["discover"].append(TokenExpired("Error validating access token", platform="meta"))
    with pytest.raises(TokenExpired):
        await discover(bus, owner, brand, integration)
    assert store.integrations[integration.id].status is IntegrationStatus.NEEDS_REAUTH
    assert store.channel_accounts == {}


async def test_a_platform_outage_on_discovery_marks_nothing(
    bus: MessageBus, owner: Principal, meta: FakeDiscovery, store: InMemoryStore
) -> None:
    integration = await connect(bus, owner, meta)
    brand = await brand_of(bus, owner)
    meta.errors["discover"].append(PlatformUnavailable("504", platform="meta", status=504))
    with pytest.raises(PlatformUnavailable):
        await discover(bus, owner, brand, integration)
    assert store.integrations[integration.id].status is IntegrationStatus.CONNECTED
    assert len((await discover(bus, owner, brand, integration)).accounts) == 2


async def test_a_transient_refresh_failure_keeps_the_token_while_it_works(
    bus: MessageBus,
    owner: Principal,
    meta: FakeDiscovery,
    credentials: VaultChannelCredentials,
    store: InMemoryStore,
    clock: FixedClock,
) -> None:
    integration = await connect(bus, owner, meta)
    brand = await brand_of(bus, owner)
    ig = by_kind(await discover(bus, owner, brand, integration))[ChannelKind.INSTAGRAM_ACCOUNT]
    meta.errors["refresh"].append(PlatformUnavailable("502", platform="meta", status=502))
    still = await credentials.for_account(ig, valid_for=timedelta(hours=24))
    assert still.access_token == f"{SECRET}-access-1"  # lives another hour: used
    assert store.integrations[integration.id].status is IntegrationStatus.CONNECTED
    clock.advance(timedelta(hours=2))  # now it has expired, and the platform is still down
    meta.errors["refresh"].append(PlatformUnavailable("502", platform="meta", status=502))
    with pytest.raises(PlatformUnavailable):
        await credentials.for_account(ig)
    assert store.integrations[integration.id].status is IntegrationStatus.CONNECTED
