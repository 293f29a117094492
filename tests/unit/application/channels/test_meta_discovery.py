"""Discovery through the bus against the real Meta connector and the loopback fake Graph API:
the user's Pages (with their page tokens, sealed) and their Instagram accounts become the
brand's channel accounts, and the credentials a publication would act with resolve."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
from tests.support.loopback_server import serve_asgi
from tests.support.services import in_memory_services
from tests.unit.adapters.platforms.fake_platform import CLIENT_ID, CLIENT_SECRET, NOW
from tests.unit.adapters.platforms.meta import fake_publishing
from tests.unit.adapters.platforms.meta.fake_publishing import IG_USER, PAGE_TOKENS

from umt.adapters.crypto.key_ring import AesGcmKeyRing
from umt.adapters.httpx.egress import guarded_client
from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.platforms.http import CLIENT_HEADERS
from umt.adapters.platforms.meta import MetaConnector
from umt.adapters.platforms.oauth2 import OAuthApp
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.audit.entries import entry_for_event
from umt.application.brand.create_brand import CreateBrand
from umt.application.bus import MessageBus
from umt.application.channels.credentials import VaultChannelCredentials
from umt.application.channels.discover_accounts import DiscoverChannelAccounts, Discovery
from umt.application.handlers import HANDLERS
from umt.application.integration.config import IntegrationConfig
from umt.application.integration.vault import store_credentials
from umt.application.principal import Principal
from umt.domain.brand.brand import Brand
from umt.domain.integration.errors import TokenExpired
from umt.domain.integration.integration import (
    Account,
    Integration,
    IntegrationId,
    IntegrationStatus,
)
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.ids import UserId
from umt.domain.shared.network import NetworkPolicy
from umt.ports.platform_connector import Credentials

KEYS = AesGcmKeyRing({"k1": os.urandom(32)})


@pytest.fixture(scope="module")
def graph() -> Iterator[str]:
    with serve_asgi(fake_publishing.publishing_app()) as url:
        yield url


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def parts(
    graph: str, store: InMemoryStore, clock: FixedClock
) -> tuple[MessageBus, VaultChannelCredentials]:
    fake_publishing.reset()
    meta = MetaConnector(
        guarded_client(
            NetworkPolicy(allow_private=True),
            timeout=httpx.Timeout(10.0, connect=2.0),
            headers=CLIENT_HEADERS,
        ),
        OAuthApp(client_id=CLIENT_ID, client_secret=CLIENT_SECRET),
        api_base_url=graph,
        auth_base_url=graph,
        now=lambda: NOW,
    )
    ids = UuidV7Generator()

    def uow() -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(store, ids, audit=entry_for_event)

    config = IntegrationConfig(public_base_url="https://umt.example")
    credentials = VaultChannelCredentials(
        uow_factory=uow,
        credential_cipher=KEYS,
        platforms={Platform.META: meta},
        clock=clock,
        integrations=config,
    )
    services = replace(
        in_memory_services(store, clock),
        credential_cipher=KEYS,
        platforms={Platform.META: meta},
        integrations=config,
        channel_credentials=credentials,
    )
    return MessageBus(uow_factory=uow, services=services, handlers=HANDLERS), credentials


async def connected(
    bus: MessageBus, store: InMemoryStore, owner: Principal, token: str
) -> Integration:
    """A Meta integration of the owner's organization holding ``token`` (as after Facebook
    Login; the OAuth flow itself is test_meta.py's)."""
    integration = Integration.start(
        id=IntegrationId(bus.services.ids.new_id()),
        organization_id=owner.organization_id,
        platform=Platform.META,
        created_by=UserId(owner.user_id),
        now=NOW,
    )
    integration.connect(
        Account(external_id="10158", name="Jane Marketer"),
        scopes=frozenset({"pages_manage_posts"}),
        token_expires_at=None,
        now=NOW,
    )
    uow = InMemoryUnitOfWork(store, UuidV7Generator(), audit=entry_for_event)
    async with uow:
        await uow.integrations.add(integration)
        await store_credentials(uow, KEYS, integration, Credentials(access_token=token))
        await uow.commit()
    return integration


async def test_pages_and_instagram_accounts_become_the_brands_accounts(
    parts: tuple[MessageBus, VaultChannelCredentials], owner: Principal, store: InMemoryStore
) -> None:
    bus, credentials = parts
    integration = await connected(bus, store, owner, "user-token-EAAB")
    brand: Brand = await bus.execute(CreateBrand(name="Acme"), owner)
    result: Discovery = await bus.execute(
        DiscoverChannelAccounts(brand_id=brand.id, integration_id=integration.id), owner
    )
    found = {(a.kind, a.external_id): a for a in result.accounts}
    assert set(found) == {
        (ChannelKind.FACEBOOK_PAGE, "501"),
        (ChannelKind.FACEBOOK_PAGE, "502"),
        (ChannelKind.INSTAGRAM_ACCOUNT, IG_USER),
    }
    page, instagram = (
        found[(ChannelKind.FACEBOOK_PAGE, "501")],
        found[(ChannelKind.INSTAGRAM_ACCOUNT, IG_USER)],
    )
    assert page.has_own_credentials
    assert instagram.details == {"page_id": "501"}
    assert (await credentials.for_account(page)).access_token == PAGE_TOKENS["501"]
    assert (await credentials.for_account(instagram)).access_token == "user-token-EAAB"
    sealed = store.account_credentials[page.id][1]
    assert PAGE_TOKENS["501"].encode() not in sealed.ciphertext


async def test_an_expired_user_token_marks_the_integration(
    parts: tuple[MessageBus, VaultChannelCredentials], owner: Principal, store: InMemoryStore
) -> None:
    bus, _ = parts
    integration = await connected(bus, store, owner, "tok_expired_9f8e")  # Graph error 190
    brand: Brand = await bus.execute(CreateBrand(name="Acme"), owner)
    with pytest.raises(TokenExpired):
        await bus.execute(
            DiscoverChannelAccounts(brand_id=brand.id, integration_id=integration.id), owner
        )
    assert store.integrations[integration.id].status is IntegrationStatus.NEEDS_REAUTH
    assert store.channel_accounts == {}
