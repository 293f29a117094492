"""What a use case handler gets besides its command.

``Services`` is the set of collaborators the composition root provides, by name; a handler
declares the ones it needs as keyword-only parameters and the bus binds them when it is built
(application/dependencies.py), so no handler reads this set, and one not wired fails then.
``Context`` is one message's acting principal and its unit of work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from umt.application.advertising.config import AdReviewConfig
from umt.application.agents.progress import JobProgress
from umt.application.analytics.config import AnalyticsConfig
from umt.application.analytics.insights.config import InsightConfig
from umt.application.content.generation.config import GenerationConfig
from umt.application.integration.config import IntegrationConfig
from umt.application.metrics.config import MetricSyncConfig
from umt.application.principal import Principal
from umt.application.publishing_dispatch.config import DispatchConfig
from umt.application.research.config import ResearchTools
from umt.application.webhooks.config import WebhookConfig
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
from umt.ports.report_files import ReportFiles
from umt.ports.session_revocations import SessionRevocations
from umt.ports.sign_in_lockout import SignInLockout
from umt.ports.template_renderer import TemplateRenderer
from umt.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True, kw_only=True)
class Services:
    """The stateless collaborators the composition root provides, each under the name a
    handler declares it by.

    The fields without a default are needed by every process. A collaborator with a ``None``
    default serves some contexts only: left at ``None`` it is *not wired*, and a bus (or an
    agent worker) built with a handler that declares it refuses to start, naming the handler,
    its context and the collaborator (``MissingDependency``). So a library user or a test may
    build the ``Services`` of the contexts it serves, and the full composition wires them all
    (``entrypoints/container/root.py``). The remaining defaults are plain settings.
    """

    clock: Clock
    ids: IdGenerator
    password_hasher: PasswordHasher
    access_tokens: AccessTokens
    refresh_token_lifetime: timedelta
    brand_reader: BrandReader
    session_revocations: SessionRevocations
    # None is a deployment's choice for these two, not a missing wire, so the composition
    # states them: the credential vault's cipher (production without UMT_CREDENTIAL_KEYS
    # answers that integrations are not configured) and the sign-in lockout (switched off
    # with UMT_SIGN_IN_LOCKOUT_THRESHOLD=0)
    credential_cipher: CredentialCipher | None
    sign_in_lockout: SignInLockout | None
    # identity and access: how guessable a chosen password is, and the mail that carries
    # invitations and registration notices
    password_strength: PasswordStrength | None = None
    mail_sender: MailSender | None = None
    invitation_lifetime: timedelta = timedelta(days=7)
    public_base_url: str = "http://127.0.0.1:8000"  # where invitation links point
    # webhooks: the inbound secrets and policy, the subscriptions' cipher
    webhooks: WebhookConfig | None = None
    # content: the generator chain from settings, the generation pipeline's ledger, prices,
    # budget, cache and limits, and the (sandboxed) template renderer
    content_generator: ContentGenerator | None = None
    generation: GenerationConfig | None = None
    template_renderer: TemplateRenderer | None = None
    # the integration context: a connector per configured platform (none by default) and the
    # flow's settings
    platforms: Mapping[Platform, PlatformConnector] = field(default_factory=dict)
    integrations: IntegrationConfig = field(default_factory=IntegrationConfig)
    # a channel account's credentials, ready to use (metrics, advertising, publishing)
    channel_credentials: ChannelCredentials | None = None
    metric_sync: MetricSyncConfig = field(default_factory=MetricSyncConfig)
    # the analytics context: the rollups' late-data window, the raw samples' retention, the
    # size of an ingested batch
    analytics: AnalyticsConfig = field(default_factory=AnalyticsConfig)
    report_files: ReportFiles | None = None  # the reports' CSV and XLSX files
    # the insights' statistics settings and the alert rules' bound per brand
    insight_config: InsightConfig = field(default_factory=InsightConfig)
    ad_review_config: AdReviewConfig = field(default_factory=AdReviewConfig)  # pacing band
    # publishing: each platform's publisher behind its breaker, and the scheduler's and
    # publish engine's settings
    publishers: Mapping[Platform, Publisher] | None = None
    publishing_dispatch: DispatchConfig = field(default_factory=DispatchConfig)
    # where a long task reports how far it has come (to the job it runs for, if any)
    job_progress: JobProgress | None = None
    # competitor research: the polite fetcher, the readers and the crawl's limits
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
