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
from typing import Generic, Self, TypeVar, overload

from umt.adapters.resilience.breaker import Breaker, Ticket
from umt.adapters.resilience.retry import RetryPolicy
from umt.domain.shared.events import DomainEvent
from umt.ports.api_key_repository import ApiKeyRepository
from umt.ports.audit_log import AuditLog
from umt.ports.brand_repository import BrandRepository
from umt.ports.content_repository import ContentRepository
from umt.ports.credential_store import CredentialStore
from umt.ports.experiment_metrics_reader import ExperimentMetricsReader
from umt.ports.experiment_repository import ExperimentRepository
from umt.ports.inbound_webhook_repository import InboundWebhookRepository
from umt.ports.integration_repository import IntegrationRepository
from umt.ports.invitation_repository import InvitationRepository
from umt.ports.membership_repository import MembershipRepository
from umt.ports.oauth_state_store import OAuthStateStore
from umt.ports.observation_log import ObservationLog
from umt.ports.organization_repository import OrganizationRepository
from umt.ports.outbox import Outbox
from umt.ports.project_repository import ProjectRepository
from umt.ports.refresh_token_repository import RefreshTokenRepository
from umt.ports.template_repository import TemplateRepository
from umt.ports.unit_of_work import UnitOfWork
from umt.ports.user_repository import UserRepository
from umt.ports.webhook_delivery_repository import WebhookDeliveryRepository
from umt.ports.webhook_subscription_repository import WebhookSubscriptionRepository

R = TypeVar("R")


class _Inner(Generic[R]):
    """The wrapped unit of work's repository of the same name, looked up when used (the
    wrapped one may build its repositories lazily: copying them all would build them all)."""

    def __init__(self) -> None:
        self._name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, uow: None, owner: type) -> Self: ...
    @overload
    def __get__(self, uow: ResilientUnitOfWork, owner: type) -> R: ...
    def __get__(self, uow: ResilientUnitOfWork | None, owner: type) -> Self | R:
        if uow is None:
            return self
        repository: R = getattr(uow._inner, self._name)
        return repository

    def __set__(self, uow: ResilientUnitOfWork, repository: R) -> None:
        setattr(uow._inner, self._name, repository)


class ResilientUnitOfWork(UnitOfWork):
    """Wraps one unit of work and hands out its repositories. A repository added to the port
    must be added here too: mypy says so (this class would be abstract)."""

    brands: _Inner[BrandRepository] = _Inner()
    projects: _Inner[ProjectRepository] = _Inner()
    organizations: _Inner[OrganizationRepository] = _Inner()
    users: _Inner[UserRepository] = _Inner()
    memberships: _Inner[MembershipRepository] = _Inner()
    refresh_tokens: _Inner[RefreshTokenRepository] = _Inner()
    outbox: _Inner[Outbox] = _Inner()
    api_keys: _Inner[ApiKeyRepository] = _Inner()
    audit_log: _Inner[AuditLog] = _Inner()
    invitations: _Inner[InvitationRepository] = _Inner()
    webhook_subscriptions: _Inner[WebhookSubscriptionRepository] = _Inner()
    webhook_deliveries: _Inner[WebhookDeliveryRepository] = _Inner()
    inbound_webhooks: _Inner[InboundWebhookRepository] = _Inner()
    integrations: _Inner[IntegrationRepository] = _Inner()
    credentials: _Inner[CredentialStore] = _Inner()
    oauth_states: _Inner[OAuthStateStore] = _Inner()
    content: _Inner[ContentRepository] = _Inner()
    templates: _Inner[TemplateRepository] = _Inner()
    experiments: _Inner[ExperimentRepository] = _Inner()
    observations: _Inner[ObservationLog] = _Inner()
    experiment_metrics: _Inner[ExperimentMetricsReader] = _Inner()

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
