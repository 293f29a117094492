"""A broker for relay tests: the in-process broker, recording what is published and able to
fail or slow down chosen publishes."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from uuid import UUID

from umt.adapters.memory.broker import InProcessBroker
from umt.application.messaging.envelope import EventMessage, parse_message


class BrokerDown(ConnectionError):
    pass


class RecordingBroker(InProcessBroker):
    """Records every event it published (parsed), in the order the publishes started.

    ``fail(message)`` returning True makes that publish raise BrokerDown (nothing recorded);
    ``max_delay`` sleeps a random time up to it inside each publish, so concurrent publishes
    really overlap and finish out of order.
    """

    def __init__(
        self,
        *,
        fail: Callable[[EventMessage], bool] | None = None,
        max_delay: float = 0.0,
    ) -> None:
        super().__init__()
        self.published: list[EventMessage] = []
        self.fail = fail
        self.max_delay = max_delay
        self.in_flight = 0
        self.most_in_flight = 0

    async def publish_event(self, event_type: str, body: bytes) -> None:
        message = parse_message(body)
        assert isinstance(message, EventMessage)
        assert message.event_type == event_type
        if self.fail is not None and self.fail(message):
            raise BrokerDown(f"refused {message.header.message_id}")
        self.published.append(message)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if self.max_delay:
                await asyncio.sleep(random.uniform(0, self.max_delay))
            await super().publish_event(event_type, body)
        finally:
            self.in_flight -= 1

    def ids(self) -> list[UUID]:
        return [m.header.message_id for m in self.published]

    def numbers_by_aggregate(self) -> dict[str, list[int]]:
        """The ``n`` of each published event (see builders.thing_event), per aggregate."""
        found: dict[str, list[int]] = {}
        for message in self.published:
            found.setdefault(message.payload["aggregate_id"], []).append(
                message.payload["data"]["n"]
            )
        return found
