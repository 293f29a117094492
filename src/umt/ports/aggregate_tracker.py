"""The aggregates one unit of work has seen, whose new events its commit collects.

Repositories register every aggregate they hand out or store with the tracker of their unit of
work (one per transaction, shared by all its repositories); ``commit()`` takes the new events
from the tracker, never from a list of repositories, so a repository cannot be left out of the
outbox and the audit log. Like ``Page`` beside the reader ports, this is a shape the ports
share rather than a protocol: every backend uses it as it is.
"""

from __future__ import annotations

from typing import TypeVar

from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.events import DomainEvent

A = TypeVar("A", bound=AggregateRoot)


class AggregateTracker:
    """Aggregates seen in one transaction, deduplicated by identity, in first-seen order.

    Holding a strong reference keeps ``id()`` from being reused while the unit of work lives.
    """

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: dict[int, AggregateRoot] = {}

    def track(self, aggregate: A) -> A:
        """Remember ``aggregate`` (once), so its new events are committed; returns it."""
        self._seen.setdefault(id(aggregate), aggregate)
        return aggregate

    def __contains__(self, aggregate: object) -> bool:
        return self._seen.get(id(aggregate)) is aggregate

    def new_events(self) -> list[DomainEvent]:
        """The uncommitted events of every tracked aggregate, oldest first.

        The sort is stable, so the events of one aggregate keep their order, and events at the
        same instant keep the order their aggregates were first seen in.
        """
        events = [event for aggregate in self._seen.values() for event in aggregate.events]
        events.sort(key=lambda event: event.occurred_at)
        return events

    def clear_events(self) -> None:
        """The events were committed: they are facts now, no longer pending on the aggregates."""
        for aggregate in self._seen.values():
            aggregate.events.clear()
