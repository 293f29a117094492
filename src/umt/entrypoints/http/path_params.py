"""Naming the path parameter that kept a request from its route.

Litestar routes ``/brands/{brand_id:uuid}`` only when the segment is a UUID, so
``/brands/not-a-uuid`` meets no route and would answer a bare "Not Found". When a routing 404
happens, the path is compared with the app's route templates, a typed parameter matching any
segment: a template that matches but for a parameter's value names that parameter and the
format it expects. Only 404s pay for this (the templates are split once per app).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from litestar import Litestar

# the formats a client can get wrong, as the converter that checks them and how to name them
_FORMATS = {
    "uuid": (UUID, "UUID (e.g. 3f2b1c9e-0d4a-4b6e-9f1a-2c3d4e5f6a7b)"),
    "int": (int, "integer"),
}
_STATE_KEY = "route_templates"
_SHOWN = 80  # characters of the offending value repeated back


@dataclass(frozen=True, slots=True)
class MalformedParameter:
    name: str
    expected: str
    value: str

    @property
    def detail(self) -> str:
        return f"path parameter {self.name} must be a {self.expected.split(' (')[0]}"

    @property
    def message(self) -> str:
        return f"expected a {self.expected}, got {self.value[:_SHOWN]!r}"


def _templates(app: Litestar) -> list[list[str]]:
    found: list[list[str]] | None = app.state.get(_STATE_KEY)
    if found is None:
        found = [route.path.strip("/").split("/") for route in app.routes]
        app.state[_STATE_KEY] = found
    return found


def _mismatch(template: list[str], segments: list[str]) -> MalformedParameter | None:
    if len(template) != len(segments):
        return None
    wrong: MalformedParameter | None = None
    for pattern, segment in zip(template, segments, strict=True):
        if not (pattern.startswith("{") and pattern.endswith("}")):
            if pattern != segment:
                return None
            continue
        name, _, kind = pattern[1:-1].partition(":")
        if kind not in _FORMATS or wrong is not None:
            continue
        convert, expected = _FORMATS[kind]
        try:
            convert(segment)
        except ValueError:
            wrong = MalformedParameter(name=name, expected=expected, value=segment)
    return wrong


def malformed_path_parameter(app: Litestar, path: str) -> MalformedParameter | None:
    """The typed parameter whose value kept ``path`` from a route of ``app``, if any."""
    segments = path.strip("/").split("/")
    for template in _templates(app):
        if (found := _mismatch(template, segments)) is not None:
            return found
    return None
