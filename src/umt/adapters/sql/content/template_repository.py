"""The SQL TemplateRepository."""

from __future__ import annotations

from sqlalchemy import delete, insert, or_, select, update

from umt.adapters.sql.asyncio_package import AsyncConnection
from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.content.mappers import template_from_row, template_to_row
from umt.adapters.sql.content.tables import content_templates
from umt.adapters.sql.keyset import SortKey, build_page, paginate_query, parse_datetime, parse_text
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.domain.content.errors import DuplicateTemplateName
from umt.domain.content.template import ContentTemplate
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import OrganizationId, TemplateId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.pagination import Page, PageRequest
from umt.ports.template_repository import TemplateFilter, TemplateRepository

SORT_KEYS = {
    "created_at": SortKey(content_templates.c.created_at, parse_datetime),
    "updated_at": SortKey(content_templates.c.updated_at, parse_datetime),
    "name": SortKey(content_templates.c.name, parse_text),
}
_IMMUTABLE = ("id", "organization_id", "created_at")
_UNIQUE_NAME = "uq_content_templates_organization_id_name_key"


def _duplicate(template: ContentTemplate) -> DuplicateTemplateName:
    return DuplicateTemplateName(f"a template named {template.name!r} exists", field="name")


class SqlTemplateRepository(SqlRepository, TemplateRepository):
    def __init__(
        self, connection: AsyncConnection, pg: PgTransaction | None, tracker: AggregateTracker
    ) -> None:
        super().__init__(connection, pg, tracker)
        self._loaded_versions: dict[int, int] = {}

    async def get(
        self, organization_id: OrganizationId, template_id: TemplateId
    ) -> ContentTemplate | None:
        result = await self._execute(
            select(content_templates).where(
                content_templates.c.id == template_id,
                content_templates.c.organization_id == organization_id,
            )
        )
        row = result.mappings().first()
        if row is None:
            return None
        template = template_from_row(row)
        self._track(template)
        return template

    async def add(self, template: ContentTemplate) -> None:
        await self._execute(
            insert(content_templates),
            template_to_row(template),
            on_unique={_UNIQUE_NAME: lambda: _duplicate(template)},
        )
        self._track(template)

    async def save(self, template: ContentTemplate) -> None:
        condition = (content_templates.c.id == template.id) & (
            content_templates.c.organization_id == template.organization_id
        )
        expected = self._loaded_versions.get(id(template))
        if expected is not None:
            condition &= content_templates.c.version == expected
        values = {k: v for k, v in template_to_row(template).items() if k not in _IMMUTABLE}
        result = await self._execute(
            update(content_templates).where(condition).values(values),
            on_unique={_UNIQUE_NAME: lambda: _duplicate(template)},
        )
        if result.rowcount == 0:
            raise StaleVersion(f"template {template.id} was changed meanwhile; reload and retry")
        self._track(template)

    async def remove(self, template: ContentTemplate) -> None:
        expected = self._loaded_versions.pop(id(template), template.version)
        result = await self._execute(
            delete(content_templates).where(
                content_templates.c.id == template.id,
                content_templates.c.organization_id == template.organization_id,
                content_templates.c.version == expected,
            )
        )
        if result.rowcount == 0:
            raise StaleVersion(f"template {template.id} was changed meanwhile; reload and retry")
        self._tracker.track(template)

    async def list(
        self, organization_id: OrganizationId, filters: TemplateFilter, page: PageRequest
    ) -> Page[ContentTemplate]:
        c = content_templates.c
        query = select(content_templates).where(c.organization_id == organization_id)
        if filters.content_type is not None:
            query = query.where(c.content_type == filters.content_type.value)
        if filters.channel is not None:
            query = query.where(or_(c.channel.is_(None), c.channel == filters.channel.value))
        if filters.industry is not None:
            query = query.where(or_(c.industry.is_(None), c.industry == filters.industry))
        if filters.brand_id is not None:
            query = query.where(or_(c.brand_id.is_(None), c.brand_id == filters.brand_id))
        if filters.brand_ids is not None:
            query = query.where(
                or_(c.brand_id.is_(None), c.brand_id.in_(sorted(filters.brand_ids)))
            )
        query = paginate_query(
            query, keys=SORT_KEYS, id_column=c.id, page=page, dialect=self._dialect
        )
        result = await self._execute(query)
        items = [template_from_row(row) for row in result.mappings()]
        for template in items:
            self._track(template)
        return build_page(
            items, page, sort_value=lambda t: getattr(t, page.sort), item_id=lambda t: t.id
        )

    def _track(self, template: ContentTemplate) -> None:
        self._tracker.track(template)
        self._loaded_versions[id(template)] = template.version
