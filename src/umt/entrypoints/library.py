"""The library API: umt embedded in another Python service, with no HTTP in between.

    async with umt.connect(Settings(database_url="postgresql+asyncpg://...")) as platform:
        me = await platform.login("ana@example.com", "a long passphrase")
        brand = await platform.brands.create(me, name="Acme Coffee", industry="food")

Every call runs the same use case, with the same authorization, as the HTTP API.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self
from uuid import UUID

from umt.application.agents.directory import AgentView
from umt.application.agents.jobs import JobDispatcher, SubmitJob
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
from umt.application.identity.get_me import GetMe, Me
from umt.application.identity.issue_token import IssueToken
from umt.application.identity.logout import Logout
from umt.application.identity.refresh_access_token import RefreshAccessToken
from umt.application.identity.register import Register
from umt.application.identity.tokens import TokenPair
from umt.application.principal import Principal
from umt.domain.brand.audience import Audience, Competitor
from umt.domain.brand.brand import Brand
from umt.domain.brand.project import Project
from umt.entrypoints.container import Container, build_container, start_resources, stop_resources
from umt.entrypoints.library_integrations import IntegrationsApi
from umt.entrypoints.runtime import ProcessRuntime
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
        expected_version: int | None = None,
        **changes: Any,
    ) -> Brand:
        result: Brand = await self._run(
            session,
            UpdateBrand(brand_id=brand_id, changes=changes, expected_version=expected_version),
        )
        return result

    async def archive(self, session: Session, brand_id: UUID) -> Brand:
        result: Brand = await self._run(session, ArchiveBrand(brand_id=brand_id))
        return result

    async def restore(self, session: Session, brand_id: UUID) -> Brand:
        result: Brand = await self._run(session, RestoreBrand(brand_id=brand_id))
        return result

    async def delete(self, session: Session, brand_id: UUID) -> None:
        await self._run(session, DeleteBrand(brand_id=brand_id))


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
        expected_version: int | None = None,
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

    async def archive(self, session: Session, brand_id: UUID, audience_id: UUID) -> Audience:
        result: Audience = await self._run(
            session, aud.ArchiveAudience(brand_id=brand_id, audience_id=audience_id)
        )
        return result

    async def remove(self, session: Session, brand_id: UUID, audience_id: UUID) -> None:
        await self._run(session, aud.RemoveAudience(brand_id=brand_id, audience_id=audience_id))


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

    async def remove(self, session: Session, brand_id: UUID, competitor_id: UUID) -> None:
        await self._run(
            session, comp.RemoveCompetitor(brand_id=brand_id, competitor_id=competitor_id)
        )


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
        expected_version: int | None = None,
        **changes: Any,
    ) -> Project:
        result: Project = await self._run(
            session,
            UpdateProject(
                project_id=project_id, changes=changes, expected_version=expected_version
            ),
        )
        return result

    async def change_status(self, session: Session, project_id: UUID, status: str) -> Project:
        result: Project = await self._run(
            session, ChangeProjectStatus(project_id=project_id, status=status)
        )
        return result

    async def assign(self, session: Session, project_id: UUID, assignee_id: UUID | None) -> Project:
        result: Project = await self._run(
            session, AssignProject(project_id=project_id, assignee_id=assignee_id)
        )
        return result

    async def delete(self, session: Session, project_id: UUID) -> None:
        await self._run(session, DeleteProject(project_id=project_id))


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


class Platform:
    """umt in-process. Open with ``async with umt.connect(settings) as platform``."""

    def __init__(self, container: Container) -> None:
        self._container = container
        self._bus: MessageBus | None = None
        self._runtime: ProcessRuntime | None = None

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **overrides: Any) -> Platform:
        settings = settings or Settings()
        if overrides:
            settings = settings.model_copy(update=overrides)
        return cls(build_container(settings))

    async def __aenter__(self) -> Self:
        await start_resources(self._container)
        self._bus = self._container.bus()
        bus = self.bus
        self.brands = BrandsApi(bus)
        self.audiences = AudiencesApi(bus)
        self.competitors = CompetitorsApi(bus)
        self.projects = ProjectsApi(bus)
        self.jobs = JobsApi(self._container.job_dispatcher())
        self.integrations = IntegrationsApi(bus)
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
        """Create a user and their organization, then log in as its owner."""
        await self.bus.execute(
            Register(
                email=email,
                password=password,
                organization_name=organization_name,
                display_name=display_name,
            )
        )
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

    async def me(self, session: Session) -> Me:
        result: Me = await self.bus.execute(GetMe(), session.principal)
        return result

    def _session(self, pair: TokenPair) -> Session:
        claims = self.bus.services.access_tokens.verify(pair.access_token)
        principal = Principal.for_member(claims.user_id, claims.organization_id, claims.role)
        return Session(
            principal=principal, access_token=pair.access_token, refresh_token=pair.refresh_token
        )
