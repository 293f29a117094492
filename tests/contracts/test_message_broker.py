"""Contract of the MessageBroker port, run against the in-process broker and RabbitMQ."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable

import pytest

from umt.adapters.memory.broker import InProcessBroker, topic_matches
from umt.ports.message_broker import DeadLetter, Delivery, MessageBroker, Unroutable

WITHIN = 30  # seconds: deadlines for conditions, generous for a loaded machine (never waited out)


def unique(name: str) -> str:
    """Queues on a real broker outlive a test: every test uses agents of its own."""
    return f"{name}-{uuid.uuid4().hex[:8]}"


class Inbox:
    """Collects deliveries and settles them as told."""

    def __init__(self, settle: str = "ack") -> None:
        self.seen: list[tuple[str, bytes, int]] = []
        self.replayed: list[bool] = []
        self.settle = settle
        self.arrived = asyncio.Event()

    async def __call__(self, delivery: Delivery) -> None:
        self.seen.append((delivery.routing_key, delivery.body, delivery.attempt))
        self.replayed.append(delivery.replayed)
        self.arrived.set()
        if self.settle == "ack":
            await delivery.ack()
        elif self.settle == "retry" and delivery.attempt < 3:
            await delivery.retry(f"boom {delivery.attempt}", delay_seconds=0.01)
        elif self.settle == "retry" or self.settle == "reject":
            await delivery.reject("poison")

    async def wait_for(self, count: int, within: float = WITHIN) -> None:
        async with asyncio.timeout(within):
            while len(self.seen) < count:
                self.arrived.clear()
                await self.arrived.wait()


class TestMessageBroker:
    async def test_a_task_reaches_its_agent_once(self, broker: MessageBroker) -> None:
        brand_project = unique("brand-project")
        content_creation = unique("content-creation")
        await broker.declare_agent(brand_project)
        await broker.declare_agent(content_creation)
        mine, other = Inbox(), Inbox()
        subs = [
            await broker.consume(brand_project, mine),
            await broker.consume(content_creation, other),
        ]
        await broker.publish_task(brand_project, b"task-1")
        await mine.wait_for(1)
        await asyncio.sleep(0.05)
        assert mine.seen == [(brand_project, b"task-1", 1)]
        assert other.seen == []
        for sub in subs:
            await sub.stop()

    async def test_unroutable_tasks_and_replies_are_errors(self, broker: MessageBroker) -> None:
        with pytest.raises(Unroutable):
            await broker.publish_task("nobody", b"lost?")
        with pytest.raises(Unroutable):
            await broker.publish_reply("no-such-queue", b"lost?")

    async def test_events_fan_out_by_topic_pattern(self, broker: MessageBroker) -> None:
        strategy = unique("strategy")
        audit = unique("audit")
        ads = unique("ads")
        await broker.declare_agent(strategy, event_patterns=["content.*"])
        await broker.declare_agent(audit, event_patterns=["#"])
        await broker.declare_agent(ads, event_patterns=["campaign.#"])
        inboxes = {name: Inbox() for name in (strategy, audit, ads)}
        subs = [await broker.consume(name, box) for name, box in inboxes.items()]
        await broker.publish_event("content.created", b"e1")
        await broker.publish_event("brand.audience_added", b"e2")
        await inboxes[audit].wait_for(2)
        await asyncio.sleep(0.05)
        assert [b for _, b, _ in inboxes[strategy].seen] == [b"e1"]
        assert sorted(b for _, b, _ in inboxes[audit].seen) == [b"e1", b"e2"]
        assert inboxes[ads].seen == []
        for sub in subs:
            await sub.stop()

    async def test_retries_then_dead_letter_keep_the_history(self, broker: MessageBroker) -> None:
        worker = unique("worker")
        await broker.declare_agent(worker)
        box = Inbox(settle="retry")  # retries twice, then rejects the third attempt
        sub = await broker.consume(worker, box)
        await broker.publish_task(worker, b"flaky")
        await box.wait_for(3)
        async with asyncio.timeout(WITHIN):
            while not (dead := await broker.dead_letters(worker)):
                await asyncio.sleep(0.02)
        await sub.stop()
        assert [attempt for _, _, attempt in box.seen] == [1, 2, 3]
        assert len(dead) == 1
        assert dead[0].body == b"flaky"
        assert dead[0].error == "poison"
        assert dead[0].history == ("boom 1", "boom 2", "poison")
        assert dead[0].attempts == 3

    async def test_unsettled_deliveries_come_back(self, broker: MessageBroker) -> None:
        worker = unique("worker")
        await broker.declare_agent(worker)
        started = asyncio.Event()

        async def stuck(delivery: Delivery) -> None:
            started.set()
            await asyncio.sleep(3600)  # never settles: the consumer stops under it

        sub = await broker.consume(worker, stuck, prefetch=1)
        await broker.publish_task(worker, b"in-flight")
        await started.wait()
        await sub.stop()
        box = Inbox()
        sub = await broker.consume(worker, box)
        await box.wait_for(1)
        assert box.seen[0][1] == b"in-flight"
        await sub.stop()

    async def test_a_failing_handler_does_not_lose_the_message(self, broker: MessageBroker) -> None:
        worker = unique("worker")
        await broker.declare_agent(worker)
        calls: list[bytes] = []

        async def fails_once(delivery: Delivery) -> None:
            calls.append(delivery.body)
            if len(calls) == 1:
                raise RuntimeError("bug")
            await delivery.ack()

        sub = await broker.consume(worker, fails_once, prefetch=1)
        await broker.publish_task(worker, b"survivor")
        async with asyncio.timeout(WITHIN):
            while len(calls) < 2:
                await asyncio.sleep(0.01)
        assert calls == [b"survivor", b"survivor"]
        await sub.stop()

    async def test_higher_priority_first(self, broker: MessageBroker) -> None:
        worker = unique("worker")
        await broker.declare_agent(worker)
        for priority, body in [(0, b"low"), (9, b"urgent"), (5, b"mid")]:
            await broker.publish_task(worker, body, priority=priority)
        box = Inbox()
        sub = await broker.consume(worker, box, prefetch=1)
        await box.wait_for(3)
        assert [b for _, b, _ in box.seen] == [b"urgent", b"mid", b"low"]
        await sub.stop()

    async def test_replies_reach_only_their_queue(self, broker: MessageBroker) -> None:
        got_a: list[bytes] = []
        got_b: list[bytes] = []

        async def to_a(body: bytes) -> None:
            got_a.append(body)

        async def to_b(body: bytes) -> None:
            got_b.append(body)

        queue_a = await broker.open_reply_queue(to_a)
        queue_b = await broker.open_reply_queue(to_b)
        assert queue_a != queue_b
        await broker.publish_reply(queue_a, b"for a")
        async with asyncio.timeout(WITHIN):
            while not got_a:
                await asyncio.sleep(0.01)
        assert (got_a, got_b) == ([b"for a"], [])

    async def test_prefetch_bounds_concurrency(self, broker: MessageBroker) -> None:
        worker = unique("worker")
        await broker.declare_agent(worker)
        running = peak = done = 0
        release = asyncio.Event()

        async def slow(delivery: Delivery) -> None:
            nonlocal running, peak, done
            running += 1
            peak = max(peak, running)
            await release.wait()  # held until the window is seen full
            running -= 1
            done += 1
            await delivery.ack()

        for i in range(12):
            await broker.publish_task(worker, str(i).encode())
        sub = await broker.consume(worker, slow, prefetch=3)
        async with asyncio.timeout(WITHIN):  # the window fills, however slow the machine
            while running < 3:
                await asyncio.sleep(0.01)
        await asyncio.sleep(0.1)  # a fourth delivery, were there one, would show now
        release.set()
        async with asyncio.timeout(WITHIN):
            while done < 12:
                await asyncio.sleep(0.01)
        await sub.stop()
        assert peak == 3

    async def test_queue_depth_counts_what_waits_for_a_consumer(
        self, broker: MessageBroker
    ) -> None:
        worker = unique("depth")
        await broker.declare_agent(worker)
        assert await broker.queue_depth(worker) == 0
        for i in range(3):
            await broker.publish_task(worker, str(i).encode())
        async with asyncio.timeout(WITHIN):  # RabbitMQ counts a confirmed message almost at once
            while await broker.queue_depth(worker) != 3:
                await asyncio.sleep(0.02)
        box = Inbox()
        sub = await broker.consume(worker, box)
        await box.wait_for(3)
        async with asyncio.timeout(WITHIN):
            while await broker.queue_depth(worker) != 0:
                await asyncio.sleep(0.02)
        await sub.stop()
        with pytest.raises(Unroutable):
            await broker.queue_depth(unique("nobody"))
        assert await broker.queue_depth(worker) == 0  # still answers after a missing queue

    async def test_a_live_broker_answers_a_ping(self, broker: MessageBroker) -> None:
        await broker.ping()  # raises when the broker cannot answer


async def test_in_process_queues_apply_backpressure() -> None:
    broker = InProcessBroker(queue_size=2)
    await broker.declare_agent("worker")
    await broker.publish_task("worker", b"1")
    await broker.publish_task("worker", b"2")
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(broker.publish_task("worker", b"3"), timeout=0.1)


@pytest.mark.parametrize(
    ("pattern", "key", "matches"),
    [
        ("content.*", "content.created", True),
        ("content.*", "content.created.v2", False),
        ("content.#", "content", True),
        ("content.#", "content.created.v2", True),
        ("#", "anything.at.all", True),
        ("*.created", "brand.created", True),
        ("*.created", "created", False),
        ("brand.#.added", "brand.audience.added", True),
        ("brand.#.added", "brand.added", True),
    ],
)
def test_topic_patterns(pattern: str, key: str, matches: bool) -> None:
    assert topic_matches(pattern, key) is matches


class TestDrainAndListen:
    async def test_cancel_stops_new_deliveries_but_lets_in_flight_ones_settle(
        self, broker: MessageBroker
    ) -> None:
        agent = unique("drain")
        await broker.declare_agent(agent)
        started, release = asyncio.Event(), asyncio.Event()
        settled: list[bytes] = []

        async def slow(delivery: Delivery) -> None:
            started.set()
            await release.wait()
            await delivery.ack()
            settled.append(delivery.body)

        subscription = await broker.consume(agent, slow, prefetch=1)
        await broker.publish_task(agent, b"in-flight")
        async with asyncio.timeout(WITHIN):
            await started.wait()
        await subscription.cancel()
        await broker.publish_task(agent, b"waits")
        release.set()
        async with asyncio.timeout(WITHIN):
            while not settled:
                await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)
        assert settled == [b"in-flight"]
        await subscription.stop()
        after = Inbox()
        again = await broker.consume(agent, after)
        await after.wait_for(1)
        assert [body for _, body, _ in after.seen] == [b"waits"]
        await again.stop()

    async def test_listen_gives_every_listener_its_own_copy(self, broker: MessageBroker) -> None:
        topic = f"agent.{uuid.uuid4().hex[:8]}"
        heard: dict[str, list[bytes]] = {"a": [], "b": []}

        def collector(name: str) -> Callable[[bytes], Awaitable[None]]:
            async def collect(body: bytes) -> None:
                heard[name].append(body)

            return collect

        first = await broker.listen([topic], collector("a"))
        second = await broker.listen([topic], collector("b"))
        await broker.publish_event(topic, b"beat")
        await broker.publish_event(f"{topic}.other", b"not for us")
        async with asyncio.timeout(WITHIN):
            while len(heard["a"]) < 1 or len(heard["b"]) < 1:
                await asyncio.sleep(0.01)
        await first.stop()
        await broker.publish_event(topic, b"second")
        async with asyncio.timeout(WITHIN):
            while len(heard["b"]) < 2:
                await asyncio.sleep(0.01)
        await asyncio.sleep(0.1)
        assert heard["a"] == [b"beat"]
        assert heard["b"] == [b"beat", b"second"]
        await second.stop()


async def dead_lettered(
    broker: MessageBroker, agent: str, bodies: list[bytes], rejecting: Inbox | None = None
) -> list[DeadLetter]:
    """Publish ``bodies`` to ``agent``, reject each once delivered (by ``rejecting``, which
    must reject); its dead letters."""
    rejecting = rejecting or Inbox(settle="reject")
    sub = await broker.consume(agent, rejecting, prefetch=1)
    for body in bodies:
        await broker.publish_task(agent, body)
    async with asyncio.timeout(WITHIN):
        while len(dead := await broker.dead_letters(agent)) < len(bodies):
            await asyncio.sleep(0.02)
    await sub.stop()
    return dead


class TestDeadLetterReplay:
    async def test_a_replayed_dead_letter_comes_back_with_one_more_attempt(
        self, broker: MessageBroker
    ) -> None:
        agent = unique("replay")
        await broker.declare_agent(agent)
        [letter] = await dead_lettered(broker, agent, [b"poisoned once"])
        assert letter.id
        assert (letter.routing_key, letter.attempts, letter.error) == (agent, 1, "poison")

        replayed: list[str] = []
        done = await broker.replay_dead_letters(
            agent, [letter.id], on_each=lambda d: replayed.append(d.id)
        )

        assert [d.id for d in done] == replayed == [letter.id]
        assert await broker.dead_letters(agent) == []
        box = Inbox()
        sub = await broker.consume(agent, box)
        await box.wait_for(1)
        await sub.stop()
        assert box.seen == [(agent, b"poisoned once", 2)]

    async def test_a_replay_is_marked_as_one_its_retries_are_not(
        self, broker: MessageBroker
    ) -> None:
        # the worker reopens the job of a replayed task on this mark, and only then
        agent = unique("replay")
        await broker.declare_agent(agent)
        first = Inbox(settle="reject")
        [letter] = await dead_lettered(broker, agent, [b"marked"], first)
        await broker.replay_dead_letters(agent, [letter.id])

        again = Inbox(settle="retry")  # attempt 2 (the replay) retried, attempt 3 rejected
        sub = await broker.consume(agent, again)
        await again.wait_for(2)
        await sub.stop()

        assert first.replayed == [False]
        assert [attempt for _, _, attempt in again.seen] == [2, 3]
        assert again.replayed == [True, False]

    async def test_only_the_chosen_ones_are_replayed_the_others_stay_in_order(
        self, broker: MessageBroker
    ) -> None:
        agent = unique("replay")
        await broker.declare_agent(agent)
        letters = await dead_lettered(broker, agent, [b"a", b"b", b"c"])
        assert [d.body for d in letters] == [b"a", b"b", b"c"]
        assert len({d.id for d in letters}) == 3

        done = await broker.replay_dead_letters(agent, [letters[1].id, "no-such-id"])

        assert [d.body for d in done] == [b"b"]
        assert [d.id for d in await broker.dead_letters(agent)] == [letters[0].id, letters[2].id]
        await depth_reaches(broker, agent, 1)  # the replayed one waits for a consumer

    async def test_a_replay_keeps_the_priority_it_was_sent_with(
        self, broker: MessageBroker
    ) -> None:
        agent = unique("priority")
        await broker.declare_agent(agent)
        rejecting = Inbox(settle="reject")
        sub = await broker.consume(agent, rejecting, prefetch=1)
        for count, (body, priority) in enumerate(((b"low", 0), (b"urgent", 9)), start=1):
            await broker.publish_task(agent, body, priority=priority)
            await rejecting.wait_for(count)  # dead-lettered in this order
        async with asyncio.timeout(WITHIN):
            while len(dead := await broker.dead_letters(agent)) < 2:
                await asyncio.sleep(0.02)
        await sub.stop()
        assert [d.body for d in dead] == [b"low", b"urgent"]

        await broker.replay_dead_letters(agent, [d.id for d in dead])  # queued low first
        await depth_reaches(broker, agent, 2)

        box = Inbox()
        sub = await broker.consume(agent, box, prefetch=1)
        await box.wait_for(2)
        await sub.stop()
        assert [body for _, body, _ in box.seen] == [b"urgent", b"low"]

    async def test_a_purge_deletes_the_chosen_dead_letters_for_good(
        self, broker: MessageBroker
    ) -> None:
        agent = unique("purge")
        await broker.declare_agent(agent)
        letters = await dead_lettered(broker, agent, [b"x", b"y"])

        purged = await broker.purge_dead_letters(agent, [letters[0].id])

        assert [d.body for d in purged] == [b"x"]
        assert [d.body for d in await broker.dead_letters(agent)] == [b"y"]
        assert await broker.queue_depth(agent) == 0  # purged, not replayed
        assert await broker.purge_dead_letters(agent, [letters[0].id]) == []

    async def test_an_event_is_replayed_to_the_agent_that_failed_it_only(
        self, broker: MessageBroker
    ) -> None:
        failing, other = unique("failing"), unique("other")
        topic = f"brand.{uuid.uuid4().hex[:8]}"
        await broker.declare_agent(failing, event_patterns=[topic])
        await broker.declare_agent(other, event_patterns=[topic])
        rejecting = Inbox(settle="reject")
        sub = await broker.consume(failing, rejecting)
        await broker.publish_event(topic, b"event")
        async with asyncio.timeout(WITHIN):
            while not (dead := await broker.dead_letters(failing)):
                await asyncio.sleep(0.02)
        await sub.stop()
        assert dead[0].routing_key == topic
        drained = Inbox()
        other_sub = await broker.consume(other, drained)
        await drained.wait_for(1)  # its own copy of the original

        await broker.replay_dead_letters(failing, [dead[0].id])

        box = Inbox()
        sub = await broker.consume(failing, box)
        await box.wait_for(1)
        await asyncio.sleep(0.1)  # a second copy for the other agent, were there one, shows now
        await sub.stop()
        await other_sub.stop()
        assert box.seen == [(topic, b"event", 2)]
        assert [body for _, body, _ in drained.seen] == [b"event"]

    async def test_no_dead_letters_for_an_agent_never_declared(self, broker: MessageBroker) -> None:
        nobody = unique("nobody")
        assert await broker.dead_letters(nobody) == []
        assert await broker.replay_dead_letters(nobody, ["x"]) == []
        assert await broker.purge_dead_letters(nobody, ["x"]) == []


async def depth_reaches(broker: MessageBroker, agent: str, depth: int) -> None:
    """RabbitMQ counts a confirmed message almost at once: wait for it to (or time out)."""
    async with asyncio.timeout(WITHIN):
        while await broker.queue_depth(agent) != depth:
            await asyncio.sleep(0.02)
