"""The UnitOfWork port: the transaction boundary and the repositories that hang off it."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

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
from umt.ports.user_repository import UserRepository
from umt.ports.webhook_delivery_repository import WebhookDeliveryRepository
from umt.ports.webhook_subscription_repository import WebhookSubscriptionRepository


class UnitOfWork(Protocol):
    """``async with uow:`` opens a transaction that rolls back unless ``commit()`` ran.

    ``commit()`` writes the new events of every aggregate the repositories saw to the outbox in
    the same transaction, then commits; ``collect_events()`` hands those events to the bus.
    """

    brands: BrandRepository
    projects: ProjectRepository
    organizations: OrganizationRepository
    users: UserRepository
    memberships: MembershipRepository
    refresh_tokens: RefreshTokenRepository
    outbox: Outbox
    api_keys: ApiKeyRepository
    # commit() also appends one audit entry per committed event (actor and origin from
    # application.audit.context), in the same transaction: nothing commits unaudited.
    audit_log: AuditLog
    invitations: InvitationRepository
    webhook_subscriptions: WebhookSubscriptionRepository
    webhook_deliveries: WebhookDeliveryRepository
    inbound_webhooks: InboundWebhookRepository
    integrations: IntegrationRepository
    credentials: CredentialStore
    oauth_states: OAuthStateStore
    content: ContentRepository
    templates: TemplateRepository
    # experiments: the aggregates, their observation log, and its aggregation
    # (read in the same transaction, so an analysis and the conclusion it draws agree)
    experiments: ExperimentRepository
    observations: ObservationLog
    experiment_metrics: ExperimentMetricsReader

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    def claim_message(self, key: str) -> None:
        """Make the next ``commit()`` also record that the message ``key`` was processed.

        If it already was, that commit raises ``AlreadyProcessed`` and applies nothing: the
        effect of a task and the record of having run it are one transaction, so a duplicate
        delivery can never apply the effect twice.
        """
        ...

    async def rollback(self) -> None: ...

    def collect_events(self) -> list[DomainEvent]:
        """The events committed by the last commit(), each returned once."""
        ...
