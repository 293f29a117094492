"""Jinja2, sandboxed: the engine behind ``JinjaTemplateRenderer`` (renderer.py).

``SandboxedEnvironment`` refuses unsafe attribute access (``__class__``, ``mro`` and the
like) and calls of unsafe callables; ``StrictUndefined`` makes any name the caller did not
supply an error rather than an empty string. Output is capped, and ranges are bounded by the
sandbox's own ``MAX_RANGE``. Autoescaping is off: templates produce plain marketing text, not
HTML.
"""

from __future__ import annotations

from collections.abc import Mapping

from jinja2 import (
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    UndefinedError,
    meta,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from umt.domain.content.errors import TemplateRenderFailed, TemplateVariableMissing
from umt.ports.template_renderer import TemplateRenderer


class SandboxedJinjaRenderer(TemplateRenderer):
    def __init__(self, *, max_output: int) -> None:
        self._env = SandboxedEnvironment(
            undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
        )
        self._max_output = max_output

    def variables_in(self, body: str) -> frozenset[str]:
        try:
            parsed = self._env.parse(body)
        except TemplateSyntaxError as exc:
            raise TemplateRenderFailed(
                f"template syntax error on line {exc.lineno}: {exc.message}", field="body"
            ) from None
        return frozenset(meta.find_undeclared_variables(parsed))

    def render(self, body: str, values: Mapping[str, str]) -> str:
        try:
            template = self._env.from_string(body)
            chunks: list[str] = []
            size = 0
            for chunk in template.generate(**values):
                size += len(chunk)
                if size > self._max_output:
                    raise TemplateRenderFailed(
                        f"the rendered text would exceed {self._max_output} characters",
                        field="body",
                    )
                chunks.append(chunk)
        except SecurityError as exc:
            raise TemplateRenderFailed(f"sandbox violation: {exc}", field="body") from None
        except UndefinedError as exc:
            raise TemplateVariableMissing(f"{exc.message}", field="variables") from None
        except TemplateSyntaxError as exc:
            raise TemplateRenderFailed(
                f"template syntax error on line {exc.lineno}: {exc.message}", field="body"
            ) from None
        except TemplateError as exc:
            raise TemplateRenderFailed(f"the template failed: {exc}", field="body") from None
        except (TypeError, ValueError, ArithmeticError, OverflowError) as exc:
            raise TemplateRenderFailed(f"the template failed: {exc}", field="body") from None
        return "".join(chunks)
