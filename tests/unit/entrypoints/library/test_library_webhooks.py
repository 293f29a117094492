"""Webhooks through the library API: subscribe, receive the event on a loopback receiver,
see the delivery; and verify an inbound webhook without HTTP."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from tests.support.webhook_receiver import verify_standard_webhook, webhook_receiver

import umt
from umt.domain.integration.deliveries import DeliveryStatus
from umt.domain.integration.signatures import standard
from umt.domain.integration.signatures.common import WebhookSignatureInvalid
from umt.domain.shared.errors import PermissionDenied
from umt.entrypoints.settings import Settings


def settings(tmp_path: Path, sandbox: str) -> Settings:
    return Settings(
        database_url="memory://",
        data_dir=tmp_path,
        rate_limits=False,
        webhook_allow_private_urls=True,
        webhook_poll_seconds=0.05,
        webhook_sandbox_secret=sandbox,
        _env_file=None,
    )


async def test_subscribe_deliver_and_receive(tmp_path: Path) -> None:
    sandbox = standard.new_secret()
    with webhook_receiver() as receiver:
        async with umt.connect(settings(tmp_path, sandbox)) as platform:
            me = await platform.register("ana@acme.example", "a long passphrase", "Acme")
            created = await platform.webhooks.subscribe(me, receiver.url, ["brand.created"])
            await platform.brands.create(me, name="Acme Coffee")
            [request] = await asyncio.to_thread(receiver.wait_for, 1)
            assert verify_standard_webhook(created.secret, request)
            async with asyncio.timeout(10):
                while True:
                    [delivery] = await platform.webhooks.deliveries(me, created.subscription.id)
                    if delivery.status is DeliveryStatus.DELIVERED:
                        break
                    await asyncio.sleep(0.05)
            assert [s.id for s in await platform.webhooks.list(me)] == [created.subscription.id]

            body = b'{"event":"ping"}'
            headers = standard.headers(sandbox, "msg_lib", int(time.time()), body)
            first = await platform.webhooks.receive("sandbox", body, headers)
            again = await platform.webhooks.receive("sandbox", body, headers)
            assert (first.duplicate, again.duplicate) == (False, True)
            with pytest.raises(WebhookSignatureInvalid):
                await platform.webhooks.receive("sandbox", body + b"!", headers)


async def test_a_viewer_cannot_manage_webhooks(tmp_path: Path) -> None:
    from uuid import UUID

    from umt.application.identity.create_user import CreateUser
    from umt.domain.identity.permissions import Role

    async with umt.connect(settings(tmp_path, standard.new_secret())) as platform:
        owner = await platform.register("o@acme.example", "a long passphrase", "Acme")
        await platform.bus.execute(
            CreateUser(
                email="v@acme.example",
                password="a long passphrase",
                role=Role.VIEWER,
                organization_id=UUID(str(owner.principal.organization_id)),
            )
        )
        viewer = await platform.login("v@acme.example", "a long passphrase")
        with pytest.raises(PermissionDenied):
            await platform.webhooks.list(viewer)


async def test_two_copies_racing_are_stored_once(tmp_path: Path) -> None:
    sandbox = standard.new_secret()
    async with umt.connect(settings(tmp_path, sandbox)) as platform:
        body = b'{"event":"race"}'
        headers = standard.headers(sandbox, "msg_race", int(time.time()), body)
        receipts = await asyncio.gather(
            *(platform.webhooks.receive("sandbox", body, headers) for _ in range(5))
        )
        assert sorted(r.duplicate for r in receipts) == [False, True, True, True, True]
        store = platform._container.memory_store()
        assert len(store.inbound_webhooks) == 1
        announced = [m for m in store.outbox if m.event_type == "integration.webhook_received"]
        assert len(announced) == 1
