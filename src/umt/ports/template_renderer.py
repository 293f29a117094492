"""The TemplateRenderer port: renders a content template's body safely.

Implementations sandbox the template language (no attribute access to internals, no imports,
bounded output) and raise ``TemplateRenderFailed`` for bad syntax, an undefined name or a
sandbox violation, never anything else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol


class TemplateRenderer(Protocol):
    def variables_in(self, body: str) -> frozenset[str]:
        """The names ``body`` reads; raises ``TemplateRenderFailed`` when it does not parse."""
        ...

    def render(self, body: str, values: Mapping[str, str]) -> str:
        """``body`` with ``values``; every name it reads must be in ``values``."""
        ...
