"""The TemplateRepository port: an organization's own content templates (built-in ones live
in code, ``umt.domain.content.builtin_templates``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentType
from umt.domain.content.template import ContentTemplate
from umt.domain.shared.ids import BrandId, OrganizationId, TemplateId
from umt.ports.pagination import Page, PageRequest

TEMPLATE_SORTS = frozenset({"created_at", "updated_at", "name"})


@dataclass(frozen=True, slots=True)
class TemplateFilter:
    content_type: ContentType | None = None
    channel: Channel | None = None
    industry: str | None = None
    brand_id: BrandId | None = None  # templates of this brand plus organization-wide ones
    brand_ids: frozenset[BrandId] | None = None  # a member's scope: org-wide + these brands'


class TemplateRepository(Protocol):
    async def get(
        self, organization_id: OrganizationId, template_id: TemplateId
    ) -> ContentTemplate | None: ...

    async def add(self, template: ContentTemplate) -> None:
        """Raises DuplicateTemplateName for a name already used in the organization."""
        ...

    async def save(self, template: ContentTemplate) -> None: ...

    async def remove(self, template: ContentTemplate) -> None: ...

    async def list(
        self, organization_id: OrganizationId, filters: TemplateFilter, page: PageRequest
    ) -> Page[ContentTemplate]: ...
