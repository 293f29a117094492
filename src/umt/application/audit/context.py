"""Who is acting and from where, for the audit entries of the current request or task.

One ContextVar, set by the HTTP layer at the start of a request (address, user agent) and
whenever a principal acts (the bus, for every command it runs: the HTTP request's, an agent
task's, the library's). The unit of work reads it when it writes one audit entry per
committed event, so no use case has to pass request metadata around. Trace and request ids
come from the logging context (``log_context``), which already carries them.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from dataclasses import dataclass

from umt.application.principal import Principal
from umt.domain.audit.entry import Actor, ActorType

MAX_USER_AGENT = 500


@dataclass(frozen=True, slots=True)
class AuditScope:
    actor: Actor
    ip: str | None = None
    user_agent: str | None = None


# Outside any request or task (a CLI, a background job) the system acts.
_scope: ContextVar[AuditScope | None] = ContextVar("umt_audit_scope", default=None)


def start_request_scope(ip: str | None, user_agent: str | None) -> None:
    """A fresh scope for an HTTP request: anonymous until a principal acts."""
    agent = user_agent[:MAX_USER_AGENT] if user_agent else None
    _scope.set(AuditScope(Actor.anonymous(), ip=ip, user_agent=agent))


class acting:  # noqa: N801  # used like the function it replaced: ``with acting(actor):``
    """``actor`` acts within the block (a command run by the bus); the scope is restored after,
    so a worker running tasks one after another never lends one task's actor to the next.

    A class rather than a ``@contextmanager`` generator: the bus enters it for every command
    and query, and a generator-based manager costs several times more per use."""

    __slots__ = ("_actor", "_token")

    def __init__(self, actor: Actor) -> None:
        self._actor = actor
        self._token: Token[AuditScope | None] | None = None

    def __enter__(self) -> None:
        current = _scope.get()
        scope = (
            AuditScope(self._actor)
            if current is None
            else AuditScope(self._actor, current.ip, current.user_agent)
        )
        self._token = _scope.set(scope)

    def __exit__(self, *_: object) -> None:
        if self._token is not None:
            _scope.reset(self._token)
            self._token = None


def actor_of(principal: Principal) -> Actor:
    if principal.api_key_id is not None:
        return Actor(ActorType.API_KEY, principal.api_key_id, on_behalf_of=principal.user_id)
    return Actor(ActorType.USER, principal.user_id)


def current_scope() -> AuditScope:
    current = _scope.get()
    return current if current is not None else AuditScope(Actor.system())
