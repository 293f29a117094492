"""Brand & Project use cases through the bus: authorization, tenancy, outbox, events."""

from __future__ import annotations

import pytest
from tests.unit.application.helpers import add_member

from umt.adapters.memory.store import InMemoryStore
from umt.application.brand.archive_brand import ArchiveBrand
from umt.application.brand.assign_project import AssignProject
from umt.application.brand.audiences import AddAudience, ListAudiences
from umt.application.brand.brand_queries import GetBrand, ListBrands
from umt.application.brand.change_project_status import ChangeProjectStatus
from umt.application.brand.create_brand import CreateBrand
from umt.application.brand.create_project import CreateProject
from umt.application.brand.delete_brand import DeleteBrand
from umt.application.brand.delete_project import DeleteProject
from umt.application.brand.update_brand import BrandChanges, UpdateBrand
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.application.services import Services
from umt.domain.brand.brand import Brand
from umt.domain.brand.errors import (
    AssigneeNotMember,
    BrandHasProjects,
    BrandIsArchived,
    DuplicateSlug,
)
from umt.domain.brand.events import BrandCreated
from umt.domain.brand.project import Project, ProjectStatus
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import NotFound, PermissionDenied
from umt.domain.shared.events import DomainEvent
from umt.ports.pagination import PageRequest


async def create(
    bus: MessageBus, actor: Principal, name: str = "Acme Coffee", **kw: object
) -> Brand:
    brand: Brand = await bus.execute(CreateBrand(name=name, **kw), actor)  # type: ignore[arg-type]
    return brand


async def test_create_brand_writes_the_outbox_in_the_same_commit(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    brand = await create(
        bus,
        owner,
        voice={"tone": ["warm", "witty"]},
        styling={"palette": [{"role": "primary", "color": "#C0FFEE"}]},
    )
    assert store.brands[brand.id].voice.tone == ("warm", "witty")
    created = [m for m in store.outbox if m.event_type == "brand.created"]
    assert len(created) == 1
    assert created[0].aggregate_id == brand.id
    assert created[0].payload["data"]["slug"] == "acme-coffee"


async def test_events_reach_subscribers_after_commit_and_failures_are_isolated(
    bus: MessageBus, owner: Principal
) -> None:
    seen: list[DomainEvent] = []

    async def record(event: DomainEvent, _: Services) -> None:
        seen.append(event)

    async def explode(event: DomainEvent, _: Services) -> None:
        raise RuntimeError("subscriber bug")

    bus.subscribe(BrandCreated, explode)
    bus.subscribe(BrandCreated, record)
    brand = await create(bus, owner)
    assert [e.aggregate_id for e in seen] == [brand.id]


async def test_slug_is_unique_per_organization_only(
    bus: MessageBus, owner: Principal, other_owner: Principal
) -> None:
    await create(bus, owner)
    with pytest.raises(DuplicateSlug):
        await create(bus, owner, name="Acme  Coffee!")
    await create(bus, other_owner)  # another tenant may use the same slug


async def test_another_tenant_sees_nothing(
    bus: MessageBus, owner: Principal, other_owner: Principal
) -> None:
    brand = await create(bus, owner)
    with pytest.raises(NotFound):
        await bus.execute(GetBrand(brand_id=brand.id), other_owner)
    with pytest.raises(NotFound):
        await bus.execute(
            UpdateBrand(brand_id=brand.id, changes=BrandChanges(industry="x")), other_owner
        )
    with pytest.raises(NotFound):
        await bus.execute(AddAudience(brand_id=brand.id, persona_name="Spy"), other_owner)
    page = await bus.execute(ListBrands(), other_owner)
    assert page.items == []


async def test_viewer_reads_but_cannot_write(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    viewer = await add_member(bus, owner, "viewer@acme.example", Role.VIEWER)
    brand = await create(bus, owner)
    assert (await bus.execute(GetBrand(brand_id=brand.id), viewer)).id == brand.id
    with pytest.raises(PermissionDenied):
        await create(bus, viewer, name="Other")
    with pytest.raises(PermissionDenied):
        await bus.execute(ArchiveBrand(brand_id=brand.id), viewer)
    assert len(store.brands) == 1


async def test_failed_command_writes_nothing(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    brand = await create(bus, owner)
    await create(bus, owner, name="Other", slug="other")
    outbox_before = len(store.outbox)
    with pytest.raises(DuplicateSlug):
        await bus.execute(
            UpdateBrand(brand_id=brand.id, changes=BrandChanges(slug="other", industry="tea")),
            owner,
        )
    stored = store.brands[brand.id]
    assert (stored.slug.value, stored.industry, stored.version) == ("acme-coffee", "", 1)
    assert len(store.outbox) == outbox_before


async def test_project_lifecycle_and_brand_deletion_guard(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    brand = await create(bus, owner)
    project: Project = await bus.execute(
        CreateProject(
            brand_id=brand.id,
            name="Launch",
            project_type="product_launch",
            goals=[{"kpi": "signups", "target": 500}],
            channels=["linkedin"],
            start_date="2026-04-01",
            end_date="2026-05-01",
        ),
        owner,
    )
    with pytest.raises(BrandHasProjects):
        await bus.execute(DeleteBrand(brand_id=brand.id), owner)
    for status in ["active", "paused", "active", "completed", "archived"]:
        project = await bus.execute(
            ChangeProjectStatus(project_id=project.id, status=status), owner
        )
    assert project.status is ProjectStatus.ARCHIVED
    await bus.execute(DeleteProject(project_id=project.id), owner)
    await bus.execute(DeleteBrand(brand_id=brand.id), owner)
    assert not store.brands
    assert not store.projects
    assert "brand.deleted" in {m.event_type for m in store.outbox}


async def test_assignee_must_be_a_member(
    bus: MessageBus, owner: Principal, other_owner: Principal
) -> None:
    brand = await create(bus, owner)
    project: Project = await bus.execute(
        CreateProject(brand_id=brand.id, name="Series", project_type="content_series"), owner
    )
    with pytest.raises(AssigneeNotMember):
        await bus.execute(
            AssignProject(project_id=project.id, assignee_id=other_owner.user_id), owner
        )
    creator = await add_member(bus, owner, "creator@acme.example", Role.CONTENT_CREATOR)
    assigned: Project = await bus.execute(
        AssignProject(project_id=project.id, assignee_id=creator.user_id), owner
    )
    assert assigned.assignee_id == creator.user_id


async def test_no_projects_on_archived_brands(bus: MessageBus, owner: Principal) -> None:
    brand = await create(bus, owner)
    await bus.execute(ArchiveBrand(brand_id=brand.id), owner)
    with pytest.raises(BrandIsArchived):
        await bus.execute(CreateProject(brand_id=brand.id, name="X", project_type="event"), owner)


async def test_audiences_paginate_by_cursor(bus: MessageBus, owner: Principal) -> None:
    brand = await create(bus, owner)
    names = [f"Persona {i}" for i in range(7)]
    for name in names:
        await bus.execute(AddAudience(brand_id=brand.id, persona_name=name), owner)
    seen: list[str] = []
    cursor = None
    while True:
        page = await bus.execute(
            ListAudiences(
                brand_id=brand.id, page=PageRequest(limit=3, cursor=cursor, sort="persona_name")
            ),
            owner,
        )
        seen += [a.persona_name for a in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == sorted(names)
