"""The unit of work behind the database breaker: a transaction is one guarded call.

``async with uow:`` asks the breaker first (an open breaker refuses at once with
``DependencyUnavailable``: no pool checkout, no connect timeout), then opens the transaction,
retrying transient failures; opening is safe to repeat because nothing has happened yet.
Statements and the commit are *not* retried: a commit that failed may have committed. How the
block ends is the call's outcome: an outage anywhere inside it (statement, commit, rollback)
counts against the breaker, anything else (including domain errors) counts as the database
having answered.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

from umt.adapters.resilience.breaker import Breaker, Ticket
from umt.adapters.resilience.retry import RetryPolicy
from umt.domain.shared.events import DomainEvent
from umt.ports.unit_of_work import UnitOfWork


class ResilientUnitOfWork:
    """Wraps one unit of work and hands out its repositories.

    Not a subclass of the port: the repositories are the wrapped unit of work's, found by
    ``__getattr__`` when used (the wrapped one builds them lazily: copying them all would build
    them all), so this class declares none of them and a new repository needs no line here.
    Where the factory returns it as a ``UnitOfWork``, mypy checks the methods it defines
    against the port; the repositories come through ``__getattr__``.
    """

    def __init__(self, inner: UnitOfWork, breaker: Breaker, retry: RetryPolicy) -> None:
        self._inner = inner
        self._breaker = breaker
        self._retry = retry
        self._ticket: Ticket | None = None

    async def __aenter__(self) -> Self:
        ticket = self._breaker.admit()
        try:
            await self._retry.run(self._inner.__aenter__)
        except BaseException as exc:
            self._breaker.record(ticket, exc)
            raise
        self._ticket = ticket
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        ticket, self._ticket = self._ticket, None
        outcome = exc
        try:
            await self._inner.__aexit__(exc_type, exc, tb)
        except BaseException as error:
            outcome = error
            raise
        finally:
            if ticket is not None:
                self._breaker.record(ticket, outcome)

    async def commit(self) -> None:
        await self._inner.commit()

    def claim_message(self, key: str) -> None:
        self._inner.claim_message(key)

    async def rollback(self) -> None:
        await self._inner.rollback()

    def collect_events(self) -> list[DomainEvent]:
        return self._inner.collect_events()

    def __getattr__(self, name: str) -> Any:
        # only what this class does not define: the wrapped unit of work's repositories
        return getattr(self._inner, name)


class ResilientUnitOfWorkFactory:
    """A drop-in for the bus's ``uow_factory``: each unit of work it makes is guarded."""

    def __init__(
        self, factory: Callable[[], UnitOfWork], breaker: Breaker, retry: RetryPolicy
    ) -> None:
        self._factory = factory
        self._breaker = breaker
        self._retry = retry

    def __call__(self) -> UnitOfWork:
        return ResilientUnitOfWork(self._factory(), self._breaker, self._retry)
