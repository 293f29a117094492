"""Reading, replaying and purging an agent's dead letters (queue ``umt.dead.<agent>``).

AMQP has no "take the message with this id": a walk gets the queue's messages one by one
(``basic.get``, unacknowledged) on a channel of its own, settles those it was asked for and
holds the others; closing the channel hands every held message back to the queue, in order.
A replay acknowledges a dead letter only after the broker confirmed its republish on the
broker's publishing channel (publisher confirms, ``mandatory``): a crash in between leaves
the message in both queues, never in neither.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Collection
from typing import Any

import aio_pika
from aio_pika.abc import AbstractIncomingMessage, AbstractRobustConnection

from umt.adapters.rabbitmq.tracing import Headers
from umt.ports.message_broker import DeadLetter, OnEach

ATTEMPT, HISTORY, ERROR, KEY = "x-umt-attempt", "x-umt-history", "x-umt-error", "x-umt-key"
REPLAYED = "x-umt-replayed"  # set on a replay only: a retry or dead-lettering drops it

Settle = Callable[[AbstractIncomingMessage, DeadLetter], Awaitable[None]]
Read = Callable[[AbstractIncomingMessage], DeadLetter]


def dead_queue(agent: str) -> str:
    return f"umt.dead.{agent}"


def letter_id(message: AbstractIncomingMessage) -> str:
    """The dead letter's AMQP message id (every publish of the broker sets one); for a
    message published without one, a digest of its body, stable across reads."""
    return message.message_id or hashlib.sha256(message.body).hexdigest()[:32]


def republished_headers(headers: Headers | None, letter: DeadLetter) -> dict[str, Any]:
    """The dead letter's headers for its replay: its trace context and history kept, the
    attempt count one higher, the error of the dead-lettering dropped, marked as a replay."""
    kept = {k: v for k, v in (headers or {}).items() if k not in (ERROR, ATTEMPT, KEY)}
    return {**kept, ATTEMPT: letter.attempts + 1, KEY: letter.routing_key, REPLAYED: 1}


async def walk_dead_letters(
    connection: AbstractRobustConnection,
    agent: str,
    read: Read,
    *,
    wanted: Collection[str] | None,
    settle: Settle | None = None,
    on_each: OnEach | None = None,
) -> list[DeadLetter]:
    """The dead letters whose ids are ``wanted`` (all when None), oldest first; ``settle``
    (when given) runs on each, which is then acknowledged: gone from the dead letters."""
    channel = await connection.channel()
    found: list[DeadLetter] = []
    remaining = None if wanted is None else set(wanted)
    try:
        try:
            queue = await channel.get_queue(dead_queue(agent), ensure=True)
        except aio_pika.exceptions.ChannelClosed:
            return []  # the agent was never declared: it has no dead letters
        while remaining is None or remaining:
            message = await queue.get(fail=False, no_ack=False)
            if message is None:
                break
            letter = read(message)
            if remaining is not None:
                if letter.id not in remaining:
                    continue  # held, unacknowledged: back to the queue when the channel closes
                remaining.discard(letter.id)
            if settle is not None:
                await settle(message, letter)  # raises: this one stays a dead letter
                await message.ack()
            found.append(letter)
            if on_each is not None:
                on_each(letter)
    finally:
        if not channel.is_closed:
            await channel.close()  # every message still held goes back, in order
    return found
