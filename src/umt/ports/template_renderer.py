"""The TemplateRenderer port: renders a content template's body safely.

Implementations sandbox the template language (no attribute access to internals, no imports,
bounded output) and bound the work a template may ask for, away from the caller's event loop:
a template is user input, and one tenant's expensive template must not stall the others. They
raise ``TemplateRenderFailed`` for bad syntax or a sandbox violation, ``TemplateVariableMissing``
for an undefined name and ``TemplateTooExpensive`` for a template that needs too much time,
memory or nesting, never anything else (``StorageUnavailable`` when rendering is saturated).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol


class TemplateRenderer(Protocol):
    async def variables_in(self, body: str) -> frozenset[str]:
        """The names ``body`` reads; raises ``TemplateRenderFailed`` when it does not parse."""
        ...

    async def render(self, body: str, values: Mapping[str, str]) -> str:
        """``body`` with ``values``; every name it reads must be in ``values``."""
        ...
