"""``platform.templates``: content templates (as /api/v1/templates). ``expected_version``
plays the part of HTTP's If-Match and is required where the route requires it (update,
delete); ``None`` means "whatever version is current", as ``If-Match: *`` does."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from umt.application.content.create_template import CreateTemplate
from umt.application.content.template_queries import (
    GetTemplate,
    ListBuiltinTemplates,
    ListTemplates,
    RenderedTemplate,
    RenderTemplate,
)
from umt.application.content.update_template import DeleteTemplate, UpdateTemplate
from umt.application.content.views import ContentTemplateView
from umt.application.read_models import page_of
from umt.domain.content.template import ContentTemplate
from umt.entrypoints.library.session import BusApi, Session
from umt.ports.pagination import Page, PageRequest


class TemplatesApi(BusApi):
    """Content templates: the organization's own (``templates:manage`` to change them), the
    built-in ones, and rendering with values for a template's variables."""

    async def _template(self, session: Session, message: object) -> ContentTemplateView:
        found = await self._ask(session, message, ContentTemplate)
        return ContentTemplateView.from_aggregate(found)

    async def create(
        self,
        session: Session,
        *,
        name: str,
        content_type: str,
        body: str,
        variables: Sequence[Mapping[str, Any]] = (),
        brand_id: UUID | None = None,
        industry: str | None = None,
        channel: str | None = None,
    ) -> ContentTemplateView:
        """A template, organization-wide or for one brand (``brand_id``)."""
        return await self._template(
            session,
            CreateTemplate(
                name=name,
                content_type=content_type,
                body=body,
                variables=variables,
                brand_id=brand_id,
                industry=industry,
                channel=channel,
            ),
        )

    async def get(self, session: Session, template_id: UUID) -> ContentTemplateView:
        """One template: the organization's own or a built-in one."""
        return await self._template(session, GetTemplate(template_id=template_id))

    async def list(
        self,
        session: Session,
        *,
        content_type: str | None = None,
        channel: str | None = None,
        industry: str | None = None,
        brand_id: UUID | None = None,
        page: PageRequest | None = None,
    ) -> Page[ContentTemplateView]:
        """The organization's own templates, filtered."""
        query = ListTemplates(
            content_type=content_type,
            channel=channel,
            industry=industry,
            brand_id=brand_id,
            page=page or PageRequest(),
        )
        found = await self._ask(session, query, Page[ContentTemplate])
        return page_of(found, ContentTemplateView.from_aggregate)

    async def builtin(
        self, session: Session, *, content_type: str | None = None
    ) -> builtins.list[ContentTemplateView]:
        """The built-in templates (read-only, the same for every organization)."""
        query = ListBuiltinTemplates(content_type=content_type)
        found = await self._ask(session, query, builtins.list[ContentTemplate])
        return [ContentTemplateView.from_aggregate(template) for template in found]

    async def update(
        self,
        session: Session,
        template_id: UUID,
        *,
        expected_version: int | None,
        **changes: Any,
    ) -> ContentTemplateView:
        """Change ``name``, ``body``, ``variables``, ``content_type``, ``channel``,
        ``industry`` or ``brand_id``; built-in templates are read-only."""
        return await self._template(
            session,
            UpdateTemplate(
                template_id=template_id, changes=changes, expected_version=expected_version
            ),
        )

    async def delete(
        self, session: Session, template_id: UUID, *, expected_version: int | None
    ) -> None:
        """Delete one of the organization's templates."""
        command = DeleteTemplate(template_id=template_id, expected_version=expected_version)
        await self._send(session, command)

    async def render(
        self, session: Session, template_id: UUID, variables: Mapping[str, str] | None = None
    ) -> RenderedTemplate:
        """The template's text with these values (sandboxed); ``InvalidValue`` when a
        required variable is missing."""
        query = RenderTemplate(template_id=template_id, variables=dict(variables or {}))
        return await self._ask(session, query, RenderedTemplate)
