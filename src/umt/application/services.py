"""What a use case handler gets besides its command: the unit of work and the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from umt.application.principal import Principal
from umt.domain.shared.errors import AuthenticationFailed
from umt.ports.access_tokens import AccessTokens
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.password_hasher import PasswordHasher
from umt.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True, kw_only=True)
class Services:
    """Stateless collaborators shared by every handler."""

    clock: Clock
    ids: IdGenerator
    password_hasher: PasswordHasher
    access_tokens: AccessTokens
    refresh_token_lifetime: timedelta


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """One message's execution context: a fresh unit of work and the acting principal."""

    uow: UnitOfWork
    services: Services
    principal: Principal | None = None

    def actor(self) -> Principal:
        """The authenticated principal; anonymous callers are refused."""
        if self.principal is None:
            raise AuthenticationFailed("authentication required")
        return self.principal
