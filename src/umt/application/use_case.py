"""What a use case states once about itself, on its command class.

``use_case: ClassVar = UseCase(Permission.BRAND_CREATE, task="brand.create",
agent=Agent.BRAND_PROJECT)`` is the one place a use case's permission, agent task and serving
agent are written. The handler checks the permission from it, the HTTP route's rule
(``requires_for``) and the agent catalogue (``ContextModule``) derive theirs from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass
from typing import Any, Generic, TypeVar

from umt.application.agents.names import Agent
from umt.domain.identity.permissions import Permission

# a declaration with a permission types it as Permission, so a handler's check needs no cast
P = TypeVar("P", Permission, None)
Presenter = Callable[[Any], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class UseCase(Generic[P]):
    """A use case's permission and, when an agent serves it, its task."""

    permission: P  # None: the use case checks none (a public or self-service one)
    _: KW_ONLY
    task: str | None = None  # the agent task type that runs it ("brand.create")
    agent: Agent | None = None  # the agent serving the task
    anonymous: bool = False  # true for the few tasks that need no acting principal
    present: Presenter | None = None  # the task's result as a document (default: to_document)

    def __post_init__(self) -> None:
        if (self.task is None) != (self.agent is None):
            raise ValueError("a use case's task and the agent serving it go together")


class Undeclared(LookupError):
    """The class states no ``use_case``: it is not a command or query of a context."""


def use_case_of(command: type) -> UseCase[Any]:
    """The declaration on ``command``'s class."""
    declared = getattr(command, "use_case", None)
    if not isinstance(declared, UseCase):
        raise Undeclared(f"{command.__name__} declares no use_case")
    return declared


def permission_of(command: type) -> Permission:
    """The permission ``command`` requires (for a route's rule); refused if it requires none."""
    permission: Permission | None = use_case_of(command).permission
    if permission is None:
        raise Undeclared(f"{command.__name__} requires no permission")
    return permission
