"""What a use case handler gets besides its command.

``Services`` is the set of collaborators the composition root provides, by name; a handler
declares the ones it needs as keyword-only parameters and the bus binds them when it is built
(application/dependencies.py), so no handler reads this set. ``Context`` is one message's acting
principal and its unit of work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from umt.application.advertising.config import AdReviewConfig
from umt.application.integration.config import IntegrationConfig
from umt.application.metrics.config import MetricSyncConfig
from umt.application.principal import Principal
from umt.application.publishing_dispatch.config import DispatchConfig
from umt.domain.integration.platforms import Platform
from umt.domain.shared.errors import AuthenticationFailed
from umt.domain.shared.events import DomainEvent
from umt.ports.access_tokens import AccessTokens
from umt.ports.brand_reader import BrandReader
from umt.ports.channel_credentials import ChannelCredentials
from umt.ports.clock import Clock
from umt.ports.content_generator import ContentGenerator
from umt.ports.credential_cipher import CredentialCipher
from umt.ports.id_generator import IdGenerator
from umt.ports.mail_sender import MailSender
from umt.ports.password_hasher import PasswordHasher
from umt.ports.password_strength import PasswordStrength
from umt.ports.platform_connector import PlatformConnector
from umt.ports.publisher import Publisher
from umt.ports.session_revocations import SessionRevocations
from umt.ports.sign_in_lockout import SignInLockout
from umt.ports.template_renderer import TemplateRenderer
from umt.ports.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from umt.application.agents.progress import JobProgress
    from umt.application.content.generation.config import GenerationConfig
    from umt.application.research.config import ResearchTools
    from umt.application.webhooks.config import WebhookConfig


@dataclass(frozen=True, slots=True, kw_only=True)
class Services:
    """The stateless collaborators the composition root provides, each under the name a
    handler declares it by."""

    clock: Clock
    ids: IdGenerator
    password_hasher: PasswordHasher
    access_tokens: AccessTokens
    refresh_token_lifetime: timedelta
    brand_reader: BrandReader
    session_revocations: SessionRevocations
    # identity and access; defaults keep older wiring and test harnesses working
    sign_in_lockout: SignInLockout | None = None  # None: no lockout
    mail_sender: MailSender | None = None  # None: invitations are stored but not mailed
    invitation_lifetime: timedelta = timedelta(days=7)
    # how guessable a chosen password is; None: only the domain's rules (length, blank, personal)
    password_strength: PasswordStrength | None = None
    public_base_url: str = "http://127.0.0.1:8000"  # where invitation links point
    webhooks: WebhookConfig | None = None  # None: no webhook endpoints nor subscriptions
    # the generation pipeline's ledger, prices, budget, cache and limits
    generation: GenerationConfig | None = None  # None: generation refuses with 503
    # the integration context: the credential vault's cipher, a connector per configured
    # platform, and the flow's settings (defaults: no platform configured)
    credential_cipher: CredentialCipher | None = None
    platforms: Mapping[Platform, PlatformConnector] = field(default_factory=dict)
    integrations: IntegrationConfig = field(default_factory=IntegrationConfig)
    # content generation: the generator chain from settings (None: not wired)
    content_generator: ContentGenerator | None = None
    # renders content templates (sandboxed); None: creating and rendering templates answer 503
    template_renderer: TemplateRenderer | None = None
    # a channel account's credentials, ready to use (None: not wired; a sync records
    # ``credentials_missing``), and the metric sync's interval and lease
    channel_credentials: ChannelCredentials | None = None
    metric_sync: MetricSyncConfig = field(default_factory=MetricSyncConfig)
    ad_review_config: AdReviewConfig = field(default_factory=AdReviewConfig)  # pacing band
    # publishing: each platform's publisher behind its breaker (None: the connectors as
    # they are), and the scheduler's and publish engine's settings
    publishers: Mapping[Platform, Publisher] | None = None
    publishing_dispatch: DispatchConfig = field(default_factory=DispatchConfig)
    # where a long task reports how far it has come (None: nowhere)
    job_progress: JobProgress | None = None
    # competitor research: the polite fetcher, the readers and the crawl's limits (None:
    # crawls answer 503)
    research: ResearchTools | None = None


class Context:
    """One message's execution context: the acting principal and a unit of work created on
    first use (queries served by a reader never open one)."""

    __slots__ = ("_message_key", "_uow", "_uow_factory", "principal")

    def __init__(
        self,
        *,
        uow_factory: Callable[[], UnitOfWork],
        principal: Principal | None = None,
        message_key: str | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._message_key = message_key
        self._uow: UnitOfWork | None = None
        self.principal = principal

    @property
    def uow(self) -> UnitOfWork:
        if self._uow is None:
            self._uow = self._uow_factory()
            if self._message_key is not None:
                self._uow.claim_message(self._message_key)
        return self._uow

    def separate_uow(self) -> UnitOfWork:
        """A unit of work of its own, outside this message's transaction: for what must be
        written even when the message fails (the audit entry of a failed sign-in)."""
        return self._uow_factory()

    def collect_events(self) -> list[DomainEvent]:
        """Events committed by this message's unit of work, if it opened one."""
        return self._uow.collect_events() if self._uow is not None else []

    def actor(self) -> Principal:
        """The authenticated principal; anonymous callers are refused."""
        if self.principal is None:
            raise AuthenticationFailed("authentication required")
        return self.principal
