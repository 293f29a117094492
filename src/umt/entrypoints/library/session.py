"""The caller of a library call: ``Session``, and the base of the namespaces that run a
message on the bus as that caller."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from umt.application.bus import MessageBus
from umt.application.principal import Principal

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Session:
    """An authenticated caller: pass it to every call made on that caller's behalf."""

    principal: Principal
    access_token: str
    refresh_token: str


class BusApi:
    """A namespace of the facade (``platform.brands``, ...): each method runs one command or
    query on the bus as the session's principal, so the use case authorizes it as over HTTP."""

    def __init__(self, bus: MessageBus) -> None:
        self._bus = bus

    async def _ask(self, session: Session, message: object, result_type: type[R]) -> R:
        """The use case's result, stated as ``result_type`` (what its handler returns)."""
        return await self._bus.ask(message, result_type, session.principal)

    async def _send(self, session: Session, message: object) -> None:
        """Run a command that answers nothing (a removal, a revocation)."""
        await self._bus.execute(message, session.principal)
