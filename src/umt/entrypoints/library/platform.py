"""``Platform``: umt in-process, opened with ``async with umt.connect(settings)``; it signs
callers in (``Session``) and holds one namespace per group of use cases (``platform.brands``,
``platform.content``, ...), each in its own module of this package."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self
from uuid import UUID

from umt.application.agents.directory import AgentView
from umt.application.bus import MessageBus
from umt.application.identity.accept_invitation import AcceptInvitation
from umt.application.identity.authenticate_api_key import AuthenticateApiKey
from umt.application.identity.get_me import GetMe, Me
from umt.application.identity.issue_token import IssueToken
from umt.application.identity.logout import Logout
from umt.application.identity.refresh_access_token import RefreshAccessToken
from umt.application.identity.register import Register, RegistrationReceived
from umt.application.identity.tokens import TokenPair
from umt.application.identity.views import MeView
from umt.application.principal import Principal
from umt.domain.shared.errors import Conflict
from umt.entrypoints.container import Container, build_container, start_resources, stop_resources
from umt.entrypoints.library.advertising import AdvertisingApi
from umt.entrypoints.library.analytics import AnalyticsApi
from umt.entrypoints.library.attribution import AttributionApi
from umt.entrypoints.library.audit_log import AuditLogApi
from umt.entrypoints.library.brands import AudiencesApi, BrandsApi, CompetitorsApi, ProjectsApi
from umt.entrypoints.library.channels import ChannelAccountsApi
from umt.entrypoints.library.content import ContentApi
from umt.entrypoints.library.enrichment import EnrichmentApi
from umt.entrypoints.library.evergreen import EvergreenApi
from umt.entrypoints.library.experiments import ExperimentsApi
from umt.entrypoints.library.generation import GenerationApi
from umt.entrypoints.library.insights import InsightsApi
from umt.entrypoints.library.integrations import IntegrationsApi
from umt.entrypoints.library.jobs import JobsApi
from umt.entrypoints.library.members import ApiKeysApi, MembersApi
from umt.entrypoints.library.metrics import MetricsApi
from umt.entrypoints.library.publishing import PublishingApi, SchedulesApi
from umt.entrypoints.library.reports import ReportsApi
from umt.entrypoints.library.research import ResearchApi
from umt.entrypoints.library.sandbox import SandboxApi
from umt.entrypoints.library.sandbox_history import HistoryTools
from umt.entrypoints.library.session import Session
from umt.entrypoints.library.strategy import StrategyApi
from umt.entrypoints.library.templates import TemplatesApi
from umt.entrypoints.library.webhooks import WebhooksApi
from umt.entrypoints.runtime import ProcessRuntime
from umt.entrypoints.schema import migrate_embedded, schema_check
from umt.entrypoints.settings import Settings


class Platform:
    """umt in-process. Open with ``async with umt.connect(settings) as platform``."""

    def __init__(self, container: Container, *, migrate: bool = False) -> None:
        self._container = container
        self._migrate = migrate
        self._bus: MessageBus | None = None
        self._runtime: ProcessRuntime | None = None

    @classmethod
    def from_settings(
        cls, settings: Settings | None = None, *, migrate: bool = False, **overrides: Any
    ) -> Platform:
        settings = settings or Settings()
        if overrides:
            settings = settings.model_copy(update=overrides)
        return cls(build_container(settings), migrate=migrate)

    async def __aenter__(self) -> Self:
        """Open the pools; raises ``SchemaMissing`` (saying what to run) on a database that
        was never migrated, unless ``migrate=True`` migrated it (embedded SQLite only)."""
        if self._migrate:
            await migrate_embedded(self._container.settings())
        await start_resources(self._container)
        check = schema_check(self._container)
        try:
            if check is not None:
                await check()
            # binds what every handler declares: a collaborator not wired fails here
            self._bus = self._container.bus()
        except BaseException:
            await stop_resources(self._container)
            raise
        bus = self.bus
        self.brands = BrandsApi(bus)
        self.audiences = AudiencesApi(bus)
        self.competitors = CompetitorsApi(bus)
        self.projects = ProjectsApi(bus)
        self.members = MembersApi(bus)
        self.jobs = JobsApi(self._container.job_dispatcher())
        self.api_keys = ApiKeysApi(bus)
        self.audit_log = AuditLogApi(bus)
        self.webhooks = WebhooksApi(bus)
        self.integrations = IntegrationsApi(bus)
        self.content = ContentApi(bus)
        self.templates = TemplatesApi(bus)
        self.generation = GenerationApi(bus)
        self.experiments = ExperimentsApi(bus)
        self.channel_accounts = ChannelAccountsApi(bus)
        self.sandbox = SandboxApi(
            self.integrations, self._container.sandbox_network, self._history_tools
        )
        self.metrics = MetricsApi(bus)
        self.publishing = PublishingApi(bus)
        self.schedules = SchedulesApi(bus)
        self.evergreen = EvergreenApi(bus)
        self.advertising = AdvertisingApi(bus)
        self.attribution = AttributionApi(bus)
        self.research = ResearchApi(bus, self._container.job_dispatcher())
        self.enrichment = EnrichmentApi(bus, self._container.job_dispatcher())
        self.analytics = AnalyticsApi(bus)
        self.strategy = StrategyApi(bus)
        self.reports = ReportsApi(bus)
        self.insights = InsightsApi(bus)
        self._runtime = ProcessRuntime(self._container)
        await self._runtime.start()
        return self

    def _history_tools(self) -> HistoryTools:
        return HistoryTools(
            bus=self.bus,
            brands=self.brands,
            channel_accounts=self.channel_accounts,
            content=self.content,
            network=self._container.sandbox_network(),
            clock=self._container.clock(),
            production=self._container.settings().is_production,
            max_batch=self._container.analytics().max_batch_rows,
        )

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._runtime is not None:
            await self._runtime.stop()
            self._runtime = None
        await stop_resources(self._container)
        self._bus = None

    def agents(self) -> list[AgentView]:
        """The agents, their tasks and the instances heard from (see GET /api/v1/agents)."""
        if self._runtime is None:
            raise RuntimeError("use the platform inside `async with umt.connect(...)`")
        return self._runtime.directory.agents()

    @property
    def bus(self) -> MessageBus:
        """The message bus, for commands the facade does not wrap."""
        if self._bus is None:
            raise RuntimeError("use the platform inside `async with umt.connect(...)`")
        return self._bus

    async def register(
        self, email: str, password: str, organization_name: str, display_name: str | None = None
    ) -> Session:
        """Create a user and their organization, then log in as its owner.

        Raises ``Conflict`` when the email already has an account (whose owner gets a mail):
        your code runs with the deployment's access, so it is told what the HTTP API, which
        answers anyone the same either way, does not tell."""
        command = Register(
            email=email,
            password=password,
            organization_name=organization_name,
            display_name=display_name,
        )
        received = await self.bus.ask(command, RegistrationReceived)
        if received.account is None:
            raise Conflict("this email is already registered", field="email")
        return await self.login(email, password)

    async def login(
        self, email: str, password: str, organization_id: UUID | None = None
    ) -> Session:
        command = IssueToken(email=email, password=password, organization_id=organization_id)
        pair = await self.bus.ask(command, TokenPair)
        return self._session(pair)

    async def refresh(self, session: Session, organization_id: UUID | None = None) -> Session:
        """A new session for ``session``'s refresh token (which is spent); with
        ``organization_id``, one in that other organization of the same user (no password)."""
        command = RefreshAccessToken(
            refresh_token=session.refresh_token, organization_id=organization_id
        )
        pair = await self.bus.ask(command, TokenPair)
        return self._session(pair)

    async def logout(self, session: Session) -> None:
        """End the session's sign-in: its refresh token (and the family it rotated through)."""
        await self.bus.execute(Logout(refresh_token=session.refresh_token))

    async def accept_invitation(
        self, token: str, password: str | None = None, display_name: str | None = None
    ) -> Session:
        """Redeem an invitation token (from the mail) and sign in to its organization."""
        command = AcceptInvitation(token=token, password=password, display_name=display_name)
        pair = await self.bus.ask(command, TokenPair)
        return self._session(pair)

    async def me(self, session: Session) -> MeView:
        """The caller: their user, this session's organization and every membership."""
        return MeView.from_result(await self.bus.ask(GetMe(), Me, session.principal))

    async def with_api_key(self, key: str) -> Session:
        """A session acting as an API key (``umt_...``): its organization, exactly its
        scopes. It cannot be refreshed; an expired or revoked key raises AuthenticationFailed."""
        principal = await self.bus.ask(AuthenticateApiKey(key), Principal)
        return Session(principal=principal, access_token=key, refresh_token="")

    def _session(self, pair: TokenPair) -> Session:
        claims = self.bus.services.access_tokens.verify(pair.access_token)
        principal = Principal.for_member(
            claims.user_id, claims.organization_id, claims.role, claims.brand_scope
        )
        return Session(
            principal=principal, access_token=pair.access_token, refresh_token=pair.refresh_token
        )
