"""What a handler needs besides its message and context, declared where it is used.

A handler names its collaborators as keyword-only parameters
(``async def rotate_webhook_secret(cmd, ctx, *, clock: Clock, webhooks: WebhookConfig)``)
and the bus binds them by name once, when it is built. A collaborator nobody wired (a name
``Services`` does not have, or one of its optional collaborators left at ``None``) is then a
``MissingDependency`` at start-up that names the collaborator, the handler and its context,
never an error at the first request that needs it. A collaborator the handler can do without
is declared with a default (``generation: GenerationConfig | None = None``): bound when it is
wired, else the handler gets its default.
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

APPLICATION_PACKAGE = "umt.application"


class MissingDependency(LookupError):
    """A handler declares a collaborator the composition root does not provide."""


def declared_dependencies(handler: Callable_) -> tuple[str, ...]:
    """The names of ``handler``'s keyword-only parameters: what it needs injected."""
    return tuple(
        parameter.name
        for parameter in inspect.signature(handler).parameters.values()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    )


def bind_dependencies(
    handler: Callable_, available: Mapping[str, Any], *, serving: str | None = None
) -> Callable_:
    """``handler`` with the collaborators it declares bound from ``available``; raises
    ``MissingDependency`` if one is not there (``serving`` says what the handler is bound
    for, e.g. the message type it handles, for the error)."""
    names = declared_dependencies(handler)
    if not names:
        return handler
    optional = _optional(handler)
    missing = [name for name in names if name not in available and name not in optional]
    if missing:
        purpose = "" if serving is None else f" (to handle {serving})"
        raise MissingDependency(
            f"{describe(handler)} needs {', '.join(missing)}{purpose}, which the composition "
            "does not wire: provide it in Services, or leave this context out"
        )
    return functools.partial(
        handler, **{name: available[name] for name in names if name in available}
    )


def _optional(handler: Callable_) -> frozenset[str]:
    """The declared collaborators with a default: the handler can do without them."""
    return frozenset(
        parameter.name
        for parameter in inspect.signature(handler).parameters.values()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        and parameter.default is not inspect.Parameter.empty
    )


def describe(handler: Callable_) -> str:
    """``handler`` as an error names it: its context (by the package layout, as
    ``application/modules.py`` finds the contexts) and its name, e.g. "the content context's
    create_template"."""
    module = getattr(handler, "__module__", None) or "?"
    name = getattr(handler, "__qualname__", repr(handler))
    prefix = APPLICATION_PACKAGE + "."
    if module.startswith(prefix):
        return f"the {module.removeprefix(prefix).split('.')[0]} context's {name}"
    return f"{module}.{name}"


def dependencies_of(services: Services) -> dict[str, Any]:
    """The collaborators the process's ``Services`` provide, by field name. An optional
    collaborator left at its ``None`` default is not wired, so it is not provided: a handler
    that declares it fails to bind. A field without a default is always provided, even as
    ``None`` (the composition stated it: a deployment without a credential key ring)."""
    provided: dict[str, Any] = {}
    for spec in dataclasses.fields(services):
        value = getattr(services, spec.name)
        if value is None and spec.default is None:
            continue  # an optional collaborator nobody wired
        provided[spec.name] = value
    return provided
