"""The library API: umt embedded in another Python service, with no HTTP in between.

    async with umt.connect(Settings(database_url="postgresql+asyncpg://...")) as platform:
        me = await platform.login("ana@example.com", "a long passphrase")
        brand = await platform.brands.create(me, name="Acme Coffee", industry="food")

Every call runs the same use case, with the same authorization, as the HTTP API.
"""

from __future__ import annotations

import asyncio
import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Self
from uuid import UUID

from umt.application.agents.directory import AgentView
from umt.application.agents.jobs import JobDispatcher, SubmitJob
from umt.application.audit.query_audit_log import QueryAuditLog
from umt.application.brand import audiences as aud
from umt.application.brand import competitors as comp
from umt.application.brand.archive_brand import ArchiveBrand, RestoreBrand
from umt.application.brand.assign_project import AssignProject
from umt.application.brand.brand_queries import GetBrand, ListBrands
from umt.application.brand.change_project_status import ChangeProjectStatus
from umt.application.brand.create_brand import CreateBrand
from umt.application.brand.create_project import CreateProject
from umt.application.brand.delete_brand import DeleteBrand
from umt.application.brand.delete_project import DeleteProject
from umt.application.brand.project_queries import GetProject, ListProjects
from umt.application.brand.update_brand import UpdateBrand
from umt.application.brand.update_project import UpdateProject
from umt.application.bus import MessageBus
from umt.application.identity.accept_invitation import AcceptInvitation
from umt.application.identity.authenticate_api_key import AuthenticateApiKey
from umt.application.identity.change_member import ChangeMember
from umt.application.identity.create_api_key import CreateApiKey, CreatedApiKey
from umt.application.identity.get_me import GetMe, Me
from umt.application.identity.invite_member import InvitationSentResult, InviteMember
from umt.application.identity.issue_token import IssueToken
from umt.application.identity.list_api_keys import ListApiKeys
from umt.application.identity.list_invitations import ListInvitations
from umt.application.identity.list_members import ListMembers, MemberView
from umt.application.identity.logout import Logout
from umt.application.identity.refresh_access_token import RefreshAccessToken
from umt.application.identity.register import Register, RegistrationReceived
from umt.application.identity.remove_member import RemoveMember
from umt.application.identity.revoke_api_key import RevokeApiKey
from umt.application.identity.revoke_invitation import RevokeInvitation
from umt.application.identity.tokens import TokenPair
from umt.application.identity.transfer_ownership import TransferOwnership
from umt.application.principal import Principal
from umt.application.webhooks.create_subscription import (
    CreateWebhookSubscription,
    SubscriptionWithSecret,
)
from umt.application.webhooks.delete_subscription import DeleteWebhookSubscription
from umt.application.webhooks.delivery_queries import GetWebhookDelivery, ListWebhookDeliveries
from umt.application.webhooks.receive_webhook import Receipt, ReceiveWebhook
from umt.application.webhooks.replay_delivery import ReplayWebhookDelivery
from umt.application.webhooks.rotate_secret import RotateWebhookSecret
from umt.application.webhooks.subscription_queries import (
    GetWebhookSubscription,
    ListWebhookSubscriptions,
)
from umt.application.webhooks.update_subscription import UpdateWebhookSubscription
from umt.application.webhooks.verification import InboundRequest
from umt.domain.audit.entry import AuditEntry
from umt.domain.brand.audience import Audience, Competitor
from umt.domain.brand.brand import Brand
from umt.domain.brand.project import Project
from umt.domain.identity.api_key import ApiKey
from umt.domain.identity.invitation import Invitation
from umt.domain.identity.model import Membership
from umt.domain.integration.deliveries import WebhookDelivery
from umt.domain.integration.webhooks import WebhookSubscription
from umt.domain.shared.errors import Conflict
from umt.domain.shared.unset import UNSET, Unset
from umt.entrypoints.container import Container, build_container, start_resources, stop_resources
from umt.entrypoints.library_content import ContentApi, TemplatesApi
from umt.entrypoints.library_experiments import ExperimentsApi
from umt.entrypoints.library_generation import GenerationApi
from umt.entrypoints.library_integrations import IntegrationsApi
from umt.entrypoints.runtime import ProcessRuntime
from umt.entrypoints.schema import migrate_embedded, schema_check
from umt.entrypoints.settings import Settings
from umt.ports.brand_reader import BrandView
from umt.ports.job_store import Job, JobStatus
from umt.ports.pagination import Page, PageRequest


@dataclass(frozen=True, slots=True)
class Session:
    """An authenticated caller: pass it to every call made on that caller's behalf."""

    principal: Principal
    access_token: str
    refresh_token: str


class _Api:
    def __init__(self, bus: MessageBus) -> None:
        self._bus = bus

    async def _run(self, session: Session, message: Any) -> Any:
        return await self._bus.execute(message, session.principal)


class BrandsApi(_Api):
    async def create(self, session: Session, **fields: Any) -> Brand:
        result: Brand = await self._run(session, CreateBrand(**fields))
        return result

    async def get(self, session: Session, brand_id: UUID) -> BrandView:
        result: BrandView = await self._run(session, GetBrand(brand_id=brand_id))
        return result

    async def list(
        self,
        session: Session,
        *,
        status: str | None = None,
        industry: str | None = None,
        page: PageRequest | None = None,
    ) -> Page[Brand]:
        query = ListBrands(status=status, industry=industry, page=page or PageRequest())
        result: Page[Brand] = await self._run(session, query)
        return result

    async def update(
        self,
        session: Session,
        brand_id: UUID,
        *,
        expected_version: int | None,
        **changes: Any,
    ) -> Brand:
        result: Brand = await self._run(
            session,
            UpdateBrand(brand_id=brand_id, changes=changes, expected_version=expected_version),
        )
        return result

    async def archive(
        self, session: Session, brand_id: UUID, *, expected_version: int | None = None
    ) -> Brand:
        command = ArchiveBrand(brand_id=brand_id, expected_version=expected_version)
        result: Brand = await self._run(session, command)
        return result

    async def restore(
        self, session: Session, brand_id: UUID, *, expected_version: int | None = None
    ) -> Brand:
        command = RestoreBrand(brand_id=brand_id, expected_version=expected_version)
        result: Brand = await self._run(session, command)
        return result

    async def delete(
        self, session: Session, brand_id: UUID, *, expected_version: int | None
    ) -> None:
        await self._run(session, DeleteBrand(brand_id=brand_id, expected_version=expected_version))


class AudiencesApi(_Api):
    async def add(self, session: Session, brand_id: UUID, **fields: Any) -> Audience:
        result: Audience = await self._run(session, aud.AddAudience(brand_id=brand_id, **fields))
        return result

    async def list(
        self, session: Session, brand_id: UUID, page: PageRequest | None = None
    ) -> Page[Audience]:
        query = aud.ListAudiences(brand_id=brand_id, page=page or PageRequest())
        result: Page[Audience] = await self._run(session, query)
        return result

    async def update(
        self,
        session: Session,
        brand_id: UUID,
        audience_id: UUID,
        *,
        expected_version: int | None,
        **changes: Any,
    ) -> Audience:
        result: Audience = await self._run(
            session,
            aud.UpdateAudience(
                brand_id=brand_id,
                audience_id=audience_id,
                changes=changes,
                expected_version=expected_version,
            ),
        )
        return result

    async def archive(
        self,
        session: Session,
        brand_id: UUID,
        audience_id: UUID,
        *,
        expected_version: int | None = None,
    ) -> Audience:
        command = aud.ArchiveAudience(
            brand_id=brand_id, audience_id=audience_id, expected_version=expected_version
        )
        result: Audience = await self._run(session, command)
        return result

    async def remove(
        self, session: Session, brand_id: UUID, audience_id: UUID, *, expected_version: int | None
    ) -> None:
        command = aud.RemoveAudience(
            brand_id=brand_id, audience_id=audience_id, expected_version=expected_version
        )
        await self._run(session, command)


class CompetitorsApi(_Api):
    async def add(self, session: Session, brand_id: UUID, **fields: Any) -> Competitor:
        result: Competitor = await self._run(
            session, comp.AddCompetitor(brand_id=brand_id, **fields)
        )
        return result

    async def list(
        self, session: Session, brand_id: UUID, page: PageRequest | None = None
    ) -> Page[Competitor]:
        query = comp.ListCompetitors(brand_id=brand_id, page=page or PageRequest())
        result: Page[Competitor] = await self._run(session, query)
        return result

    async def remove(
        self,
        session: Session,
        brand_id: UUID,
        competitor_id: UUID,
        *,
        expected_version: int | None,
    ) -> None:
        command = comp.RemoveCompetitor(
            brand_id=brand_id, competitor_id=competitor_id, expected_version=expected_version
        )
        await self._run(session, command)


class ProjectsApi(_Api):
    async def create(self, session: Session, brand_id: UUID, **fields: Any) -> Project:
        result: Project = await self._run(session, CreateProject(brand_id=brand_id, **fields))
        return result

    async def get(self, session: Session, project_id: UUID) -> Project:
        result: Project = await self._run(session, GetProject(project_id=project_id))
        return result

    async def list(
        self,
        session: Session,
        *,
        brand_id: UUID | None = None,
        status: str | None = None,
        page: PageRequest | None = None,
    ) -> Page[Project]:
        query = ListProjects(brand_id=brand_id, status=status, page=page or PageRequest())
        result: Page[Project] = await self._run(session, query)
        return result

    async def update(
        self,
        session: Session,
        project_id: UUID,
        *,
        expected_version: int | None,
        **changes: Any,
    ) -> Project:
        result: Project = await self._run(
            session,
            UpdateProject(
                project_id=project_id, changes=changes, expected_version=expected_version
            ),
        )
        return result

    async def change_status(
        self,
        session: Session,
        project_id: UUID,
        status: str,
        *,
        expected_version: int | None = None,
    ) -> Project:
        command = ChangeProjectStatus(
            project_id=project_id, status=status, expected_version=expected_version
        )
        result: Project = await self._run(session, command)
        return result

    async def assign(
        self,
        session: Session,
        project_id: UUID,
        assignee_id: UUID | None,
        *,
        expected_version: int | None,
    ) -> Project:
        command = AssignProject(
            project_id=project_id, assignee_id=assignee_id, expected_version=expected_version
        )
        result: Project = await self._run(session, command)
        return result

    async def delete(
        self, session: Session, project_id: UUID, *, expected_version: int | None
    ) -> None:
        await self._run(
            session, DeleteProject(project_id=project_id, expected_version=expected_version)
        )


class MembersApi(_Api):
    """The organization's members, invitations and ownership (as /api/v1/members,
    /api/v1/invitations and /api/v1/organization/ownership)."""

    async def list(self, session: Session) -> list[MemberView]:
        result: list[MemberView] = await self._run(session, ListMembers())
        return result

    async def change(
        self,
        session: Session,
        user_id: UUID,
        *,
        role: str | None = None,
        brand_ids: Sequence[UUID] | Unset | None = UNSET,
        password: str | None = None,
    ) -> Membership:
        """Change a member's role and/or brands (None: every brand); their sign-ins end.
        Making someone an owner takes the calling owner's ``password`` again."""
        command = ChangeMember(user_id=user_id, role=role, brand_ids=brand_ids, password=password)
        result: Membership = await self._run(session, command)
        return result

    async def remove(self, session: Session, user_id: UUID) -> None:
        await self._run(session, RemoveMember(user_id=user_id))

    async def transfer_ownership(
        self, session: Session, user_id: UUID, *, password: str | None = None
    ) -> Membership:
        """Make ``user_id`` an owner; the caller (an owner, giving their ``password`` again)
        becomes an admin."""
        command = TransferOwnership(user_id=user_id, password=password)
        result: Membership = await self._run(session, command)
        return result

    async def invite(
        self,
        session: Session,
        email: str,
        role: str,
        brand_ids: Sequence[UUID] | None = None,
        *,
        password: str | None = None,
    ) -> InvitationSentResult:
        """Invite by email; the token goes out through the configured mail sender. Inviting
        an owner takes the calling owner's ``password`` again."""
        command = InviteMember(email=email, role=role, brand_ids=brand_ids, password=password)
        result: InvitationSentResult = await self._run(session, command)
        return result

    async def invitations(self, session: Session) -> builtins.list[Invitation]:
        result: builtins.list[Invitation] = await self._run(session, ListInvitations())
        return result

    async def revoke_invitation(self, session: Session, invitation_id: UUID) -> None:
        await self._run(session, RevokeInvitation(invitation_id=invitation_id))


class WebhooksApi(_Api):
    """Outbound subscriptions (``webhooks:manage``: owners and admins) and, for a service that
    receives platform webhooks itself, ``receive`` to verify and store one."""

    async def subscribe(
        self, session: Session, url: str, event_types: list[str], description: str = ""
    ) -> SubscriptionWithSecret:
        """A new subscription; ``.secret`` is its signing secret, returned this once."""
        result: SubscriptionWithSecret = await self._run(
            session,
            CreateWebhookSubscription(
                url=url, event_types=tuple(event_types), description=description
            ),
        )
        return result

    async def list(self, session: Session) -> list[WebhookSubscription]:
        result: list[WebhookSubscription] = await self._run(session, ListWebhookSubscriptions())
        return result

    async def get(self, session: Session, subscription_id: UUID) -> WebhookSubscription:
        result: WebhookSubscription = await self._run(
            session, GetWebhookSubscription(subscription_id)
        )
        return result

    async def update(
        self,
        session: Session,
        subscription_id: UUID,
        *,
        expected_version: int | None,
        **changes: Any,
    ) -> WebhookSubscription:
        """Change ``url``, ``event_types``, ``description`` or ``active``."""
        result: WebhookSubscription = await self._run(
            session,
            UpdateWebhookSubscription(
                subscription_id=subscription_id,
                changes=changes,
                expected_version=expected_version,
            ),
        )
        return result

    async def delete(
        self, session: Session, subscription_id: UUID, *, expected_version: int | None
    ) -> None:
        await self._run(
            session, DeleteWebhookSubscription(subscription_id, expected_version=expected_version)
        )

    async def rotate_secret(
        self, session: Session, subscription_id: UUID
    ) -> SubscriptionWithSecret:
        result: SubscriptionWithSecret = await self._run(
            session, RotateWebhookSecret(subscription_id)
        )
        return result

    async def deliveries(
        self, session: Session, subscription_id: UUID, *, limit: int = 50
    ) -> Sequence[WebhookDelivery]:
        result: Sequence[WebhookDelivery] = await self._run(
            session, ListWebhookDeliveries(subscription_id, limit)
        )
        return result

    async def delivery(self, session: Session, delivery_id: UUID) -> WebhookDelivery:
        result: WebhookDelivery = await self._run(session, GetWebhookDelivery(delivery_id))
        return result

    async def replay(self, session: Session, delivery_id: UUID) -> WebhookDelivery:
        """Send the delivery's event again, as a new delivery."""
        result: WebhookDelivery = await self._run(session, ReplayWebhookDelivery(delivery_id))
        return result

    async def receive(
        self,
        platform: str,
        body: bytes,
        headers: dict[str, str],
        *,
        method: str = "POST",
        url: str = "",
        query: dict[str, str] | None = None,
    ) -> Receipt:
        """Verify and store a platform's webhook (WebhookSignatureInvalid when it is not
        genuine); ``duplicate`` is true for a replay, which is not stored again."""
        request = InboundRequest(
            platform=platform,
            method=method,
            url=url,
            headers={k.lower(): v for k, v in headers.items()},
            query=query or {},
            body=body,
        )
        result: Receipt = await self._bus.execute(ReceiveWebhook(request))
        return result


class JobsApi:
    """Work handed to the agents (on the embedded default they run inside this process)."""

    def __init__(self, dispatcher: JobDispatcher) -> None:
        self._dispatcher = dispatcher

    async def submit(
        self,
        session: Session,
        task_type: str,
        *,
        priority: int = 0,
        timeout_seconds: int = 300,
        **command_input: Any,
    ) -> Job:
        """Hand ``task_type`` to the agent that serves it; returns the queued job."""
        return await self._dispatcher.submit(
            session.principal,
            SubmitJob(
                task_type=task_type,
                input=command_input,
                priority=priority,
                timeout_seconds=timeout_seconds,
            ),
        )

    async def get(self, session: Session, job_id: UUID) -> Job:
        return await self._dispatcher.get(session.principal, job_id)

    async def wait(self, session: Session, job_id: UUID, *, within: float = 30.0) -> Job:
        """The job once it succeeded or failed; TimeoutError after ``within`` seconds."""
        async with asyncio.timeout(within):
            while True:
                job = await self.get(session, job_id)
                if job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
                    return job
                await asyncio.sleep(0.02)


class ApiKeysApi(_Api):
    """API keys of the session's organization (owners and admins: ``api_keys:manage``)."""

    async def create(
        self, session: Session, *, name: str, scopes: list[str], expires_at: datetime
    ) -> CreatedApiKey:
        """A new key; ``CreatedApiKey.token`` is its full text, available this once only."""
        command = CreateApiKey(name=name, scopes=tuple(scopes), expires_at=expires_at)
        result: CreatedApiKey = await self._run(session, command)
        return result

    async def list(self, session: Session) -> list[ApiKey]:
        result: list[ApiKey] = await self._run(session, ListApiKeys())
        return result

    async def revoke(self, session: Session, api_key_id: UUID) -> None:
        await self._run(session, RevokeApiKey(api_key_id=api_key_id))


class AuditLogApi(_Api):
    """The organization's audit log (owners and admins: ``audit:read``)."""

    async def query(  # one keyword per filter
        self,
        session: Session,
        *,
        actor_id: UUID | None = None,
        action: str | None = None,
        resource_type: str | None = None,
        resource_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[AuditEntry]:
        """Matching entries, newest first; pass ``next_cursor`` back as ``cursor``."""
        query = QueryAuditLog(
            actor_id=actor_id,
            action=action,
            resource_type=resource_type,
            resource_id=resource_id,
            since=since,
            until=until,
            page=PageRequest(limit=limit, cursor=cursor, sort="occurred_at", descending=True),
        )
        result: Page[AuditEntry] = await self._run(session, query)
        return result


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
        if check is not None:
            try:
                await check()
            except BaseException:
                await stop_resources(self._container)
                raise
        self._bus = self._container.bus()
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
        self._runtime = ProcessRuntime(self._container)
        await self._runtime.start()
        return self

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
        received: RegistrationReceived = await self.bus.execute(
            Register(
                email=email,
                password=password,
                organization_name=organization_name,
                display_name=display_name,
            )
        )
        if received.account is None:
            raise Conflict("this email is already registered", field="email")
        return await self.login(email, password)

    async def login(
        self, email: str, password: str, organization_id: UUID | None = None
    ) -> Session:
        pair: TokenPair = await self.bus.execute(
            IssueToken(email=email, password=password, organization_id=organization_id)
        )
        return self._session(pair)

    async def refresh(self, session: Session) -> Session:
        pair: TokenPair = await self.bus.execute(
            RefreshAccessToken(refresh_token=session.refresh_token)
        )
        return self._session(pair)

    async def logout(self, session: Session) -> None:
        """End the session's sign-in: its refresh token (and the family it rotated through)."""
        await self.bus.execute(Logout(refresh_token=session.refresh_token))

    async def accept_invitation(
        self, token: str, password: str | None = None, display_name: str | None = None
    ) -> Session:
        """Redeem an invitation token (from the mail) and sign in to its organization."""
        pair: TokenPair = await self.bus.execute(
            AcceptInvitation(token=token, password=password, display_name=display_name)
        )
        return self._session(pair)

    async def me(self, session: Session) -> Me:
        result: Me = await self.bus.execute(GetMe(), session.principal)
        return result

    async def with_api_key(self, key: str) -> Session:
        """A session acting as an API key (``umt_...``): its organization, exactly its
        scopes. It cannot be refreshed; an expired or revoked key raises AuthenticationFailed."""
        principal: Principal = await self.bus.execute(AuthenticateApiKey(key))
        return Session(principal=principal, access_token=key, refresh_token="")

    def _session(self, pair: TokenPair) -> Session:
        claims = self.bus.services.access_tokens.verify(pair.access_token)
        principal = Principal.for_member(
            claims.user_id, claims.organization_id, claims.role, claims.brand_scope
        )
        return Session(
            principal=principal, access_token=pair.access_token, refresh_token=pair.refresh_token
        )
