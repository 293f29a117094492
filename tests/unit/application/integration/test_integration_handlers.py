"""The integration use cases through the bus, on the in-memory adapters, with a scripted
platform (tests/support/fake_platform.py)."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

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
from umt.application.bus import MessageBus
from umt.application.handlers import HANDLERS
from umt.application.integration.authorize import (
    AuthorizationCompleted,
    AuthorizationStarted,
    CompleteAuthorization,
    StartAuthorization,
)
from umt.application.integration.config import IntegrationConfig
from umt.application.integration.connect_form import ConnectWithForm
from umt.application.integration.disconnect import DisconnectIntegration
from umt.application.integration.maintenance import (
    CheckIntegrationHealth,
    RefreshIntegrationTokens,
)
from umt.application.integration.queries import (
    GetIntegration,
    ListIntegrations,
    ListPlatforms,
    PlatformView,
)
from umt.application.integration.scheduler import IntegrationScheduler
from umt.application.principal import Principal
from umt.domain.identity.permissions import Role
from umt.domain.integration.errors import (
    AuthorizationDenied,
    InvalidCredentials,
    OAuthStateInvalid,
    PlatformNotConfigured,
    PlatformUnavailable,
    RateLimited,
    TokenRevoked,
    WrongAuthMethod,
)
from umt.domain.integration.integration import Integration, IntegrationStatus
from umt.domain.integration.platforms import AuthMethod, Platform
from umt.domain.shared.errors import IllegalTransition, InvalidValue, NotFound, PermissionDenied
from umt.ports.platform_connector import Credentials

KEYS = AesGcmKeyRing({"k1": os.urandom(32)})


@pytest.fixture
def oauth(clock: FixedClock) -> FakePlatformConnector:
    return FakePlatformConnector(clock)


@pytest.fixture
def form(clock: FixedClock) -> FakePlatformConnector:
    return FakePlatformConnector(
        clock, platform=Platform.MAILCHIMP, auth_method=AuthMethod.API_KEY, account_id="list-9"
    )


@pytest.fixture
def bus(
    store: InMemoryStore,
    clock: FixedClock,
    oauth: FakePlatformConnector,
    form: FakePlatformConnector,
) -> MessageBus:
    ids = UuidV7Generator()
    services = replace(
        in_memory_services(store, clock),
        credential_cipher=KEYS,
        platforms={Platform.SANDBOX: oauth, Platform.MAILCHIMP: form},
        integrations=IntegrationConfig(public_base_url="https://umt.example"),
    )
    return MessageBus(
        uow_factory=lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event),
        services=services,
        handlers=HANDLERS,
    )


async def start(bus: MessageBus, owner: Principal, **kw: object) -> AuthorizationStarted:
    started: AuthorizationStarted = await bus.execute(
        StartAuthorization(platform="sandbox", **kw),
        owner,  # type: ignore[arg-type]
    )
    return started


async def connect(bus: MessageBus, owner: Principal, oauth: FakePlatformConnector) -> Integration:
    started = await start(bus, owner)
    code = oauth.grant(started.state)
    done: AuthorizationCompleted = await bus.execute(
        CompleteAuthorization(
            platform="sandbox", state=started.state, binding=started.binding, code=code
        )
    )
    return done.integration


async def test_the_authorization_url_carries_pkce_s256_and_the_state(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    started = await start(bus, owner, scopes=["read"])
    query = parse_qs(urlparse(started.authorization_url).query)
    assert query["state"] == [started.state]
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == ["https://umt.example/api/v1/integrations/sandbox/callback"]
    assert query["scope"] == ["read"]
    # stored: hashes and a sealed verifier only
    (pending,) = store.oauth_states.values()
    assert started.state not in repr(pending)
    assert started.binding not in repr(pending)
    assert started.binding not in repr(started)


async def test_the_callback_connects_and_seals_the_tokens(
    bus: MessageBus, owner: Principal, oauth: FakePlatformConnector, store: InMemoryStore
) -> None:
    integration = await connect(bus, owner, oauth)
    assert integration.status is IntegrationStatus.CONNECTED
    assert integration.account is not None
    assert integration.account.external_id == "acct-1"
    assert integration.scopes == {"read", "publish"}
    assert integration.created_by == owner.user_id
    assert integration.next_refresh_at is not None
    org, sealed = store.credentials[integration.id]
    assert org == owner.organization_id
    assert SECRET.encode() not in sealed.ciphertext
    opened = Credentials.from_bytes(
        KEYS.open(sealed, organization_id=org, integration_id=integration.id)
    )
    assert opened.access_token.startswith(SECRET)
    assert [m.event_type for m in store.outbox if m.aggregate_id == integration.id] == [
        "integration.connected"
    ]


async def test_a_state_is_single_use_and_needs_its_cookie(
    bus: MessageBus, owner: Principal, oauth: FakePlatformConnector, store: InMemoryStore
) -> None:
    started = await start(bus, owner)
    code = oauth.grant(started.state)
    with pytest.raises(OAuthStateInvalid):  # no cookie: the state is spent, nothing stored
        await bus.execute(CompleteAuthorization(platform="sandbox", state=started.state, code=code))
    with pytest.raises(OAuthStateInvalid):  # reused
        await bus.execute(
            CompleteAuthorization(
                platform="sandbox", state=started.state, binding=started.binding, code=code
            )
        )
    assert store.integrations == {}
    assert store.credentials == {}


@pytest.mark.parametrize(
    "change",
    [
        {"state": "forged"},
        {"binding": "another-browser"},
        {"platform": "meta"},
        {"error": "access_denied"},
    ],
)
async def test_bad_callbacks_store_nothing(
    bus: MessageBus,
    owner: Principal,
    oauth: FakePlatformConnector,
    store: InMemoryStore,
    change: dict[str, str],
) -> None:
    started = await start(bus, owner)
    fields = {
        "platform": "sandbox",
        "state": started.state,
        "binding": started.binding,
        "code": oauth.grant(started.state),
        **change,
    }
    expected = AuthorizationDenied if "error" in change else OAuthStateInvalid
    with pytest.raises(expected):
        await bus.execute(CompleteAuthorization(**fields))
    assert store.integrations == {}
    assert store.credentials == {}


async def test_an_expired_state_is_refused(
    bus: MessageBus, owner: Principal, oauth: FakePlatformConnector, clock: FixedClock
) -> None:
    started = await start(bus, owner)
    clock.advance(timedelta(minutes=11))
    with pytest.raises(OAuthStateInvalid, match="expired"):
        await bus.execute(
            CompleteAuthorization(
                platform="sandbox",
                state=started.state,
                binding=started.binding,
                code=oauth.grant(started.state),
            )
        )


async def test_reconnecting_the_same_account_updates_it(
    bus: MessageBus, owner: Principal, oauth: FakePlatformConnector, store: InMemoryStore
) -> None:
    first = await connect(bus, owner, oauth)
    second = await connect(bus, owner, oauth)
    assert second.id == first.id
    assert len(store.integrations) == 1
    listed = await bus.execute(ListIntegrations(), owner)
    assert [i.id for i in listed] == [first.id]


async def test_form_platforms_validate_fields_and_connect(
    bus: MessageBus, owner: Principal, form: FakePlatformConnector
) -> None:
    with pytest.raises(InvalidValue) as unknown:
        await bus.execute(
            ConnectWithForm(
                platform="mailchimp", fields={"site": "x", "api_key": "k", "extra": "1"}
            ),
            owner,
        )
    assert unknown.value.field == "fields.extra"
    with pytest.raises(InvalidValue) as missing:
        await bus.execute(ConnectWithForm(platform="mailchimp", fields={"site": "x"}), owner)
    assert missing.value.field == "fields.api_key"
    with pytest.raises(InvalidCredentials):
        await bus.execute(
            ConnectWithForm(platform="mailchimp", fields={"site": "x", "api_key": "wrong"}), owner
        )
    integration = await bus.execute(
        ConnectWithForm(platform="mailchimp", fields={"site": "x", "api_key": f"{SECRET}-k"}),
        owner,
    )
    assert integration.status is IntegrationStatus.CONNECTED
    with pytest.raises(WrongAuthMethod):
        await bus.execute(StartAuthorization(platform="mailchimp"), owner)
    with pytest.raises(WrongAuthMethod):
        await bus.execute(ConnectWithForm(platform="sandbox", fields={}), owner)


async def test_platforms_list_says_what_is_configured(bus: MessageBus, owner: Principal) -> None:
    views: list[PlatformView] = await bus.execute(ListPlatforms(), owner)
    by_name = {v.platform: v for v in views}
    assert set(by_name) == set(Platform)
    assert by_name[Platform.SANDBOX].configured
    assert by_name[Platform.SANDBOX].auth_method is AuthMethod.OAUTH2
    assert [f.name for f in by_name[Platform.MAILCHIMP].form_fields] == ["site", "api_key"]
    assert not by_name[Platform.META].configured
    with pytest.raises(PlatformNotConfigured):
        await bus.execute(StartAuthorization(platform="meta"), owner)
    with pytest.raises(NotFound):
        await bus.execute(StartAuthorization(platform="myspace"), owner)


async def test_roles_and_tenants(
    bus: MessageBus, owner: Principal, other_owner: Principal, oauth: FakePlatformConnector
) -> None:
    integration = await connect(bus, owner, oauth)
    viewer = await add_member(bus, owner, "viewer@acme.example", Role.VIEWER)
    manager = await add_member(bus, owner, "bm@acme.example", Role.BRAND_MANAGER)
    for command in (GetIntegration(integration_id=integration.id), ListIntegrations()):
        with pytest.raises(PermissionDenied):
            await bus.execute(command, viewer)
    with pytest.raises(PermissionDenied):
        await bus.execute(StartAuthorization(platform="sandbox"), viewer)
    assert (await bus.execute(GetIntegration(integration_id=integration.id), manager)).id == (
        integration.id
    )
    with pytest.raises(NotFound):
        await bus.execute(GetIntegration(integration_id=integration.id), other_owner)
    with pytest.raises(NotFound):
        await bus.execute(DisconnectIntegration(integration_id=integration.id), other_owner)
    with pytest.raises(NotFound):  # a member's task cannot name another organization
        await bus.execute(
            RefreshIntegrationTokens(
                integration_id=integration.id, organization_id=owner.organization_id
            ),
            other_owner,
        )


async def test_a_refresh_keeps_the_stored_refresh_token(
    bus: MessageBus, owner: Principal, oauth: FakePlatformConnector, store: InMemoryStore
) -> None:
    integration = await connect(bus, owner, oauth)
    before = _credentials(store, integration)
    refreshed = await bus.execute(
        RefreshIntegrationTokens(
            integration_id=integration.id, organization_id=owner.organization_id
        )
    )
    after = _credentials(store, integration)
    assert after.access_token != before.access_token
    assert after.refresh_token == before.refresh_token  # the platform sent none
    assert refreshed.status is IntegrationStatus.CONNECTED
    events = [m.event_type for m in store.outbox if m.aggregate_id == integration.id]
    assert events[-1] == "integration.tokens_refreshed"


async def test_a_refused_refresh_needs_reauth_once(
    bus: MessageBus, owner: Principal, oauth: FakePlatformConnector, store: InMemoryStore
) -> None:
    integration = await connect(bus, owner, oauth)
    refresh = RefreshIntegrationTokens(
        integration_id=integration.id, organization_id=owner.organization_id
    )
    oauth.errors["refresh"].append(TokenRevoked("revoked", platform="sandbox", status=400))
    result = await bus.execute(refresh)
    assert result.status is IntegrationStatus.NEEDS_REAUTH
    assert result.error_reason == "token_revoked"
    oauth.errors["refresh"].append(TokenRevoked("revoked", platform="sandbox", status=400))
    await bus.execute(refresh)  # not refreshable any more: no call, no second event
    await bus.execute(
        CheckIntegrationHealth(integration_id=integration.id, organization_id=owner.organization_id)
    )
    events = [m.event_type for m in store.outbox if m.aggregate_id == integration.id]
    assert events.count("integration.needs_reauth") == 1


async def test_a_transient_refresh_failure_retries_later_status_unchanged(
    bus: MessageBus,
    owner: Principal,
    oauth: FakePlatformConnector,
    store: InMemoryStore,
    clock: FixedClock,
) -> None:
    integration = await connect(bus, owner, oauth)
    refresh = RefreshIntegrationTokens(
        integration_id=integration.id, organization_id=owner.organization_id
    )
    oauth.errors["refresh"].append(
        RateLimited("slow down", platform="sandbox", retry_after_seconds=900)
    )
    result = await bus.execute(refresh)
    assert result.status is IntegrationStatus.CONNECTED
    assert result.next_refresh_at == clock.now() + timedelta(seconds=900)
    oauth.errors["refresh"].append(PlatformUnavailable("down", platform="sandbox", status=503))
    result = await bus.execute(refresh)
    assert result.status is IntegrationStatus.CONNECTED
    assert result.next_refresh_at == clock.now() + timedelta(minutes=5)


async def test_health_checks_record_and_move_the_status(
    bus: MessageBus,
    owner: Principal,
    oauth: FakePlatformConnector,
    store: InMemoryStore,
    clock: FixedClock,
) -> None:
    integration = await connect(bus, owner, oauth)
    check = CheckIntegrationHealth(integration_id=integration.id)
    ok = await bus.execute(check, owner)
    assert ok.last_health is not None
    assert ok.last_health.ok
    assert ok.last_health.checked_at == clock.now()
    oauth.errors["test_connection"].append(PlatformUnavailable("down", platform="sandbox"))
    clock.advance(timedelta(minutes=1))
    down = await bus.execute(check, owner)
    assert down.status is IntegrationStatus.ERROR
    assert down.error_reason == "platform_unavailable"
    back = await bus.execute(check, owner)
    assert back.status is IntegrationStatus.CONNECTED
    oauth.errors["test_connection"].append(TokenRevoked("revoked", platform="sandbox"))
    gone = await bus.execute(check, owner)
    assert gone.status is IntegrationStatus.NEEDS_REAUTH
    events = [m.event_type for m in store.outbox if m.aggregate_id == integration.id]
    assert events.count("integration.health_checked") == 4
    assert events.count("integration.failed") == 1


async def test_disconnect_revokes_and_destroys_credentials(
    bus: MessageBus, owner: Principal, oauth: FakePlatformConnector, store: InMemoryStore
) -> None:
    integration = await connect(bus, owner, oauth)
    oauth.errors["revoke"].append(PlatformUnavailable("down", platform="sandbox"))
    revoked = await bus.execute(DisconnectIntegration(integration_id=integration.id), owner)
    assert revoked.status is IntegrationStatus.REVOKED
    assert integration.id not in store.credentials
    assert oauth.calls.count("revoke") == 1  # tried, failed, disconnected anyway
    again = await bus.execute(DisconnectIntegration(integration_id=integration.id), owner)
    assert again.status is IntegrationStatus.REVOKED
    with pytest.raises(IllegalTransition):
        await bus.execute(CheckIntegrationHealth(integration_id=integration.id), owner)
    # the account can be connected anew: a new integration
    fresh = await connect(bus, owner, oauth)
    assert fresh.id != integration.id


async def test_the_scheduler_submits_due_work_once(
    bus: MessageBus,
    owner: Principal,
    oauth: FakePlatformConnector,
    store: InMemoryStore,
    clock: FixedClock,
) -> None:
    from umt.adapters.memory.broker import InProcessBroker

    integration = await connect(bus, owner, oauth)
    broker = InProcessBroker()
    published: list[bytes] = []

    async def capture(agent: str, body: bytes, priority: int | None = None) -> None:
        published.append(body)

    broker.publish_task = capture  # type: ignore[method-assign]
    scheduler = IntegrationScheduler(
        lambda: InMemoryUnitOfWork(store, UuidV7Generator(), audit=entry_for_event),
        broker,
        clock=clock,
        ids=UuidV7Generator(),
    )
    assert await scheduler.tick() == 0
    clock.advance(timedelta(minutes=55))  # the 1-hour token is due 10 minutes before expiry
    assert await scheduler.tick() == 1
    assert await scheduler.tick() == 0  # claimed: not handed out twice
    assert b"integration.refresh_tokens" in published[0]
    assert str(integration.id).encode() in published[0]
    await broker.close()


def _credentials(store: InMemoryStore, integration: Integration) -> Credentials:
    org, sealed = store.credentials[integration.id]
    return Credentials.from_bytes(
        KEYS.open(sealed, organization_id=org, integration_id=integration.id)
    )
