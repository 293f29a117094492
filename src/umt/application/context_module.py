"""What one bounded context contributes, declared in its ``module.py`` and collected once.

A context lists its handlers (the command or query each handles is read from the handler's
first parameter, so the module never names it again) and the events it follows. The registry
of handlers and the agent catalogue are derived from the list of modules
(``application/modules.py``); a duplicate registration fails when they are built, at start-up.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from umt.application.agents.definition import EventHandler, TaskRoute
from umt.application.agents.documents import to_document
from umt.application.agents.names import Agent
from umt.application.bus import Handler
from umt.application.use_case import UseCase


@dataclass(frozen=True, slots=True)
class Subscription:
    """Event types (AMQP topic patterns) an agent of this context follows, and the handler."""

    agent: Agent
    patterns: Sequence[str]
    handler: EventHandler


# ``async def run(stop: asyncio.Event, *, <collaborators>) -> None``: until ``stop`` is set
LoopRun = Callable[..., Awaitable[None]]


@dataclass(frozen=True, slots=True)
class BackgroundLoop:
    """A loop a context runs beside its agent, in every process that runs that agent (the
    embedded server, or ``umt worker --agent``) and in ``umt scheduler``, so it must be safe
    with several at once.

    ``run`` takes the stop event and declares its collaborators as keyword-only parameters,
    bound by name by the composition root when the process starts (a missing one fails then).
    """

    name: str
    agent: Agent
    run: LoopRun


@dataclass(frozen=True, slots=True, kw_only=True)
class ContextModule:
    """One bounded context's contribution to the application."""

    name: str
    handlers: Sequence[Handler] = ()
    subscriptions: Sequence[Subscription] = ()
    loops: Sequence[BackgroundLoop] = ()
    _commands: dict[type, Handler] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        commands: dict[type, Handler] = {}
        for handler in self.handlers:
            command = handled_by(handler)
            if command in commands:
                raise ValueError(f"{self.name}: two handlers for {command.__name__}")
            commands[command] = handler
        object.__setattr__(self, "_commands", commands)

    @property
    def commands(self) -> Mapping[type, Handler]:
        """Each command or query type of this context to its one handler."""
        return self._commands


def handled_by(handler: Handler) -> type:
    """The command or query type a handler takes: the annotation of its first parameter."""
    hints = typing.get_type_hints(handler)
    parameter = next(iter(inspect.signature(handler).parameters), None)
    command = hints.get(parameter) if parameter is not None else None
    if not isinstance(command, type) or command is typing.Any:
        raise TypeError(f"{handler.__qualname__} does not annotate the message it handles")
    return command


def handlers_of(modules: Iterable[ContextModule]) -> dict[type, Handler]:
    """The bus's registry: every module's handlers, each message type once."""
    registry: dict[type, Handler] = {}
    for module in modules:
        for command, handler in module.commands.items():
            if command in registry:
                raise ValueError(f"{command.__name__} is handled by two contexts")
            registry[command] = handler
    return registry


def task_routes_of(modules: Iterable[ContextModule]) -> dict[Agent, dict[str, TaskRoute]]:
    """Each agent's tasks, from the ``use_case`` declared on the commands the modules handle."""
    routes: dict[Agent, dict[str, TaskRoute]] = {}
    served: set[str] = set()
    for module in modules:
        for command in module.commands:
            declared = getattr(command, "use_case", None)
            if not isinstance(declared, UseCase) or declared.task is None or declared.agent is None:
                continue  # not run as an agent task (UseCase declares task and agent together)
            if declared.task in served:
                raise ValueError(f"task {declared.task!r} is declared twice")
            served.add(declared.task)
            routes.setdefault(declared.agent, {})[declared.task] = TaskRoute(
                command,
                declared.permission,
                present=declared.present or to_document,
                anonymous=declared.anonymous,
            )
    return routes


def subscriptions_of(modules: Iterable[ContextModule]) -> dict[Agent, dict[str, EventHandler]]:
    """Each agent's event patterns and their handlers, from every module's subscriptions."""
    subscriptions: dict[Agent, dict[str, EventHandler]] = {}
    for module in modules:
        for subscription in module.subscriptions:
            patterns = subscriptions.setdefault(subscription.agent, {})
            for pattern in subscription.patterns:
                if pattern in patterns:
                    raise ValueError(f"{subscription.agent}: {pattern!r} is followed twice")
                patterns[pattern] = subscription.handler
    return subscriptions


def loops_of(modules: Iterable[ContextModule], agents: Iterable[str]) -> list[BackgroundLoop]:
    """The loops of the contexts whose agent runs in this process (``agents``, by name)."""
    running = set(agents)
    loops: list[BackgroundLoop] = []
    names: set[str] = set()
    for module in modules:
        for loop in module.loops:
            if loop.name in names:
                raise ValueError(f"two background loops are named {loop.name!r}")
            names.add(loop.name)
            if loop.agent.value in running:
                loops.append(loop)
    return loops
