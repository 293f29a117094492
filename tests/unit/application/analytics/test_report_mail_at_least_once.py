"""A scheduled report's mail goes out at least once: the process dies between sending the
mails and marking them sent (the step killed there), and once the mail's lease has run out
another loop sends them again, once, with the same Message-IDs, so receivers can drop the
copies; a mail server that refuses leaves the mail pending until it takes it."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest
from tests.support.mail import RecordingMail
from tests.unit.application.analytics.test_report_schedules import (  # the same fixtures
    FIRST_RUN,
    analytics_config,
    clock,
    loop,
    weekly,
)

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.system.clock import FixedClock
from umt.application.analytics.reports.delivery import MAIL_LEASE
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.ports.mail_sender import OutboundMail


class ProcessKilled(BaseException):
    """The process dies: nothing after it runs (a BaseException, as a kill is not caught by
    the loop's ``except Exception``)."""


class DiesAfterSending(RecordingMail):
    """Sends every mail it is handed, then the process dies right after the last one, before
    anything marks them sent."""

    def __init__(self, recipients: int) -> None:
        super().__init__()
        self._left = recipients

    async def send(self, mail: OutboundMail) -> None:
        await super().send(mail)
        self._left -= 1
        if self._left == 0:
            raise ProcessKilled


def by_recipient(mail: RecordingMail) -> dict[str, list[str | None]]:
    sent: dict[str, list[str | None]] = {}
    for message in mail.sent:
        sent.setdefault(message.to, []).append(message.message_id)
    return sent


async def test_a_crash_between_sending_and_marking_resends_once_with_the_same_ids(
    bus: MessageBus, owner: Principal, brand_id: UUID, store: InMemoryStore, clock: FixedClock
) -> None:
    await weekly(bus, owner, brand_id)
    clock.advance(FIRST_RUN - clock.now() + timedelta(minutes=1))
    dying = DiesAfterSending(recipients=2)

    with pytest.raises(ProcessKilled):
        await loop(store, clock, dying).tick()

    (delivery,) = store.report_deliveries.values()
    assert delivery.mail_status.value == "pending"  # sent, but the mark was lost
    assert len(dying.sent) == 2
    survivor = RecordingMail()
    assert await loop(store, clock, survivor).tick() == 0  # the dead sender's lease holds
    assert survivor.sent == []

    clock.advance(MAIL_LEASE)
    await loop(store, clock, survivor).tick()
    clock.advance(MAIL_LEASE)
    await loop(store, clock, survivor).tick()  # sent and marked: never again

    first, again = by_recipient(dying), by_recipient(survivor)
    assert sorted(again) == ["Bo@acme.example", "ana@acme.example"]
    for index, recipient in enumerate(delivery.recipients):
        (message_id,) = again[recipient]
        assert first[recipient] == [message_id]  # one more copy, with the same Message-ID
        assert message_id == f"<report-{delivery.id}-{index}@reports.umt.invalid>"
    (stored,) = store.report_deliveries.values()
    assert (stored.mail_status.value, stored.mail_attempts) == ("sent", 2)
    assert stored.mailed_at == clock.now() - MAIL_LEASE


async def test_a_refusing_mail_server_leaves_the_mail_pending_until_it_takes_it(
    bus: MessageBus, owner: Principal, brand_id: UUID, store: InMemoryStore, clock: FixedClock
) -> None:
    await weekly(bus, owner, brand_id)
    clock.advance(FIRST_RUN - clock.now() + timedelta(minutes=1))
    mail = RecordingMail()
    mail.down = True

    assert await loop(store, clock, mail).tick() == 1  # delivered: stored and announced
    (delivery,) = store.report_deliveries.values()
    assert (delivery.mail_status.value, mail.sent) == ("pending", [])

    mail.down = False
    await loop(store, clock, mail).tick()
    assert mail.sent == []  # within the refused attempt's lease
    clock.advance(MAIL_LEASE)
    await loop(store, clock, mail).tick()

    assert sorted(m.to for m in mail.sent) == ["Bo@acme.example", "ana@acme.example"]
    (stored,) = store.report_deliveries.values()
    assert (stored.mail_status.value, stored.mail_attempts) == ("sent", 2)


__all__ = ["analytics_config", "clock"]  # fixtures shared with test_report_schedules
