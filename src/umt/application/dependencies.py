"""What a handler needs besides its message and context, declared where it is used.

A handler names its collaborators as keyword-only parameters
(``async def rotate_webhook_secret(cmd, ctx, *, clock: Clock, webhooks: WebhookConfig | None)``)
and the bus binds them by name once, when it is built. A collaborator nobody wired is then a
``MissingDependency`` at start-up, never an error at the first request that needs it.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from umt.application.services import Services

Callable_ = Callable[..., Any]


class MissingDependency(LookupError):
    """A handler declares a collaborator the composition root does not provide."""


def declared_dependencies(handler: Callable_) -> tuple[str, ...]:
    """The names of ``handler``'s keyword-only parameters: what it needs injected."""
    return tuple(
        parameter.name
        for parameter in inspect.signature(handler).parameters.values()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    )


def bind_dependencies(handler: Callable_, available: Mapping[str, Any]) -> Callable_:
    """``handler`` with the collaborators it declares bound from ``available``."""
    names = declared_dependencies(handler)
    if not names:
        return handler
    missing = [name for name in names if name not in available]
    if missing:
        raise MissingDependency(
            f"{handler.__qualname__} needs {', '.join(missing)}, which nothing provides"
        )
    return functools.partial(handler, **{name: available[name] for name in names})


def dependencies_of(services: Services) -> dict[str, Any]:
    """The collaborators the process's ``Services`` provide, by field name."""
    return {f.name: getattr(services, f.name) for f in dataclasses.fields(services)}
