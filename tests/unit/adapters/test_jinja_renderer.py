"""The sandboxed jinja2 TemplateRenderer: what it renders and every way it refuses."""

from __future__ import annotations

import pytest

from umt.adapters.jinja.renderer import JinjaTemplateRenderer
from umt.domain.content.errors import TemplateRenderFailed, TemplateVariableMissing


def test_renders_and_lists_the_names_a_body_reads() -> None:
    renderer = JinjaTemplateRenderer()
    body = "{{ product }}{% if day %} lands {{ day }}{% endif %}."
    assert renderer.variables_in(body) == {"product", "day"}
    assert renderer.render(body, {"product": "Night Roast", "day": "Monday"}) == (
        "Night Roast lands Monday."
    )
    assert renderer.render(body, {"product": "Night Roast", "day": ""}) == "Night Roast."
    assert renderer.render("<b>{{ x }}</b>", {"x": "<i>"}) == "<b><i></b>"  # plain text


@pytest.mark.parametrize(
    "body",
    [
        "{{ x.__class__.__mro__ }}",
        "{{ x.__init__.__globals__ }}",
        "{{ x.format.__self__.__class__ }}",
        "{{ ''.__class__.__subclasses__() }}",
    ],
)
def test_the_sandbox_refuses_internals(body: str) -> None:
    with pytest.raises(TemplateRenderFailed):
        JinjaTemplateRenderer().render(body, {"x": "value"})


def test_undefined_names_and_bad_syntax_are_named_errors() -> None:
    renderer = JinjaTemplateRenderer()
    with pytest.raises(TemplateVariableMissing):
        renderer.render("{{ missing }}", {})
    with pytest.raises(TemplateRenderFailed, match="syntax"):
        renderer.render("{% for %}", {})
    with pytest.raises(TemplateRenderFailed, match="syntax"):
        renderer.variables_in("{{ unclosed")
    with pytest.raises(TemplateRenderFailed):
        renderer.render("{{ 1 / 0 }}", {})


def test_output_is_capped() -> None:
    renderer = JinjaTemplateRenderer(max_output=1000)
    with pytest.raises(TemplateRenderFailed, match="exceed"):
        renderer.render("{% for i in range(5000) %}xx{% endfor %}", {})
    with pytest.raises(TemplateRenderFailed):
        renderer.render("{{ x * 100000 }}", {"x": "abc"})
