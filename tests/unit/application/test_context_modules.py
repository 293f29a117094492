"""A bounded context contributes its handlers, agent tasks and subscriptions through its module;
the registry, the agent catalogue and the HTTP rules are derived from the list of modules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import pytest

from umt.application.agents.catalogue import AGENTS, agents_of
from umt.application.agents.names import Agent
from umt.application.context_module import (
    BackgroundLoop,
    ContextModule,
    Subscription,
    handled_by,
    handlers_of,
    loops_of,
    subscriptions_of,
)
from umt.application.handlers import HANDLERS
from umt.application.messaging.envelope import EventMessage
from umt.application.modules import MODULES
from umt.application.services import Context
from umt.application.use_case import Undeclared, UseCase, permission_of, use_case_of
from umt.domain.identity.permissions import Permission
from umt.entrypoints.http.rules import requires_for


@dataclass(frozen=True, slots=True, kw_only=True)
class PlantTree:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_WRITE, task="forest.plant", agent=Agent.CONTENT_STRATEGY
    )
    species: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CountTrees:
    use_case: ClassVar = UseCase(Permission.CONTENT_READ)


@dataclass(frozen=True, slots=True, kw_only=True)
class Undeclared_:  # noqa: N801 - a command with no declaration at all
    pass


@dataclass(frozen=True, slots=True)
class PlantBush:  # declares a task type PlantTree already declared
    use_case: ClassVar = UseCase(
        Permission.CONTENT_WRITE, task="forest.plant", agent=Agent.CONTENT_STRATEGY
    )


async def plant_bush(cmd: PlantBush, ctx: Context) -> None:
    return None


async def plant_tree(cmd: PlantTree, ctx: Context) -> str:
    return cmd.species


async def count_trees(cmd: CountTrees, ctx: Context) -> int:
    return 0


async def on_tree_event(message: EventMessage, ctx: Context) -> None:
    return None


FOREST = ContextModule(
    name="forest",
    handlers=(plant_tree, count_trees),
    subscriptions=(Subscription(Agent.CONTENT_STRATEGY, ("tree.*",), on_tree_event),),
)


def test_a_new_context_module_gives_its_agent_the_tasks_its_commands_declare() -> None:
    agents = agents_of((*MODULES, FOREST))

    strategy = agents[Agent.CONTENT_STRATEGY]
    # its tasks so far, and the new context's after them
    assert list(strategy.tasks) == [*AGENTS[Agent.CONTENT_STRATEGY].tasks, "forest.plant"]
    route = strategy.tasks["forest.plant"]
    assert route.command is PlantTree
    assert route.permission is Permission.CONTENT_WRITE
    assert not route.anonymous
    assert strategy.subscriptions == {
        **AGENTS[Agent.CONTENT_STRATEGY].subscriptions,
        "tree.*": on_tree_event,
    }
    # the other agents are unchanged by it
    for name, agent in AGENTS.items():
        if name != Agent.CONTENT_STRATEGY:
            assert agents[name].tasks == agent.tasks


def test_a_new_context_module_adds_its_handlers_to_the_registry() -> None:
    registry = handlers_of((*MODULES, FOREST))

    assert registry[PlantTree] is plant_tree
    assert registry[CountTrees] is count_trees
    assert len(registry) == len(HANDLERS) + 2


def test_a_command_handled_by_two_contexts_fails_when_the_registry_is_built() -> None:
    twin = ContextModule(name="twin", handlers=(plant_tree,))

    with pytest.raises(ValueError, match="PlantTree"):
        handlers_of((FOREST, twin))


def test_a_module_with_two_handlers_for_one_command_is_refused() -> None:
    async def plant_again(cmd: PlantTree, ctx: Context) -> str:
        return cmd.species

    with pytest.raises(ValueError, match="two handlers for PlantTree"):
        ContextModule(name="forest", handlers=(plant_tree, plant_again))


def test_a_task_type_declared_twice_fails_when_the_catalogue_is_built() -> None:
    with pytest.raises(ValueError, match=r"forest\.plant"):
        agents_of((FOREST, ContextModule(name="bushes", handlers=(plant_bush,))))


def test_an_event_pattern_followed_twice_by_one_agent_is_refused() -> None:
    again = ContextModule(
        name="again",
        subscriptions=(Subscription(Agent.CONTENT_STRATEGY, ("tree.*",), on_tree_event),),
    )

    with pytest.raises(ValueError, match="tree"):
        subscriptions_of((FOREST, again))


def test_a_task_needs_the_agent_that_serves_it() -> None:
    with pytest.raises(ValueError, match="task and the agent"):
        UseCase(Permission.CONTENT_READ, task="forest.count")


def test_a_handler_must_annotate_the_message_it_handles() -> None:
    async def untyped(cmd: Any, ctx: Context) -> None:
        return None

    with pytest.raises(TypeError, match="untyped"):
        handled_by(untyped)


def test_the_route_rule_is_derived_from_the_declared_permission() -> None:
    assert requires_for(CountTrees) == {"permission": "content:read"}
    assert requires_for(PlantTree, task_permission=True) == {
        "permission": "content:write",
        "task_permission": True,
    }
    with pytest.raises(Undeclared):
        requires_for(Undeclared_)


def test_a_use_case_declares_no_permission_only_where_none_is_checked() -> None:
    @dataclass(frozen=True, slots=True)
    class Whoami:
        use_case: ClassVar = UseCase(None, task="forest.whoami", agent=Agent.CONTENT_STRATEGY)

    assert use_case_of(Whoami).permission is None
    with pytest.raises(Undeclared, match="requires no permission"):
        permission_of(Whoami)


def test_every_agent_task_runs_a_registered_handler_with_its_declared_permission() -> None:
    for agent in AGENTS.values():
        for task, route in agent.tasks.items():
            assert route.command in HANDLERS, task
            declared = use_case_of(route.command)
            assert (declared.task, declared.agent, declared.permission) == (
                task,
                agent.name,
                route.permission,
            )


async def grow_trees(stop: object, *, forest_clock: object) -> None:
    return None


def test_a_context_declares_its_loops_which_run_only_where_their_agent_runs() -> None:
    growing = BackgroundLoop("forest-growth", Agent.CONTENT_STRATEGY, grow_trees)
    forest = ContextModule(name="forest", loops=(growing,))

    before = loops_of(MODULES, ["content-strategy"])
    assert loops_of((*MODULES, forest), ["content-strategy"]) == [*before, growing]
    names = {loop.name for loop in loops_of((*MODULES, forest), ["auth-integration"])}
    assert names == {"integration-scheduler", "webhook-sender"}
    assert loops_of((*MODULES, forest), []) == []


def test_two_loops_of_one_name_fail_when_collected() -> None:
    one = ContextModule(name="a", loops=(BackgroundLoop("x", Agent.BRAND_PROJECT, grow_trees),))
    two = ContextModule(name="b", loops=(BackgroundLoop("x", Agent.BRAND_PROJECT, grow_trees),))

    with pytest.raises(ValueError, match="two background loops"):
        loops_of((one, two), ["brand-project"])


def test_every_context_module_is_found_by_its_place_in_the_tree() -> None:
    # nothing lists them: application/<context>/module.py is enough
    assert {m.name for m in MODULES} >= {
        "audit",
        "brand",
        "content",
        "experiments",
        "identity",
        "integration",
        "webhooks",
    }
    assert [m.name for m in MODULES] == sorted(m.name for m in MODULES)
