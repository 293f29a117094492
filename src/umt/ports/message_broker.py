"""The MessageBroker port: moving envelopes between agents, at least once.

The broker moves bytes with a little metadata; validating them as envelopes is the
application's job, so that an invalid message can still be dead-lettered with the reason.

Semantics every adapter keeps (and the contract tests check):
- a task published for an agent is delivered to one consumer of that agent's queue;
- an event is delivered to every agent whose patterns match its type (AMQP topic rules:
  ``*`` one dotted word, ``#`` zero or more);
- a delivery is settled exactly once: ``ack`` (done), ``retry`` (again after a delay) or
  ``reject`` (to the dead letters, with the error and the attempt history); an unsettled
  delivery of a consumer that stops is delivered again;
- replies go to the queue named by ``reply_to`` and nowhere else;
- a dead letter can be replayed (back on its agent's queue, the same body and routing key,
  the attempt count one higher) or purged, chosen by its id; a replayed one leaves the dead
  letters only once its republish is confirmed, so it is never in neither place.

Delivery is at least once: a consumer that stops between settling and the broker hearing of
it gets its message delivered again, so handlers run under idempotency keys.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True, kw_only=True)
class DeadLetter:
    """A message an agent gave up on: its body as it was, why, and after how many attempts."""

    id: str  # the broker's id of this dead letter (not the envelope's message id)
    body: bytes
    routing_key: str  # the agent name of a task, the event type of an event
    error: str
    attempts: int
    history: tuple[str, ...] = field(default=())


OnEach = Callable[[DeadLetter], None]


class Delivery(Protocol):
    @property
    def body(self) -> bytes: ...

    @property
    def attempt(self) -> int:
        """1 for the first delivery, counting retries (not plain redeliveries)."""
        ...

    @property
    def routing_key(self) -> str:
        """The agent name for tasks, the event type for events."""
        ...

    @property
    def replayed(self) -> bool:
        """A dead letter the operator put back (``replay_dead_letters``), delivered for the
        first time since (a retry of it is an ordinary delivery again)."""
        ...

    async def ack(self) -> None: ...

    async def retry(self, error: str, *, delay_seconds: float) -> None:
        """Deliver again after ``delay_seconds``, recording ``error`` in the history."""
        ...

    async def reject(self, error: str) -> None:
        """Move to the dead letters with ``error`` and the history."""
        ...


Handler = Callable[[Delivery], Awaitable[None]]


class Subscription(Protocol):
    async def cancel(self) -> None:
        """Receive no new deliveries; those in flight may still be settled (graceful drain)."""
        ...

    async def stop(self) -> None:
        """Stop consuming; deliveries not yet settled go back to the queue."""
        ...


class MessageBroker(Protocol):
    async def declare_agent(self, agent: str, *, event_patterns: Sequence[str] = ()) -> None:
        """Idempotently create the agent's queue and bind its event patterns."""
        ...

    async def publish_task(self, agent: str, body: bytes, *, priority: int = 0) -> None:
        """Raises an error if the agent's queue does not exist (nothing silently dropped)."""
        ...

    async def publish_event(self, event_type: str, body: bytes) -> None: ...

    async def publish_reply(self, reply_to: str, body: bytes) -> None: ...

    async def consume(
        self, agent: str, handler: Handler, *, prefetch: int = 10
    ) -> Subscription: ...

    async def open_reply_queue(self, handler: Callable[[bytes], Awaitable[None]]) -> str:
        """A queue only this process reads, for the replies to its requests; its name."""
        ...

    async def listen(
        self, event_patterns: Sequence[str], handler: Callable[[bytes], Awaitable[None]]
    ) -> Subscription:
        """Every event matching ``event_patterns``, to this process only (a queue of its own,
        gone with it): heartbeats and system messages that each instance must see. Delivery
        is at most once; a failing handler loses that message, never blocks the others."""
        ...

    async def dead_letters(self, agent: str) -> list[DeadLetter]:
        """The agent's dead letters, oldest first (none for an agent with no queue)."""
        ...

    async def replay_dead_letters(
        self, agent: str, ids: Collection[str], *, on_each: OnEach | None = None
    ) -> list[DeadLetter]:
        """Put the dead letters ``ids`` back on the agent's queue: the same body, routing key,
        priority and trace context, the attempt count one higher than the one that failed
        (so the worker's retry budget is spent: one more try, then the dead letters again).

        Each is removed from the dead letters only after the broker confirmed its republish:
        a failure in between leaves it in both places (delivered again, which handlers
        tolerate: at least once), never in neither. Returns those replayed, oldest first,
        calling ``on_each`` after each; an id not found is skipped. A republish that fails
        raises, the dead letters not yet replayed staying where they were."""
        ...

    async def purge_dead_letters(
        self, agent: str, ids: Collection[str], *, on_each: OnEach | None = None
    ) -> list[DeadLetter]:
        """Delete the dead letters ``ids`` for good; those deleted, oldest first."""
        ...

    async def queue_depth(self, agent: str) -> int:
        """Tasks and events waiting in the agent's queue, ready for delivery now (not those in
        flight, nor retries still waiting out their delay). Raises ``Unroutable`` when the
        agent has no queue."""
        ...

    async def ping(self) -> None:
        """A round trip to the broker; raises ``StorageUnavailable`` when it cannot answer."""
        ...

    async def close(self) -> None: ...


class Unroutable(Exception):
    """A message had nowhere to go (no such agent queue or reply queue)."""
