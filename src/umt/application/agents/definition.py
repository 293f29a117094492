"""What an agent is: a name, the tasks it serves, the events it follows, its concurrency."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from umt.application.agents.documents import to_document
from umt.domain.identity.permissions import Permission

Presenter = Callable[[Any], dict[str, Any]]
# (event, context) and, by keyword, the collaborators it declares (application/dependencies.py)
EventHandler = Callable[..., Awaitable[None]]


@dataclass(frozen=True, slots=True)
class TaskRoute:
    """A task type served by running the use case of ``command`` on the message bus."""

    command: type
    # checked up front where the task is handed over (a job is refused at once, not failed
    # later); the use case still checks its exact permission itself
    permission: Permission | None = None
    present: Presenter = to_document
    anonymous: bool = False  # true for the few tasks that need no acting principal


@dataclass(frozen=True, slots=True)
class AgentDefinition:
    name: str
    description: str
    tasks: Mapping[str, TaskRoute] = field(default_factory=dict)
    # event type patterns (AMQP topic syntax) and the handler of each
    subscriptions: Mapping[str, EventHandler] = field(default_factory=dict)
    concurrency: int = 10

    @property
    def event_patterns(self) -> tuple[str, ...]:
        return tuple(self.subscriptions)
