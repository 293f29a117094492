"""``umt dlq`` on the in-process broker: list, show, replay (never losing one), purge."""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest

from umt.adapters.memory.broker import InProcessBroker
from umt.application.messaging.envelope import Header, MessageType, TaskMessage
from umt.entrypoints.cli import build_parser
from umt.entrypoints.operator.dlq import run_dlq
from umt.entrypoints.operator.output import Output
from umt.ports.message_broker import DeadLetter, Delivery

AGENT = "brand-project"
WITHIN = 30


def task(task_type: str = "brand.create", **payload: Any) -> TaskMessage:
    return TaskMessage(
        header=Header(
            message_id=uuid.uuid4(),
            message_type=MessageType.TASK,
            sender_id="api",
            timestamp=datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
        ),
        task_type=task_type,
        payload={"job_id": "7f1d1a8e-7a0c-4b8e-9a51-8fd0c1a2b3c4", **payload},
    )


async def dead_lettered(broker: InProcessBroker, bodies: Sequence[bytes]) -> list[DeadLetter]:
    """Each body fails twice: retried once, then dead-lettered (attempts 2)."""

    async def reject(delivery: Delivery) -> None:
        if delivery.attempt == 1:
            await delivery.retry("timeout", delay_seconds=0)
        else:
            await delivery.reject("bug: KeyError 'name'")

    await broker.declare_agent(AGENT)
    sub = await broker.consume(AGENT, reject, prefetch=1)
    for body in bodies:
        await broker.publish_task(AGENT, body)
    async with asyncio.timeout(WITHIN):
        while len(await broker.dead_letters(AGENT)) < len(bodies):
            await asyncio.sleep(0.01)
    await sub.stop()
    return await broker.dead_letters(AGENT)


class Answer:
    """An Output whose stdout and stderr are strings, and whose confirmation is scripted."""

    def __init__(self, *, json_mode: bool = True, confirm: bool = False) -> None:
        self.stdout, self.stderr, self.asked = io.StringIO(), io.StringIO(), []
        self.confirm_with = confirm
        self.output = Output(
            json_mode=json_mode, stdout=self.stdout, stderr=self.stderr, confirm=self._confirm
        )

    def _confirm(self, question: str) -> bool:
        self.asked.append(question)
        return self.confirm_with

    def document(self) -> Any:
        return json.loads(self.stdout.getvalue())


def args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(["dlq", *argv])


async def consumed(broker: InProcessBroker, count: int) -> list[tuple[bytes, int]]:
    seen: list[tuple[bytes, int]] = []

    async def take(delivery: Delivery) -> None:
        seen.append((delivery.body, delivery.attempt))
        await delivery.ack()

    sub = await broker.consume(AGENT, take)
    async with asyncio.timeout(WITHIN):
        while len(seen) < count:
            await asyncio.sleep(0.01)
    await sub.stop()
    return seen


async def test_list_describes_each_dead_letter_from_its_envelope() -> None:
    broker = InProcessBroker()
    message = task()
    letters = await dead_lettered(broker, [message.to_json(), b"not an envelope"])
    answer = Answer()

    code = await run_dlq(broker, args("list", "--agent", AGENT, "--json"), answer.output)

    assert code == 0
    listed = answer.document()
    assert [row["id"] for row in listed] == [d.id for d in letters]
    assert listed[0]["kind"] == "task"
    assert listed[0]["name"] == "brand.create"
    assert listed[0]["message_id"] == str(message.header.message_id)
    assert listed[0]["job_id"] == "7f1d1a8e-7a0c-4b8e-9a51-8fd0c1a2b3c4"
    assert (listed[0]["attempts"], listed[0]["error"]) == (2, "bug: KeyError 'name'")
    assert (listed[1]["kind"], listed[1]["name"]) == ("invalid", "")


async def test_the_human_list_shows_ids_a_replay_accepts() -> None:
    broker = InProcessBroker()
    [letter] = await dead_lettered(broker, [task().to_json()])
    answer = Answer(json_mode=False)

    assert await run_dlq(broker, args("list", "--agent", AGENT), answer.output) == 0

    assert letter.id[:12] in answer.stdout.getvalue()
    assert "brand.create" in answer.stdout.getvalue()
    empty = Answer(json_mode=False)
    assert await run_dlq(broker, args("list", "--agent", "content-creation"), empty.output) == 0
    assert "no dead letters for content-creation" in empty.stdout.getvalue()


async def test_show_by_a_unique_prefix_gives_the_history_and_the_body() -> None:
    broker = InProcessBroker()
    message = task()
    [letter] = await dead_lettered(broker, [message.to_json()])
    answer = Answer()

    code = await run_dlq(
        broker, args("show", letter.id[:8], "--agent", AGENT, "--json"), answer.output
    )

    assert code == 0
    shown = answer.document()
    assert shown["id"] == letter.id
    assert shown["history"] == ["timeout", "bug: KeyError 'name'"]
    assert shown["body"]["task_type"] == "brand.create"
    missing = Answer()
    assert await run_dlq(broker, args("show", "ffff", "--agent", AGENT), missing.output) == 1
    assert "no single dead letter" in missing.stderr.getvalue()


async def test_show_redacts_secrets_but_a_replay_sends_them_unchanged() -> None:
    broker = InProcessBroker()
    body = task("identity.register", password="correct horse battery", name="Ada").to_json()
    [letter] = await dead_lettered(broker, [body])
    answer = Answer()

    assert (
        await run_dlq(broker, args("show", letter.id, "--agent", AGENT, "--json"), answer.output)
        == 0
    )

    payload = answer.document()["body"]["payload"]
    assert (payload["password"], payload["name"]) == ("[redacted]", "Ada")
    assert "correct horse" not in answer.stdout.getvalue()
    await run_dlq(broker, args("replay", letter.id, "--agent", AGENT), Answer().output)
    assert await consumed(broker, 1) == [(body, 3)]


async def test_a_replayed_task_is_delivered_again_with_one_more_attempt() -> None:
    broker = InProcessBroker()
    body = task().to_json()
    [letter] = await dead_lettered(broker, [body])
    answer = Answer()

    code = await run_dlq(
        broker, args("replay", letter.id, "--agent", AGENT, "--json"), answer.output
    )

    assert code == 0
    assert answer.document() == {"replayed": [letter.id], "left": []}
    assert await broker.dead_letters(AGENT) == []
    assert await consumed(broker, 1) == [(body, 3)]


async def test_an_unknown_id_replays_nothing() -> None:
    broker = InProcessBroker()
    letters = await dead_lettered(broker, [b"a", b"b"])
    answer = Answer()

    code = await run_dlq(
        broker, args("replay", letters[0].id, "nope", "--agent", AGENT), answer.output
    )

    assert code == 1
    assert "nope" in answer.stderr.getvalue()
    assert await broker.dead_letters(AGENT) == letters
    assert await broker.queue_depth(AGENT) == 0


async def test_replay_all_puts_every_dead_letter_back_in_order() -> None:
    broker = InProcessBroker()
    letters = await dead_lettered(broker, [b"1", b"2", b"3"])
    answer = Answer()

    code = await run_dlq(broker, args("replay", "--all", "--agent", AGENT, "--json"), answer.output)

    assert code == 0
    assert answer.document()["replayed"] == [d.id for d in letters]
    assert await consumed(broker, 3) == [(b"1", 3), (b"2", 3), (b"3", 3)]


class FailsOn(InProcessBroker):
    """An in-process broker whose queue refuses one body: a republish that fails."""

    def __init__(self, refused: bytes) -> None:
        super().__init__()
        self.refused = refused

    async def _put(self, queue: Any, item: Any, priority: int) -> None:
        if item.body == self.refused and item.attempt > 2:
            raise ConnectionError("the broker went away")
        await super()._put(queue, item, priority)


async def test_a_failed_republish_leaves_it_and_the_rest_dead_letters() -> None:
    broker = FailsOn(b"2")
    letters = await dead_lettered(broker, [b"1", b"2", b"3"])
    answer = Answer()

    code = await run_dlq(broker, args("replay", "--all", "--agent", AGENT, "--json"), answer.output)

    assert code == 1
    assert answer.document() == {"replayed": [letters[0].id], "left": [d.id for d in letters[1:]]}
    assert "ConnectionError" in answer.stderr.getvalue()
    assert await broker.dead_letters(AGENT) == letters[1:]  # nothing lost
    assert await consumed(broker, 1) == [(b"1", 3)]


async def test_purge_asks_first_and_a_no_keeps_everything() -> None:
    broker = InProcessBroker()
    letters = await dead_lettered(broker, [b"x", b"y"])
    declined = Answer(confirm=False)

    code = await run_dlq(broker, args("purge", "--all", "--agent", AGENT), declined.output)

    assert code == 1
    assert declined.asked == [f"delete 2 dead letters of {AGENT} for good?"]
    assert await broker.dead_letters(AGENT) == letters
    accepted = Answer(confirm=True)
    assert (
        await run_dlq(broker, args("purge", letters[0].id, "--agent", AGENT), accepted.output) == 0
    )
    assert await broker.dead_letters(AGENT) == letters[1:]


async def test_purge_with_yes_deletes_without_asking() -> None:
    broker = InProcessBroker()
    await dead_lettered(broker, [b"x", b"y"])
    answer = Answer(confirm=False)

    code = await run_dlq(broker, args("purge", "--all", "--yes", "--agent", AGENT), answer.output)

    assert code == 0
    assert answer.asked == []
    assert len(answer.document()["purged"]) == 2
    assert await broker.dead_letters(AGENT) == []
    assert await broker.queue_depth(AGENT) == 0
    nothing = Answer()
    assert (
        await run_dlq(broker, args("purge", "--all", "--yes", "--agent", AGENT), nothing.output)
        == 1
    )


@pytest.mark.parametrize(
    "argv",
    [
        ("replay", "--agent", AGENT),  # neither ids nor --all
        ("replay", "abc", "--all", "--agent", AGENT),  # both
    ],
)
async def test_replay_needs_ids_or_all_but_not_both(argv: tuple[str, ...]) -> None:
    broker = InProcessBroker()
    await dead_lettered(broker, [b"x"])
    answer = Answer()

    assert await run_dlq(broker, args(*argv), answer.output) == 2
    assert len(await broker.dead_letters(AGENT)) == 1


def test_an_unknown_agent_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["dlq", "list", "--agent", "nobody"])
    assert exited.value.code == 2
