"""Loading and checking templates for the template use cases."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from umt.application.principal import Principal
from umt.domain.content.builtin_templates import BUILTIN_BY_ID
from umt.domain.content.template import ContentTemplate, TemplateVariable
from umt.domain.shared.errors import Conflict, InvalidValue, NotFound
from umt.domain.shared.ids import TemplateId
from umt.ports.template_renderer import TemplateRenderer
from umt.ports.unit_of_work import UnitOfWork


class BuiltinTemplateReadOnly(Conflict):
    code = "builtin_template_read_only"


def variables(values: Sequence[Mapping[str, Any]]) -> tuple[TemplateVariable, ...]:
    out = []
    for item in values:
        name, default = item.get("name"), item.get("default")
        if not isinstance(name, str):
            raise InvalidValue("a variable needs a name", field="variables")
        if default is not None and not isinstance(default, str):
            raise InvalidValue(f"the default of {name!r} must be text", field="variables")
        out.append(
            TemplateVariable(
                name=name,
                description=str(item.get("description", "")),
                required=bool(item.get("required", True)),
                default=default,
            )
        )
    return tuple(out)


async def check_body(template: ContentTemplate, template_renderer: TemplateRenderer) -> None:
    """The body parses and reads only declared variables."""
    used = await template_renderer.variables_in(template.body)
    undeclared = sorted(used - {v.name for v in template.variables})
    if undeclared:
        raise InvalidValue(
            f"the body uses undeclared variables: {undeclared}; declare them", field="variables"
        )


async def load_template(
    uow: UnitOfWork, actor: Principal, template_id: UUID, *, for_change: bool = False
) -> ContentTemplate:
    """A built-in template or one of the organization's (within the member's brand scope)."""
    builtin = BUILTIN_BY_ID.get(TemplateId(template_id))
    if builtin is not None:
        if for_change:
            raise BuiltinTemplateReadOnly("built-in templates cannot be changed; copy one")
        return builtin
    template = await uow.templates.get(actor.organization_id, TemplateId(template_id))
    if template is None or (
        template.brand_id is not None and not actor.can_access_brand(template.brand_id)
    ):
        raise NotFound(f"template {template_id} not found")
    return template
