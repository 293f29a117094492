"""Contracts of the webhook repositories (subscriptions, deliveries with attempts and their
claim, inbound webhooks), run against every adapter (see conftest.uow_factory)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from tests.contracts.conftest import UowFactory

from umt.domain.integration.deliveries import (
    AttemptResult,
    DeliveryStatus,
    RetryPolicy,
    WebhookDelivery,
)
from umt.domain.integration.inbound import InboundWebhook
from umt.domain.integration.platforms import Platform
from umt.domain.integration.webhooks import SealedSigningSecret, WebhookSubscription
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.values import Url

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
POLICY = RetryPolicy(max_attempts=3, base_seconds=1, max_seconds=10)


def subscription(org: uuid.UUID | None = None, *types: str) -> WebhookSubscription:
    return WebhookSubscription.create(
        id=uuid.uuid4(),
        organization_id=org or uuid.uuid4(),
        url=Url("https://hooks.example.com/a"),
        event_types=list(types or ("brand.*",)),
        description="mine",
        secret=SealedSigningSecret("k1", b"\x01sealed-bytes"),
        now=T0,
    )


def delivery(
    sub: WebhookSubscription, event_id: uuid.UUID | None = None, *, at: datetime = T0
) -> WebhookDelivery:
    return WebhookDelivery.for_event(
        id=uuid.uuid4(),
        subscription=sub,
        event_id=event_id or uuid.uuid4(),
        event_type="brand.created",
        payload={"type": "brand.created", "data": {"name": "Acme"}},
        now=at,
    )


async def add(factory: UowFactory, *items: WebhookSubscription | WebhookDelivery) -> None:
    async with factory() as uow:
        for item in items:
            if isinstance(item, WebhookSubscription):
                await uow.webhook_subscriptions.add(item)
            else:
                assert await uow.webhook_deliveries.add(item)
        await uow.commit()


class TestWebhookSubscriptionRepository:
    async def test_round_trip_tenancy_and_list_order(self, uow_factory: UowFactory) -> None:
        first = subscription()
        second = subscription(first.organization_id, "project.*", "#")
        second.created_at = T0 + timedelta(seconds=1)
        other = subscription()
        await add(uow_factory, second, first, other)
        async with uow_factory() as uow:
            loaded = await uow.webhook_subscriptions.get(first.organization_id, first.id)
            assert loaded == first
            assert await uow.webhook_subscriptions.get(other.organization_id, first.id) is None
            listed = await uow.webhook_subscriptions.list(first.organization_id)
        assert [s.id for s in listed] == [first.id, second.id]
        assert listed[1].event_types == ("project.*", "#")
        assert listed[0].secret == SealedSigningSecret("k1", b"\x01sealed-bytes")

    async def test_save_checks_the_version(self, uow_factory: UowFactory) -> None:
        sub = subscription()
        await add(uow_factory, sub)
        async with uow_factory() as uow:
            a = await uow.webhook_subscriptions.get(sub.organization_id, sub.id)
        async with uow_factory() as uow:
            b = await uow.webhook_subscriptions.get(sub.organization_id, sub.id)
        assert a is not None
        assert b is not None
        a.change(now=T0, active=False)
        async with uow_factory() as uow:
            await uow.webhook_subscriptions.save(a)
            await uow.commit()
        b.change(now=T0, description="late")

        async def save_late() -> None:
            async with uow_factory() as uow:
                await uow.webhook_subscriptions.save(b)
                await uow.commit()

        with pytest.raises(StaleVersion):
            await save_late()
        async with uow_factory() as uow:
            stored = await uow.webhook_subscriptions.get(sub.organization_id, sub.id)
        assert stored is not None
        assert (stored.active, stored.version) == (False, 2)

    async def test_remove_takes_the_deliveries_along(self, uow_factory: UowFactory) -> None:
        sub = subscription()
        sent = delivery(sub)
        await add(uow_factory, sub, sent)
        async with uow_factory() as uow:
            await uow.webhook_subscriptions.remove(sub)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.webhook_subscriptions.get(sub.organization_id, sub.id) is None
            assert await uow.webhook_deliveries.get(sub.organization_id, sent.id) is None


class TestWebhookDeliveryRepository:
    async def test_one_delivery_per_subscription_and_event(self, uow_factory: UowFactory) -> None:
        sub = subscription()
        event_id = uuid.uuid4()
        await add(uow_factory, sub, delivery(sub, event_id))
        async with uow_factory() as uow:
            assert not await uow.webhook_deliveries.add(delivery(sub, event_id))
            assert await uow.webhook_deliveries.add(delivery(sub))  # the tx is still usable
            await uow.commit()
        async with uow_factory() as uow:
            listed = await uow.webhook_deliveries.list_for_subscription(
                sub.organization_id, sub.id, limit=10
            )
        assert len(listed) == 2

    async def test_attempts_are_kept_in_order(self, uow_factory: UowFactory) -> None:
        sub = subscription()
        sent = delivery(sub)
        await add(uow_factory, sub, sent)
        for status in (500, 200):
            attempt = sent.record(
                AttemptResult(status, 12, "body"), now=T0, policy=POLICY, jitter=0
            )
            async with uow_factory() as uow:
                await uow.webhook_deliveries.save(sent, attempt)
                await uow.commit()
        async with uow_factory() as uow:
            loaded = await uow.webhook_deliveries.get(sub.organization_id, sent.id)
            assert await uow.webhook_deliveries.get(uuid.uuid4(), sent.id) is None
        assert loaded is not None
        assert loaded.status is DeliveryStatus.DELIVERED
        assert [(a.number, a.status_code) for a in loaded.attempt_log] == [(1, 500), (2, 200)]
        assert loaded.payload == sent.payload

    async def test_claim_takes_due_pending_ones_once(self, uow_factory: UowFactory) -> None:
        sub = subscription()
        due = [delivery(sub, at=T0 - timedelta(seconds=i)) for i in range(3)]
        later = delivery(sub, at=T0 + timedelta(hours=1))
        done = delivery(sub, at=T0 - timedelta(hours=1))
        done.record(AttemptResult(200, 1), now=T0, policy=POLICY, jitter=0)
        await add(uow_factory, sub, *due, later, done)
        async with uow_factory() as uow:
            await uow.webhook_deliveries.save(done, None)
            await uow.commit()
        lease = T0 + timedelta(minutes=2)
        async with uow_factory() as uow:
            first = await uow.webhook_deliveries.claim_due(T0, limit=2, lease_until=lease)
            await uow.commit()
        async with uow_factory() as uow:
            second = await uow.webhook_deliveries.claim_due(T0, limit=10, lease_until=lease)
            await uow.commit()
        assert len(first) == 2
        assert {d.id for d in first} | {d.id for d in second} == {d.id for d in due}
        assert not {d.id for d in first} & {d.id for d in second}
        async with uow_factory() as uow:  # the lease ran out: due again
            again = await uow.webhook_deliveries.claim_due(lease, limit=10, lease_until=lease)
        assert {d.id for d in again} == {d.id for d in due}

    async def test_concurrent_claims_never_share_a_delivery(self, uow_factory: UowFactory) -> None:
        sub = subscription()
        items = [delivery(sub, at=T0 - timedelta(seconds=i)) for i in range(12)]
        await add(uow_factory, sub, *items)

        async def claim() -> list[uuid.UUID]:
            async with uow_factory() as uow:
                got = await uow.webhook_deliveries.claim_due(
                    T0, limit=4, lease_until=T0 + timedelta(minutes=5)
                )
                await uow.commit()
            return [d.id for d in got]

        results = await asyncio.gather(*(claim() for _ in range(3)))
        flat = [i for ids in results for i in ids]
        assert len(flat) == len(set(flat)) == 12


class TestInboundWebhookRepository:
    async def test_stored_once_per_platform_and_digest(self, uow_factory: UowFactory) -> None:
        def inbound(platform: Platform = Platform.META) -> InboundWebhook:
            return InboundWebhook(
                id=uuid.uuid4(),
                platform=platform,
                received_at=T0,
                scheme="meta-sha256",
                digest="d" * 64,
                headers={"content-type": "application/json"},
                body=b'{"object":"page"}',
            )

        first = inbound()
        async with uow_factory() as uow:
            assert await uow.inbound_webhooks.add(first)
            await uow.commit()
        async with uow_factory() as uow:
            assert not await uow.inbound_webhooks.add(inbound())
            assert await uow.inbound_webhooks.add(inbound(Platform.X))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.inbound_webhooks.get(first.id) == first
