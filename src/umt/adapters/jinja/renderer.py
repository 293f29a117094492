"""The TemplateRenderer for content templates: Jinja2, sandboxed (sandbox.py).

Jinja is imported with the first template parsed or rendered, not when the process starts:
most API requests never touch a template.
"""

from __future__ import annotations

from collections.abc import Mapping

from umt.ports.template_renderer import TemplateRenderer

MAX_OUTPUT = 100_000


class JinjaTemplateRenderer(TemplateRenderer):
    def __init__(self, *, max_output: int = MAX_OUTPUT) -> None:
        self._max_output = max_output
        self._engine: TemplateRenderer | None = None

    def _loaded(self) -> TemplateRenderer:
        if self._engine is None:
            from umt.adapters.jinja.sandbox import SandboxedJinjaRenderer

            self._engine = SandboxedJinjaRenderer(max_output=self._max_output)
        return self._engine

    def variables_in(self, body: str) -> frozenset[str]:
        return self._loaded().variables_in(body)

    def render(self, body: str, values: Mapping[str, str]) -> str:
        return self._loaded().render(body, values)
