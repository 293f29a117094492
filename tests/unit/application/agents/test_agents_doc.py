"""docs/agents.md names every task each agent serves, so the table cannot drift from the
use cases that declare them (``audience.add/update`` stands for ``audience.add`` and
``audience.update``)."""

from __future__ import annotations

import re
from pathlib import Path

from umt.application.context_module import task_routes_of
from umt.application.modules import MODULES

DOC = Path(__file__).parents[4] / "docs" / "agents.md"


def named_in(text: str) -> set[str]:
    names: set[str] = set()
    for token in re.findall(r"`([a-z_]+\.[a-z_/]+)`", text):
        prefix, _, actions = token.partition(".")
        names |= {f"{prefix}.{action}" for action in actions.split("/")}
    return names


def test_every_served_task_is_in_the_agents_table() -> None:
    named = named_in(DOC.read_text(encoding="utf-8"))
    missing = {
        agent.value: sorted(set(routes) - named)
        for agent, routes in task_routes_of(MODULES).items()
        if set(routes) - named
    }
    assert missing == {}


def test_the_shorthand_is_expanded() -> None:
    assert named_in("`audience.add/get` and `metrics.sync`") == {
        "audience.add",
        "audience.get",
        "metrics.sync",
    }
