"""Every task's result can be turned into its JSON document: each kind of value its handler
declares it returns is one ``to_plain`` turns into JSON (a kind it refused failed the task
after its effect was committed, as campaigns, caps and publications once did)."""

from __future__ import annotations

import dataclasses
import enum
import json
import typing
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

from tests.unit.domain.publishing.publication_builders import publication

from umt.application.agents.documents import to_document, to_plain
from umt.application.context_module import handlers_of, task_routes_of
from umt.application.modules import MODULES

NEVER_SHOWN = {"events", "password_hash", "token_hash", "secret", "secret_hash"}
# one value of every leaf kind a task result holds
SAMPLES: dict[type, object] = {
    bool: True,
    int: 1,
    float: 0.5,
    str: "a",
    type(None): None,
    UUID: uuid4(),
    datetime: datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    date: date(2026, 3, 2),
    time: time(9, 0),
    timedelta: timedelta(hours=1),
    Decimal: Decimal("12.50"),
}


def leaf_kinds(declared: object, seen: set[type]) -> set[type]:
    """The kinds of value under ``declared``: through unions, containers and dataclasses."""
    if typing.get_origin(declared) is not None:
        found: set[type] = set()
        for argument in typing.get_args(declared):
            found |= leaf_kinds(argument, seen)
        return found
    if not isinstance(declared, type) or declared is typing.Any or declared in seen:
        return set()  # Any (a rule's detail) cannot be checked here
    seen.add(declared)
    if dataclasses.is_dataclass(declared):
        hints = typing.get_type_hints(declared)
        found = set()
        for field in dataclasses.fields(declared):
            if field.name not in NEVER_SHOWN:
                found |= leaf_kinds(hints[field.name], seen)
        return found
    if issubclass(declared, tuple) and hasattr(declared, "_fields"):  # a named tuple
        found = set()
        for hint in typing.get_type_hints(declared).values():
            found |= leaf_kinds(hint, seen)
        return found
    if declared.__module__ == "collections.abc" or declared in (list, tuple, dict, set):
        return set()
    return {declared}


def test_every_kind_of_value_a_task_returns_becomes_json() -> None:
    handlers = handlers_of(MODULES)
    kinds: set[type] = set()
    for tasks in task_routes_of(MODULES).values():
        for route in tasks.values():
            if route.present is to_document:  # not a task with its own presenter
                returned = typing.get_type_hints(handlers[route.command])["return"]
                kinds |= leaf_kinds(returned, set())
    assert {Decimal, timedelta, time} <= kinds  # money, a rule's window, a schedule's time
    for kind in kinds:
        sample = next(iter(kind)) if issubclass(kind, enum.Enum) else SAMPLES.get(kind, kind)
        assert sample is not kind, f"no sample of {kind}: add one, and teach to_plain if new"
        json.dumps(to_plain(sample))


def test_a_named_tuple_becomes_an_object_by_its_field_names() -> None:
    class Total(typing.NamedTuple):
        metric: str
        value: Decimal

    assert to_plain([Total("clicks", Decimal("3.5"))]) == [{"metric": "clicks", "value": "3.5"}]
    assert to_plain((1, "a")) == [1, "a"]  # a plain tuple stays a list


def test_durations_are_seconds_and_wall_times_iso_text() -> None:
    document = to_document(publication(grace=timedelta(minutes=17)))
    assert document["grace"] == 17 * 60
    assert to_document(time(9, 30)) == {"value": "09:30:00"}
    assert to_document(timedelta(seconds=1.5)) == {"value": 1.5}
    assert to_document(Decimal("0.10")) == {"value": "0.10"}
