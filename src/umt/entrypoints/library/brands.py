"""The brand context's namespaces: ``platform.brands``, ``audiences``, ``competitors`` and
``projects`` (as /api/v1/brands, /api/v1/brands/{id}/audiences|competitors and
/api/v1/projects). Brands come back as ``BrandView`` (what ``brands.get`` reads), the rest as
the views of ``umt.application.brand.read_models``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

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
from umt.application.brand.read_models import AudienceView, CompetitorView, ProjectView
from umt.application.brand.update_brand import BrandChanges, UpdateBrand
from umt.application.brand.update_project import UpdateProject
from umt.application.read_models import page_of
from umt.domain.brand.audience import Audience, Competitor
from umt.domain.brand.brand import Brand
from umt.domain.brand.project import Project
from umt.entrypoints.library.session import BusApi, Session
from umt.ports.brand_reader import BrandView
from umt.ports.brand_views import brand_view
from umt.ports.pagination import Page, PageRequest


class BrandsApi(BusApi):
    async def _brand(self, session: Session, message: object) -> BrandView:
        return brand_view(await self._ask(session, message, Brand))

    async def create(self, session: Session, **fields: Any) -> BrandView:
        return await self._brand(session, CreateBrand(**fields))

    async def get(self, session: Session, brand_id: UUID) -> BrandView:
        return await self._ask(session, GetBrand(brand_id=brand_id), BrandView)

    async def list(
        self,
        session: Session,
        *,
        status: str | None = None,
        industry: str | None = None,
        page: PageRequest | None = None,
    ) -> Page[BrandView]:
        query = ListBrands(status=status, industry=industry, page=page or PageRequest())
        return page_of(await self._ask(session, query, Page[Brand]), brand_view)

    async def update(
        self,
        session: Session,
        brand_id: UUID,
        *,
        expected_version: int | None,
        **changes: Any,
    ) -> BrandView:
        return await self._brand(
            session,
            UpdateBrand(
                brand_id=brand_id,
                changes=BrandChanges.of(changes),
                expected_version=expected_version,
            ),
        )

    async def archive(
        self, session: Session, brand_id: UUID, *, expected_version: int | None = None
    ) -> BrandView:
        command = ArchiveBrand(brand_id=brand_id, expected_version=expected_version)
        return await self._brand(session, command)

    async def restore(
        self, session: Session, brand_id: UUID, *, expected_version: int | None = None
    ) -> BrandView:
        command = RestoreBrand(brand_id=brand_id, expected_version=expected_version)
        return await self._brand(session, command)

    async def delete(
        self, session: Session, brand_id: UUID, *, expected_version: int | None
    ) -> None:
        command = DeleteBrand(brand_id=brand_id, expected_version=expected_version)
        await self._send(session, command)


class AudiencesApi(BusApi):
    async def _audience(self, session: Session, message: object) -> AudienceView:
        return AudienceView.from_aggregate(await self._ask(session, message, Audience))

    async def add(self, session: Session, brand_id: UUID, **fields: Any) -> AudienceView:
        return await self._audience(session, aud.AddAudience(brand_id=brand_id, **fields))

    async def list(
        self, session: Session, brand_id: UUID, page: PageRequest | None = None
    ) -> Page[AudienceView]:
        query = aud.ListAudiences(brand_id=brand_id, page=page or PageRequest())
        return page_of(await self._ask(session, query, Page[Audience]), AudienceView.from_aggregate)

    async def update(
        self,
        session: Session,
        brand_id: UUID,
        audience_id: UUID,
        *,
        expected_version: int | None,
        **changes: Any,
    ) -> AudienceView:
        command = aud.UpdateAudience(
            brand_id=brand_id,
            audience_id=audience_id,
            changes=changes,
            expected_version=expected_version,
        )
        return await self._audience(session, command)

    async def archive(
        self,
        session: Session,
        brand_id: UUID,
        audience_id: UUID,
        *,
        expected_version: int | None = None,
    ) -> AudienceView:
        command = aud.ArchiveAudience(
            brand_id=brand_id, audience_id=audience_id, expected_version=expected_version
        )
        return await self._audience(session, command)

    async def remove(
        self, session: Session, brand_id: UUID, audience_id: UUID, *, expected_version: int | None
    ) -> None:
        command = aud.RemoveAudience(
            brand_id=brand_id, audience_id=audience_id, expected_version=expected_version
        )
        await self._send(session, command)


class CompetitorsApi(BusApi):
    async def add(self, session: Session, brand_id: UUID, **fields: Any) -> CompetitorView:
        command = comp.AddCompetitor(brand_id=brand_id, **fields)
        return CompetitorView.from_aggregate(await self._ask(session, command, Competitor))

    async def list(
        self, session: Session, brand_id: UUID, page: PageRequest | None = None
    ) -> Page[CompetitorView]:
        query = comp.ListCompetitors(brand_id=brand_id, page=page or PageRequest())
        found = await self._ask(session, query, Page[Competitor])
        return page_of(found, CompetitorView.from_aggregate)

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
        await self._send(session, command)


class ProjectsApi(BusApi):
    async def _project(self, session: Session, message: object) -> ProjectView:
        return ProjectView.from_aggregate(await self._ask(session, message, Project))

    async def create(self, session: Session, brand_id: UUID, **fields: Any) -> ProjectView:
        return await self._project(session, CreateProject(brand_id=brand_id, **fields))

    async def get(self, session: Session, project_id: UUID) -> ProjectView:
        return await self._project(session, GetProject(project_id=project_id))

    async def list(
        self,
        session: Session,
        *,
        brand_id: UUID | None = None,
        status: str | None = None,
        page: PageRequest | None = None,
    ) -> Page[ProjectView]:
        query = ListProjects(brand_id=brand_id, status=status, page=page or PageRequest())
        return page_of(await self._ask(session, query, Page[Project]), ProjectView.from_aggregate)

    async def update(
        self,
        session: Session,
        project_id: UUID,
        *,
        expected_version: int | None,
        **changes: Any,
    ) -> ProjectView:
        command = UpdateProject(
            project_id=project_id, changes=changes, expected_version=expected_version
        )
        return await self._project(session, command)

    async def change_status(
        self,
        session: Session,
        project_id: UUID,
        status: str,
        *,
        expected_version: int | None = None,
    ) -> ProjectView:
        command = ChangeProjectStatus(
            project_id=project_id, status=status, expected_version=expected_version
        )
        return await self._project(session, command)

    async def assign(
        self,
        session: Session,
        project_id: UUID,
        assignee_id: UUID | None,
        *,
        expected_version: int | None,
    ) -> ProjectView:
        command = AssignProject(
            project_id=project_id, assignee_id=assignee_id, expected_version=expected_version
        )
        return await self._project(session, command)

    async def delete(
        self, session: Session, project_id: UUID, *, expected_version: int | None
    ) -> None:
        command = DeleteProject(project_id=project_id, expected_version=expected_version)
        await self._send(session, command)
