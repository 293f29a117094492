"""Content templates through the bus: CRUD, built-ins, scope and sandboxed rendering."""

from __future__ import annotations

import dataclasses

import pytest
from tests.support.services import TEMPLATE_RENDERER
from tests.unit.application.helpers import add_member

from umt.application.brand.create_brand import CreateBrand
from umt.application.bus import MessageBus
from umt.application.content.create_template import CreateTemplate
from umt.application.content.template_queries import (
    GetTemplate,
    ListBuiltinTemplates,
    ListTemplates,
    RenderTemplate,
)
from umt.application.content.templates import BuiltinTemplateReadOnly
from umt.application.content.update_template import DeleteTemplate, UpdateTemplate
from umt.application.principal import Principal
from umt.domain.brand.brand import Brand
from umt.domain.content.builtin_templates import BUILTIN_TEMPLATES
from umt.domain.content.errors import (
    DuplicateTemplateName,
    TemplateRenderFailed,
    TemplateVariableMissing,
)
from umt.domain.content.template import ContentTemplate
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import InvalidValue, NotFound, PermissionDenied, StaleVersion

LAUNCH = {
    "name": "Launch teaser",
    "content_type": "social_post",
    "channel": "linkedin",
    "industry": "coffee",
    "body": "{{ product }} lands {{ day }}. {{ cta }}",
    "variables": [
        {"name": "product", "description": "Product name"},
        {"name": "day", "required": False},
        {"name": "cta", "default": "Be first in line."},
    ],
}


async def make(bus: MessageBus, actor: Principal, **kw: object) -> ContentTemplate:
    template: ContentTemplate = await bus.execute(CreateTemplate(**{**LAUNCH, **kw}), actor)  # type: ignore[arg-type]
    return template


async def test_create_render_update_delete(bus: MessageBus, owner: Principal) -> None:
    template = await make(bus, owner)
    rendered = await bus.execute(
        RenderTemplate(template_id=template.id, variables={"product": "Night Roast"}), owner
    )
    assert rendered.text == "Night Roast lands . Be first in line."
    with pytest.raises(TemplateVariableMissing):
        await bus.execute(RenderTemplate(template_id=template.id), owner)
    with pytest.raises(InvalidValue):
        await bus.execute(
            RenderTemplate(template_id=template.id, variables={"product": "x", "spy": "y"}),
            owner,
        )
    updated = await bus.execute(
        UpdateTemplate(template_id=template.id, changes={"name": "Teaser"}, expected_version=1),
        owner,
    )
    assert updated.name == "Teaser"
    with pytest.raises(StaleVersion):
        await bus.execute(
            UpdateTemplate(template_id=template.id, changes={"name": "x"}, expected_version=1),
            owner,
        )
    await bus.execute(DeleteTemplate(template_id=template.id), owner)
    with pytest.raises(NotFound):
        await bus.execute(GetTemplate(template_id=template.id), owner)


async def test_bodies_must_parse_and_declare_their_variables(
    bus: MessageBus, owner: Principal
) -> None:
    with pytest.raises(InvalidValue, match="undeclared"):
        await make(bus, owner, body="{{ product }} and {{ secret }}")
    with pytest.raises(TemplateRenderFailed):
        await make(bus, owner, body="{% if %}")
    with pytest.raises(InvalidValue):
        await make(bus, owner, variables=[{"name": "Not An Identifier"}])
    await make(bus, owner)
    with pytest.raises(DuplicateTemplateName):
        await make(bus, owner, name="launch TEASER")


async def test_the_sandbox_refuses_internals(bus: MessageBus, owner: Principal) -> None:
    template = await make(
        bus,
        owner,
        name="Escape",
        body="{{ product.__class__.__mro__[1].__subclasses__() }}",
        variables=[{"name": "product"}],
    )
    with pytest.raises(TemplateRenderFailed, match=r"sandbox violation"):
        await bus.execute(
            RenderTemplate(template_id=template.id, variables={"product": "x"}), owner
        )


async def test_builtins_are_listed_rendered_and_read_only(
    bus: MessageBus, owner: Principal
) -> None:
    builtins = await bus.execute(ListBuiltinTemplates(content_type="email"), owner)
    assert [t.content_type.value for t in builtins] == ["email"]
    every = await bus.execute(ListBuiltinTemplates(), owner)
    assert {t.content_type.value for t in every} == {
        "blog_post",
        "social_post",
        "email",
        "ad_copy",
        "landing_page",
        "video_script",
    }
    newsletter = builtins[0]
    rendered = await bus.execute(
        RenderTemplate(template_id=newsletter.id, variables={"news": "Three new beans."}), owner
    )
    assert rendered.text.startswith("Hi there,\n\nThree new beans.")
    with pytest.raises(BuiltinTemplateReadOnly):
        await bus.execute(UpdateTemplate(template_id=newsletter.id, changes={"name": "x"}), owner)
    with pytest.raises(BuiltinTemplateReadOnly):
        await bus.execute(DeleteTemplate(template_id=newsletter.id), owner)


async def test_every_builtin_renders_with_its_required_values() -> None:
    renderer = TEMPLATE_RENDERER
    for template in BUILTIN_TEMPLATES:
        given = {v.name: f"<{v.name}>" for v in template.variables if v.default is None}
        text = await renderer.render(template.body, template.values_for(given))
        assert all(value in text for value in given.values()), template.name
        assert await renderer.variables_in(template.body) == {v.name for v in template.variables}


async def test_permissions_tenancy_and_brand_scope(
    bus: MessageBus, owner: Principal, other_owner: Principal
) -> None:
    brand: Brand = await bus.execute(CreateBrand(name="Acme Coffee"), owner)
    other: Brand = await bus.execute(CreateBrand(name="Other Coffee"), owner)
    creator = await add_member(bus, owner, "creator@acme.example", Role.CONTENT_CREATOR)
    with pytest.raises(PermissionDenied):
        await make(bus, creator)
    org_wide = await make(bus, owner)
    mine = await make(bus, owner, name="Acme only", brand_id=brand.id)
    theirs = await make(bus, owner, name="Other only", brand_id=other.id)
    assert (await bus.execute(GetTemplate(template_id=org_wide.id), creator)).id == org_wide.id
    with pytest.raises(NotFound):
        await bus.execute(GetTemplate(template_id=org_wide.id), other_owner)
    scoped = dataclasses.replace(owner, brand_scope=frozenset({brand.id}))
    with pytest.raises(NotFound):
        await bus.execute(GetTemplate(template_id=theirs.id), scoped)
    page = await bus.execute(ListTemplates(), scoped)
    assert {t.id for t in page.items} == {org_wide.id, mine.id}
    for_brand = await bus.execute(ListTemplates(brand_id=other.id), owner)
    assert {t.id for t in for_brand.items} == {org_wide.id, theirs.id}
    coffee = await bus.execute(ListTemplates(industry="tea"), owner)
    assert coffee.items == []
