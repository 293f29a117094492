"""Content templates: a body with declared variables, per organization (optionally per brand),
for one content type and optionally one industry and channel.

The body is written in the sandboxed template language of the ``TemplateRenderer`` port
(Jinja syntax: ``{{ product }}``); rendering itself happens behind that port.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from umt.domain.brand.brand import check_version
from umt.domain.brand.channels import Channel
from umt.domain.content import events as ev
from umt.domain.content.draft import ContentType
from umt.domain.content.errors import TemplateVariableMissing
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.events import Changes
from umt.domain.shared.ids import BrandId, OrganizationId, TemplateId
from umt.domain.shared.values import require_text

MAX_BODY = 20_000
MAX_VARIABLES = 30
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,49}$")
TEMPLATE_FIELDS = frozenset(
    {"name", "content_type", "industry", "channel", "body", "variables", "brand_id"}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateVariable:
    """A declared variable: lower-case identifier; a required one without a default must be
    given to render."""

    name: str
    description: str = ""
    required: bool = True
    default: str | None = None

    def __post_init__(self) -> None:
        if not _IDENTIFIER.match(self.name):
            raise InvalidValue(
                f"variable {self.name!r} must be a lower-case identifier", field="variables"
            )
        require_text(self.description, field="variables", max_length=500, allow_empty=True)
        if self.default is not None and len(self.default) > 2000:
            raise InvalidValue("a default is at most 2000 characters", field="variables")


@dataclass(slots=True, kw_only=True)
class ContentTemplate(AggregateRoot):
    id: TemplateId
    organization_id: OrganizationId | None  # None: a built-in template, the same for everyone
    name: str
    content_type: ContentType
    body: str
    brand_id: BrandId | None = None
    industry: str | None = None
    channel: Channel | None = None
    variables: tuple[TemplateVariable, ...] = ()
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def __post_init__(self) -> None:
        self.name = require_text(self.name, field="name", max_length=200)
        self.content_type = ContentType(self.content_type)
        if self.channel is not None:
            self.channel = Channel(self.channel)
        if self.industry is not None:
            self.industry = require_text(self.industry, field="industry", max_length=100) or None
        self.body = require_text(self.body, field="body", max_length=MAX_BODY)
        if len(self.variables) > MAX_VARIABLES:
            raise InvalidValue(f"at most {MAX_VARIABLES} variables", field="variables")
        names = [v.name for v in self.variables]
        if len(set(names)) != len(names):
            raise InvalidValue("variable names must be unique", field="variables")

    @property
    def builtin(self) -> bool:
        return self.organization_id is None

    @classmethod
    def create(
        cls,
        *,
        id: TemplateId,
        organization_id: OrganizationId,
        name: str,
        content_type: ContentType,
        body: str,
        now: datetime,
        brand_id: BrandId | None = None,
        industry: str | None = None,
        channel: Channel | None = None,
        variables: tuple[TemplateVariable, ...] = (),
    ) -> ContentTemplate:
        template = cls(
            id=id,
            organization_id=organization_id,
            name=name,
            content_type=content_type,
            body=body,
            brand_id=brand_id,
            industry=industry,
            channel=channel,
            variables=variables,
            created_at=now,
            updated_at=now,
        )
        template._record(
            ev.TemplateCreated,
            now,
            ev.TemplateNamed(name=template.name, content_type=template.content_type.value),
        )
        return template

    def update(
        self, changes: Mapping[str, Any], *, now: datetime, expected_version: int | None = None
    ) -> None:
        check_version(expected_version, self.version, "template")
        unknown = set(changes) - TEMPLATE_FIELDS
        if unknown:
            raise InvalidValue(f"unknown fields: {sorted(unknown)}", field=sorted(unknown)[0])
        candidate = replace(self, **changes, events=[])
        changed = sorted(k for k in TEMPLATE_FIELDS if getattr(self, k) != getattr(candidate, k))
        if not changed:
            return
        diff = Changes.between(self, candidate, changed)
        for key in changed:
            setattr(self, key, getattr(candidate, key))
        self.version += 1
        self.updated_at = now
        self._record(ev.TemplateUpdated, now, diff)

    def mark_deleted(self, *, now: datetime, expected_version: int | None = None) -> None:
        check_version(expected_version, self.version, "template")
        self._record(ev.TemplateDeleted, now, ev.TemplateGone(name=self.name))

    def values_for(self, given: Mapping[str, str]) -> dict[str, str]:
        """The values to render with: the given ones, then defaults; a required variable with
        neither is ``TemplateVariableMissing``. Undeclared names are refused."""
        declared = {v.name for v in self.variables}
        unknown = sorted(set(given) - declared)
        if unknown:
            raise InvalidValue(f"undeclared variables: {unknown}", field=f"variables.{unknown[0]}")
        values: dict[str, str] = {}
        for variable in self.variables:
            if variable.name in given:
                values[variable.name] = given[variable.name]
            elif variable.default is not None:
                values[variable.name] = variable.default
            elif variable.required:
                raise TemplateVariableMissing(
                    f"the template needs a value for {variable.name!r}",
                    field=f"variables.{variable.name}",
                )
            else:
                values[variable.name] = ""
        return values
