"""A disconnected integration's channel accounts: disabled with the reason, what was scheduled
to them failed at once with a typed reason, and active again once the platform account is
connected anew and discovered (the agent's handler of ``integration.revoked``, through the
bus on the in-memory adapters)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from tests.unit.application.channels.test_channel_handlers import (
    FakeDiscovery,
    brand_of,
    by_kind,
    connect,
    discover,
)
from tests.unit.domain.publishing.publication_builders import publication

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.audit.entries import entry_for_event
from umt.application.bus import MessageBus
from umt.application.channels.account_queries import GetChannelAccount
from umt.application.channels.integration_revoked import on_integration_revoked
from umt.application.channels.update_account import UpdateChannelAccount
from umt.application.integration.disconnect import DisconnectIntegration
from umt.application.messaging.envelope import EventMessage, Header, MessageType
from umt.application.principal import Principal
from umt.application.services import Context
from umt.domain.integration.integration import Integration
from umt.domain.publishing.attempts import AttemptOutcome
from umt.domain.publishing.channel_account import (
    AccountStatus,
    ChannelAccount,
    IntegrationDisconnected,
    StatusReason,
)
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.failures import FailureReason
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus
from umt.ports.errors import AlreadyProcessed

S = PublicationStatus


def uow(store: InMemoryStore) -> InMemoryUnitOfWork:
    return InMemoryUnitOfWork(store, UuidV7Generator(), audit=entry_for_event)


async def deliver_revoked(store: InMemoryStore, clock: FixedClock, message_id: Any = None) -> None:
    """The agent's handler run on the last ``integration.revoked`` in the outbox."""
    row = [m for m in store.outbox if m.event_type == "integration.revoked"][-1]
    event = EventMessage(
        header=Header(
            message_id=message_id or row.id,
            message_type=MessageType.EVENT,
            sender_id="outbox-relay",
            timestamp=clock.now(),
        ),
        event_type=row.event_type,
        payload=row.payload,
    )
    key = f"event:content-ad-management:{event.header.message_id}"
    ctx = Context(uow_factory=lambda: uow(store), message_key=key)
    await on_integration_revoked(event, ctx, clock=clock)


async def schedule(
    store: InMemoryStore, clock: FixedClock, account: ChannelAccount, **kw: Any
) -> Publication:
    p = publication(
        now=clock.now(),
        organization_id=account.organization_id,
        brand_id=account.brand_id,
        channel_account_id=account.id,
        channel=account.channel,
        kind=account.kind,
        **kw,
    )
    async with uow(store) as u:
        await u.publications.add(p)
        await u.commit()
    return p


async def load(store: InMemoryStore, p: Publication) -> Publication:
    async with uow(store) as u:
        found = await u.publications.get(p.organization_id, p.id)
    assert found is not None
    return found


async def account_of(bus: MessageBus, owner: Principal, account: ChannelAccount) -> ChannelAccount:
    found: ChannelAccount = await bus.execute(GetChannelAccount(account_id=account.id), owner)
    return found


def events(store: InMemoryStore, event_type: str) -> list[Any]:
    return [m for m in store.outbox if m.event_type == event_type]


@pytest.fixture
async def connected(
    bus: MessageBus, owner: Principal, meta: FakeDiscovery
) -> tuple[Integration, dict[ChannelKind, ChannelAccount]]:
    integration = await connect(bus, owner, meta)
    brand = await brand_of(bus, owner)
    return integration, by_kind(await discover(bus, owner, brand, integration))


async def test_disconnecting_disables_its_accounts_and_fails_what_was_scheduled_to_them(
    bus: MessageBus,
    owner: Principal,
    store: InMemoryStore,
    clock: FixedClock,
    connected: tuple[Integration, dict[ChannelKind, ChannelAccount]],
) -> None:
    integration, accounts = connected
    fb, ig = accounts[ChannelKind.FACEBOOK_PAGE], accounts[ChannelKind.INSTAGRAM_ACCOUNT]
    soon = await schedule(store, clock, fb, due_in=timedelta(hours=1))
    later = await schedule(store, clock, fb, due_in=timedelta(days=3))
    on_ig = await schedule(store, clock, ig)
    cancelled = await schedule(store, clock, ig)
    async with uow(store) as u:
        c = await u.publications.get(cancelled.organization_id, cancelled.id)
        assert c is not None
        c.cancel(now=clock.now())
        await u.publications.save(c)
        await u.commit()
    updates_before = len(events(store, "channel_account.updated"))

    await bus.execute(DisconnectIntegration(integration_id=integration.id), owner)
    await deliver_revoked(store, clock)

    for account in (fb, ig):
        stored = await account_of(bus, owner, account)
        assert stored.status is AccountStatus.DISABLED
        assert stored.status_reason is StatusReason.INTEGRATION_REVOKED
    updates = events(store, "channel_account.updated")[updates_before:]
    assert sorted(m.aggregate_id for m in updates) == sorted([fb.id, ig.id])
    assert updates[0].payload["data"]["after"] == {
        "status": "disabled",
        "status_reason": "integration_revoked",
    }
    for p in (soon, later, on_ig):
        failed = await load(store, p)
        assert failed.status is S.FAILED
        assert failed.failure is not None
        assert failed.failure[0] is FailureReason.ACCOUNT_UNAVAILABLE
        assert "disconnected" in failed.failure[2]
        assert [a.outcome for a in failed.attempts] == [AttemptOutcome.FAILED]
    assert (await load(store, cancelled)).status is S.CANCELLED  # final: left alone
    failures = events(store, "publication.failed")
    assert sorted(m.aggregate_id for m in failures) == sorted([soon.id, later.id, on_ig.id])
    assert {m.payload["data"]["reason"] for m in failures} == {"account_unavailable"}


async def test_a_redelivered_revocation_changes_nothing_twice(
    bus: MessageBus,
    owner: Principal,
    store: InMemoryStore,
    clock: FixedClock,
    connected: tuple[Integration, dict[ChannelKind, ChannelAccount]],
) -> None:
    integration, accounts = connected
    await schedule(store, clock, accounts[ChannelKind.FACEBOOK_PAGE])
    await bus.execute(DisconnectIntegration(integration_id=integration.id), owner)
    await deliver_revoked(store, clock)
    outbox = len(store.outbox)

    with pytest.raises(AlreadyProcessed):  # the same delivery: the inbox refuses it
        await deliver_revoked(store, clock)
    await deliver_revoked(store, clock, message_id=uuid.uuid4())  # a copy: nothing left to do

    assert len(store.outbox) == outbox


async def test_an_account_a_person_disabled_stays_so_but_its_schedule_fails_too(
    bus: MessageBus,
    owner: Principal,
    store: InMemoryStore,
    clock: FixedClock,
    connected: tuple[Integration, dict[ChannelKind, ChannelAccount]],
) -> None:
    integration, accounts = connected
    ig = accounts[ChannelKind.INSTAGRAM_ACCOUNT]
    await bus.execute(UpdateChannelAccount(account_id=ig.id, changes={"status": "disabled"}), owner)
    p = await schedule(store, clock, ig)

    await bus.execute(DisconnectIntegration(integration_id=integration.id), owner)
    await deliver_revoked(store, clock)

    stored = await account_of(bus, owner, ig)
    assert (stored.status, stored.status_reason) == (AccountStatus.DISABLED, None)
    assert (await load(store, p)).status is S.FAILED


async def test_a_person_cannot_switch_a_disconnected_account_back_on(
    bus: MessageBus,
    owner: Principal,
    store: InMemoryStore,
    clock: FixedClock,
    connected: tuple[Integration, dict[ChannelKind, ChannelAccount]],
) -> None:
    integration, accounts = connected
    fb = accounts[ChannelKind.FACEBOOK_PAGE]
    await bus.execute(DisconnectIntegration(integration_id=integration.id), owner)
    await deliver_revoked(store, clock)
    outbox = len(store.outbox)

    with pytest.raises(IntegrationDisconnected):
        await bus.execute(
            UpdateChannelAccount(account_id=fb.id, changes={"status": "active"}), owner
        )

    stored = await account_of(bus, owner, fb)
    assert stored.status is AccountStatus.DISABLED
    assert len(store.outbox) == outbox
    # its other settings still change
    await bus.execute(
        UpdateChannelAccount(account_id=fb.id, changes={"time_zone": "Europe/Paris"}), owner
    )
    assert (await account_of(bus, owner, fb)).time_zone == "Europe/Paris"


async def test_reconnecting_and_discovering_makes_them_active_on_the_new_integration(
    bus: MessageBus,
    owner: Principal,
    store: InMemoryStore,
    clock: FixedClock,
    meta: FakeDiscovery,
    connected: tuple[Integration, dict[ChannelKind, ChannelAccount]],
) -> None:
    integration, accounts = connected
    fb, ig = accounts[ChannelKind.FACEBOOK_PAGE], accounts[ChannelKind.INSTAGRAM_ACCOUNT]
    await bus.execute(UpdateChannelAccount(account_id=ig.id, changes={"status": "disabled"}), owner)
    p = await schedule(store, clock, fb)
    await bus.execute(DisconnectIntegration(integration_id=integration.id), owner)
    await deliver_revoked(store, clock)

    again = await connect(bus, owner, meta)  # a new integration for the same platform account
    assert again.id != integration.id
    brand_id = fb.brand_id
    async with uow(store) as u:
        brand = await u.brands.get(owner.organization_id, brand_id)
    assert brand is not None
    result = await discover(bus, owner, brand, again)

    assert (result.added, result.refreshed) == (0, 2)
    after = by_kind(result)
    assert {a.id for a in after.values()} == {fb.id, ig.id}  # the same accounts, moved
    fb_now, ig_now = after[ChannelKind.FACEBOOK_PAGE], after[ChannelKind.INSTAGRAM_ACCOUNT]
    assert (fb_now.status, fb_now.status_reason) == (AccountStatus.ACTIVE, None)
    assert fb_now.integration_id == again.id
    assert ig_now.status is AccountStatus.DISABLED  # a person's choice survives
    assert ig_now.integration_id == again.id
    # the page token of the new grant is sealed under the account
    assert fb.id in store.account_credentials
    # the failed publication is retried by a person: scheduled again
    async with uow(store) as u:
        failed = await u.publications.get(p.organization_id, p.id)
        assert failed is not None
        failed.retry(now=clock.now())
        await u.publications.save(failed)
        await u.commit()
    assert (await load(store, p)).status is S.SCHEDULED


async def test_an_account_of_another_live_integration_is_not_taken_over(
    bus: MessageBus,
    owner: Principal,
    store: InMemoryStore,
    meta: FakeDiscovery,
    connected: tuple[Integration, dict[ChannelKind, ChannelAccount]],
) -> None:
    integration, accounts = connected
    fb = accounts[ChannelKind.FACEBOOK_PAGE]
    # a second, live, connection that also reaches the page
    meta.account_id = "meta-second"
    second = await connect(bus, owner, meta)
    assert second.id != integration.id
    async with uow(store) as u:
        brand = await u.brands.get(owner.organization_id, fb.brand_id)
    assert brand is not None

    result = await discover(bus, owner, brand, second)

    assert result.accounts == ()  # the brand keeps the page with its first integration
    assert (await account_of(bus, owner, fb)).integration_id == integration.id
