"""The message bus: commands and queries to exactly one handler, events to zero or more.

A command's errors propagate to its caller. After a command commits, the events its unit of
work collected are dispatched to their handlers, each in isolation: a failing event handler is
retried a few times and then logged, and never fails the command that raised the event.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar, cast

from umt.application.audit.context import acting, actor_of
from umt.application.dependencies import bind_dependencies, dependencies_of
from umt.application.principal import Principal
from umt.application.services import Context, Services
from umt.domain.shared.events import DomainEvent
from umt.ports.unit_of_work import UnitOfWork

R = TypeVar("R")
log = logging.getLogger("umt.bus")

# (message, context) and, by keyword, the collaborators it declares (application/dependencies.py)
Handler = Callable[..., Awaitable[Any]]
EventHandler = Callable[[DomainEvent, Services], Awaitable[None]]
EVENT_HANDLER_ATTEMPTS = 3


class UnknownMessage(LookupError):
    """No handler is registered for this message type."""


class MessageBus:
    def __init__(
        self,
        *,
        uow_factory: Callable[[], UnitOfWork],
        services: Services,
        handlers: Mapping[type, Handler],
        event_handlers: Mapping[type[DomainEvent], Sequence[EventHandler]] | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self.services = services
        # the collaborators each handler declares, bound now: one not wired fails at start-up
        available = dependencies_of(services)
        self._handlers = {
            t: bind_dependencies(h, available, serving=t.__name__) for t, h in handlers.items()
        }
        self._event_handlers = {k: list(v) for k, v in (event_handlers or {}).items()}

    async def execute(
        self, message: Any, principal: Principal | None = None, *, message_key: str | None = None
    ) -> Any:
        """Run the one handler of ``message`` in a fresh unit of work and return its result.

        With ``message_key`` (a task's idempotency key) the handler's commit also records the
        key, and raises AlreadyProcessed instead if a previous delivery committed it.
        """
        handler = self._handlers.get(type(message))
        if handler is None:
            raise UnknownMessage(f"no handler for {type(message).__name__}")
        context = Context(
            uow_factory=self._uow_factory,
            principal=principal,
            message_key=message_key,
        )
        if principal is None:
            result = await handler(message, context)
        else:
            with acting(actor_of(principal)):  # the audit entries name who acted
                result = await handler(message, context)
        events = context.collect_events()
        if events:
            await self.dispatch(events)
        return result

    async def ask(
        self, message: Any, result_type: type[R], principal: Principal | None = None
    ) -> R:
        """``execute`` with the result's type stated, for typed callers."""
        return cast(R, await self.execute(message, principal))

    def subscribe(self, event_type: type[DomainEvent], handler: EventHandler) -> None:
        self._event_handlers.setdefault(event_type, []).append(handler)

    async def dispatch(self, events: Sequence[DomainEvent]) -> None:
        for event in events:
            for handler in self._event_handlers.get(type(event), ()):
                await self._run_isolated(handler, event)

    async def _run_isolated(self, handler: EventHandler, event: DomainEvent) -> None:
        for attempt in range(1, EVENT_HANDLER_ATTEMPTS + 1):
            try:
                await handler(event, self.services)
                return
            except Exception:
                if attempt == EVENT_HANDLER_ATTEMPTS:
                    log.exception(
                        "event handler failed",
                        extra={
                            "event_type": event.event_type,
                            "handler": getattr(handler, "__qualname__", repr(handler)),
                            "attempts": attempt,
                        },
                    )
                    return
                await asyncio.sleep(0.01 * 2**attempt)
