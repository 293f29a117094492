"""Contract of OutboxFeed (the relay's claim / mark-sent / lag), run against memory, SQLite
and PostgreSQL (see conftest.feed_and_uow)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from tests.contracts.builders import T0, append_events, thing_event
from tests.contracts.conftest import UowFactory

from umt.ports.outbox_feed import OutboxFeed, OutboxLag

Feed = tuple[OutboxFeed, UowFactory]
SENT_AT = T0 + timedelta(minutes=5)


class Boom(Exception):
    pass


def numbers(messages: object) -> list[int]:
    return [m.payload["data"]["n"] for m in messages]  # type: ignore[attr-defined]


async def pending_numbers(uow_factory: UowFactory) -> list[int]:
    async with uow_factory() as uow:
        return numbers(await uow.outbox.pending())


class TestOutboxFeed:
    async def test_claims_pending_rows_in_order_up_to_the_limit(self, feed_and_uow: Feed) -> None:
        feed, uow_factory = feed_and_uow
        x, y = uuid.uuid4(), uuid.uuid4()
        events = [thing_event(x, 1), thing_event(y, 2), thing_event(x, 3), thing_event(y, 4)]
        ids = await append_events(uow_factory(), events)

        async with feed.claim(3) as claim:
            assert [m.id for m in claim.messages] == ids[:3]
        async with feed.claim(100) as claim:
            messages = list(claim.messages)

        assert [m.id for m in messages] == ids
        for message, event in zip(messages, events, strict=True):
            assert message.event_type == "test.thing_happened"
            assert message.aggregate_type == "thing"
            assert message.aggregate_id == event.aggregate_id
            assert message.organization_id == event.organization_id
            assert message.occurred_at == event.occurred_at
            assert message.payload == event.payload()
            assert message.published_at is None

    async def test_an_empty_outbox_gives_an_empty_claim(self, feed_and_uow: Feed) -> None:
        feed, _ = feed_and_uow
        async with feed.claim(10) as claim:
            assert list(claim.messages) == []
            await claim.mark_sent([], SENT_AT)
        assert await feed.lag() == OutboxLag(pending=0, oldest_occurred_at=None)

    async def test_mark_sent_publishes_exactly_the_given_rows(self, feed_and_uow: Feed) -> None:
        feed, uow_factory = feed_and_uow
        x = uuid.uuid4()
        ids = await append_events(uow_factory(), [thing_event(x, n) for n in range(1, 5)])

        async with feed.claim(10) as claim:
            await claim.mark_sent(ids[:2], SENT_AT)

        assert await pending_numbers(uow_factory) == [3, 4]
        async with feed.claim(10) as claim:
            assert [m.id for m in claim.messages] == ids[2:]

    async def test_a_claim_ended_without_mark_sent_marks_nothing(self, feed_and_uow: Feed) -> None:
        feed, uow_factory = feed_and_uow
        ids = await append_events(uow_factory(), [thing_event(uuid.uuid4(), n) for n in (1, 2)])

        async with feed.claim(10) as claim:
            assert len(claim.messages) == 2
        with pytest.raises(Boom):
            async with feed.claim(10) as claim:
                raise Boom

        assert await pending_numbers(uow_factory) == [1, 2]
        async with feed.claim(10) as claim:
            assert [m.id for m in claim.messages] == ids

    async def test_mark_sent_ends_the_claim(self, feed_and_uow: Feed) -> None:
        feed, uow_factory = feed_and_uow
        ids = await append_events(uow_factory(), [thing_event(uuid.uuid4(), 1)])
        async with feed.claim(10) as claim:
            await claim.mark_sent(ids, SENT_AT)
            with pytest.raises(RuntimeError):
                await claim.mark_sent(ids, SENT_AT)
        assert await pending_numbers(uow_factory) == []

    async def test_lag_counts_pending_rows_and_the_oldest(self, feed_and_uow: Feed) -> None:
        feed, uow_factory = feed_and_uow
        x = uuid.uuid4()
        events = [thing_event(x, n) for n in (1, 2, 3)]
        ids = await append_events(uow_factory(), events)

        assert await feed.lag() == OutboxLag(pending=3, oldest_occurred_at=events[0].occurred_at)
        async with feed.claim(1) as claim:
            await claim.mark_sent(ids[:1], SENT_AT)
        lag = await feed.lag()
        assert lag == OutboxLag(pending=2, oldest_occurred_at=events[1].occurred_at)
        assert lag.oldest_age(events[1].occurred_at + timedelta(seconds=7)) == timedelta(seconds=7)
        assert OutboxLag(0, None).oldest_age(T0) == timedelta(0)

    async def test_a_concurrent_claim_skips_held_rows_and_waits_for_their_aggregate(
        self, feed_and_uow: Feed, backend: str
    ) -> None:
        if backend == "sqlite":
            pytest.skip("SQLite has one writer: a second claim waits for the first to end")
        feed, uow_factory = feed_and_uow
        x, y, z = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        x1, y1, x2, z1, x3 = await append_events(
            uow_factory(),
            [thing_event(a, n) for a, n in ((x, 1), (y, 2), (x, 3), (z, 4), (x, 5))],
        )

        async with feed.claim(2) as first:
            assert [m.id for m in first.messages] == [x1, y1]
            async with feed.claim(10) as second:
                # x2 and x3 are free, but x1 is held: publishing them now would reorder x
                assert [m.id for m in second.messages] == [z1]
                await second.mark_sent([z1], SENT_AT)
            await first.mark_sent([x1, y1], SENT_AT)

        async with feed.claim(10) as third:
            assert [m.id for m in third.messages] == [x2, x3]

    async def test_an_aggregate_is_cut_at_the_first_row_another_claim_holds(
        self, feed_and_uow: Feed, backend: str
    ) -> None:
        if backend == "sqlite":
            pytest.skip("SQLite has one writer: a second claim waits for the first to end")
        feed, uow_factory = feed_and_uow
        x = uuid.uuid4()
        x1, x2, x3 = await append_events(uow_factory(), [thing_event(x, n) for n in (1, 2, 3)])

        async with feed.claim(1) as first:
            assert [m.id for m in first.messages] == [x1]
            # may hold x2 without being allowed to publish it (x1 is held by `first`)
            async with feed.claim(1) as second:
                assert list(second.messages) == []
                await first.mark_sent([x1], SENT_AT)
                async with feed.claim(10) as third:
                    # never x3 without x2 before it, whoever holds x2 now
                    assert [m.id for m in third.messages] in ([], [x2, x3])
        async with feed.claim(10) as fourth:
            assert [m.id for m in fourth.messages] == [x2, x3]
