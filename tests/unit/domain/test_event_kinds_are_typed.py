"""Every kind of domain event declares the facts it records (a ``TypedEvent[F]``), so mypy
checks each event an aggregate records: a kind deriving from ``DomainEvent`` directly would
take its data as an unchecked dict."""

from __future__ import annotations

import importlib
import pkgutil

import umt.domain
from umt.domain.shared.events import DomainEvent, EventFacts, TypedEvent


def domain_event_kinds() -> list[type[DomainEvent]]:
    for module in pkgutil.walk_packages(umt.domain.__path__, "umt.domain."):
        importlib.import_module(module.name)
    kinds: list[type[DomainEvent]] = []
    stack: list[type[DomainEvent]] = [DomainEvent]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        # only the domain's own kinds: tests declare throwaway ones, the shared bases are none
        if cls.__module__.startswith("umt.domain.") and not cls.__module__.startswith(
            "umt.domain.shared."
        ):
            kinds.append(cls)
    return kinds


def test_every_domain_event_kind_is_typed() -> None:
    kinds = domain_event_kinds()
    assert len({k.event_type for k in kinds}) >= 58
    untyped = sorted(k.event_type for k in kinds if not issubclass(k, TypedEvent))
    assert untyped == []


def test_a_nested_fact_is_merged_and_a_trailing_underscore_dropped() -> None:
    from dataclasses import dataclass
    from uuid import UUID

    from umt.domain.shared.events import StatusChange

    @dataclass(frozen=True, slots=True, kw_only=True)
    class Moved(EventFacts):
        from_: str
        who: UUID
        status: StatusChange

    moved = Moved(from_="a", who=UUID(int=1), status=StatusChange("a", "b"))
    assert moved.as_data() == {
        "from": "a",
        "who": str(UUID(int=1)),
        "before": {"status": "a"},
        "after": {"status": "b"},
    }
