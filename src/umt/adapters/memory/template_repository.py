"""In-memory content template repository."""

from __future__ import annotations

from umt.adapters.memory.store import (
    InMemoryRepository,
    InMemoryStore,
    Transaction,
    detached,
    version_check,
)
from umt.domain.content.errors import DuplicateTemplateName
from umt.domain.content.template import ContentTemplate
from umt.domain.shared.ids import OrganizationId, TemplateId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.pagination import Page, PageRequest, paginate
from umt.ports.template_repository import TemplateFilter, TemplateRepository


def template_matches(t: ContentTemplate, filters: TemplateFilter) -> bool:
    return (
        (filters.content_type is None or t.content_type == filters.content_type)
        and (filters.channel is None or t.channel in (None, filters.channel))
        and (filters.industry is None or t.industry in (None, filters.industry))
        and (filters.brand_id is None or t.brand_id in (None, filters.brand_id))
        and (filters.brand_ids is None or t.brand_id is None or t.brand_id in filters.brand_ids)
    )


class InMemoryTemplateRepository(InMemoryRepository, TemplateRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._loaded: dict[TemplateId, int] = {}

    async def get(
        self, organization_id: OrganizationId, template_id: TemplateId
    ) -> ContentTemplate | None:
        stored = self._store.templates.get(template_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        self._loaded[template_id] = stored.version
        return self._tracker.track(detached(stored))

    def _unique_name(self, template: ContentTemplate) -> None:
        for other in self._store.templates.values():
            if (
                other.id != template.id
                and other.organization_id == template.organization_id
                and other.name.casefold() == template.name.casefold()
            ):
                raise DuplicateTemplateName(
                    f"a template named {template.name!r} exists", field="name"
                )

    async def add(self, template: ContentTemplate) -> None:
        snapshot = detached(template)
        self._tx.stage(
            lambda: self._store.templates.__setitem__(template.id, snapshot),
            lambda: self._unique_name(template),
        )
        self._loaded[template.id] = template.version
        self._tracker.track(template)

    async def save(self, template: ContentTemplate) -> None:
        versioned = version_check(
            self._store.templates, template.id, self._loaded[template.id], "template"
        )

        def check() -> None:
            versioned()
            self._unique_name(template)

        snapshot = detached(template)
        self._tx.stage(lambda: self._store.templates.__setitem__(template.id, snapshot), check)
        self._loaded[template.id] = template.version
        self._tracker.track(template)

    async def remove(self, template: ContentTemplate) -> None:
        check = version_check(
            self._store.templates, template.id, self._loaded[template.id], "template"
        )
        self._tx.stage(lambda: self._store.templates.pop(template.id, None), check)
        self._tracker.track(template)

    async def list(
        self, organization_id: OrganizationId, filters: TemplateFilter, page: PageRequest
    ) -> Page[ContentTemplate]:
        matching = [
            t
            for t in self._store.templates.values()
            if t.organization_id == organization_id and template_matches(t, filters)
        ]
        result = paginate(
            matching, page, sort_value=lambda t: getattr(t, page.sort), item_id=lambda t: t.id
        )
        return Page(items=[detached(t) for t in result.items], next_cursor=result.next_cursor)
