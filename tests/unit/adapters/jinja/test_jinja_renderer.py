"""The sandboxed jinja2 TemplateRenderer: what it renders, every way it refuses, and the worker
processes that bound whatever a template costs.

The sandbox's rules run in-process through ``TemplateRunner`` (what a worker runs); the process
pool is tested through the renderer itself.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator

import pytest

from umt.adapters.jinja.pool import WorkerBusy, WorkerLost, WorkerPool
from umt.adapters.jinja.renderer import JinjaTemplateRenderer
from umt.adapters.jinja.sandbox import MAX_CALL_DEPTH, BoundedSandbox
from umt.adapters.jinja.worker import TemplateRunner
from umt.domain.content.errors import (
    TemplateRenderFailed,
    TemplateTooExpensive,
    TemplateVariableMissing,
)

ENDLESS_LOOP = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
MEMORY_BOMB = (  # doubles a list 100,000 times: no operator to bound, the memory limit stops it
    "{% set ns = namespace(l=[1]) %}{% for i in range(100000) %}{{ ns.l.extend(ns.l) }}{% endfor %}"
)


@pytest.fixture(scope="module")
def renderer() -> Iterator[JinjaTemplateRenderer]:
    renderer = JinjaTemplateRenderer(workers=2, cpu_seconds=1, memory_mb=256)
    yield renderer
    renderer.close()


async def test_renders_and_lists_the_names_a_body_reads(renderer: JinjaTemplateRenderer) -> None:
    body = "{{ product }}{% if day %} lands {{ day }}{% endif %}."
    assert await renderer.variables_in(body) == {"product", "day"}
    assert await renderer.render(body, {"product": "Night Roast", "day": "Monday"}) == (
        "Night Roast lands Monday."
    )
    assert await renderer.render(body, {"product": "Night Roast", "day": ""}) == "Night Roast."
    assert await renderer.render("<b>{{ x }}</b>", {"x": "<i>"}) == "<b><i></b>"  # plain text


def test_ordinary_arithmetic_strings_and_formats_still_work() -> None:
    body = (
        "{{ 2 ** 10 }} {{ 3 * 4 }} {{ 'ab' * 3 }} {{ '%5.2f' % 3.14159 }}|{{ '{:>4}'.format(x) }}"
        "|{{ x ~ '!' }}|{{ x|center(5) }}|{{ 'a' + 'b' }}|{{ 5000000|filesizeformat }}"
        "{% macro twice(v) %}{{ v }}{{ v }}{% endmacro %}|{{ twice(x) }}"
    )
    assert TemplateRunner().render(body, {"x": "go"}) == (
        "1024 12 ababab  3.14|  go|go!|  go |ab|5.0 MB|gogo"
    )


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
        TemplateRunner().render(body, {"x": "value"})


def test_undefined_names_and_bad_syntax_are_named_errors() -> None:
    runner = TemplateRunner()
    with pytest.raises(TemplateVariableMissing):
        runner.render("{{ missing }}", {})
    with pytest.raises(TemplateRenderFailed, match="syntax"):
        runner.render("{% for %}", {})
    with pytest.raises(TemplateRenderFailed, match="syntax"):
        runner.names("{{ unclosed")
    with pytest.raises(TemplateRenderFailed):
        runner.render("{{ 1 / 0 }}", {})
    with pytest.raises(TemplateVariableMissing):  # no placeholder text in any amount
        runner.render("{{ lipsum(n=100000) }}", {})


def test_output_is_capped() -> None:
    runner = TemplateRunner(max_output=1000)
    with pytest.raises(TemplateRenderFailed, match="exceed"):
        runner.render("{% for i in range(5000) %}xx{% endfor %}", {})
    with pytest.raises(TemplateRenderFailed):
        runner.render("{{ x * 100000 }}", {"x": "abc"})


@pytest.mark.parametrize(
    "body",
    [
        "{{ 9**(9**7) % 10 }}",
        "{{ 2 ** 100000 }}",
        "{% set n = 10**1000 %}{{ n * n * n * n * n }}",
        "{{ 'a' * 10**9 }}",
        "{{ 10**9 * [1] }}",
        "{% set s = 'a' * 1000000 %}{{ s + s }}",
        "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}",
        "{{ 'a'|center(999999999) }}",
        "{{ 'a'|indent(999999999, true) }}",
        "{{ 'a'.ljust(999999999) }}",
        "{{ 'a'.zfill(width=999999999) }}",
        "{{ '%999999999d' % 1 }}",
        "{{ '%*d' % (999999999, 1) }}",
        "{{ '%.999999999f'|format(1) }}",
        "{{ '{:>999999999}'.format(1) }}",
        "{{ '{:{}}'.format(1, 999999999) }}",
        "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
        "{% for i in [[1]] recursive %}{{ loop([[1]]) }}{% endfor %}",
        "{{ " + "(" * 500 + "1" + ")" * 500 + " }}",
    ],
)
def test_the_sandbox_refuses_work_it_can_see_coming(body: str) -> None:
    with pytest.raises(TemplateTooExpensive):
        TemplateRunner().render(body, {})


def test_macros_may_nest_up_to_the_depth_limit() -> None:
    countdown = (
        "{% macro down(n) %}{% if n %}{{ n }} {{ down(n - 1) }}{% endif %}{% endmacro %}"
        "{{ down(depth) }}"
    )
    runner = TemplateRunner()
    text = runner.render(countdown.replace("depth", str(MAX_CALL_DEPTH - 1)), {})
    assert text.split() == [str(n) for n in range(MAX_CALL_DEPTH - 1, 0, -1)]
    with pytest.raises(TemplateTooExpensive, match="nest"):
        runner.render(countdown.replace("depth", str(MAX_CALL_DEPTH + 1)), {})


@pytest.mark.parametrize(
    ("body", "folded"),
    [("{{ 6 * 7 }}", "42"), ("{{ 'ab'|upper }}", "AB"), ("{{ 'a' ~ 'b' }}", "ab")],
)
def test_nothing_is_evaluated_at_compile_time(body: str, folded: str) -> None:
    # jinja would compile these to their value (and ran 9**(9**7) when a template was saved)
    source = BoundedSandbox().compile(body, raw=True)
    assert repr(folded) not in source
    assert TemplateRunner().render(body, {}) == folded
    assert TemplateRunner().names("{{ 9**(9**7) }}{{ 'a'|center(999999999) }}") == frozenset()


async def test_a_template_past_its_cpu_time_is_stopped_and_the_next_renders(
    renderer: JinjaTemplateRenderer,
) -> None:
    assert await renderer.render("{{ x }}", {"x": "before"}) == "before"
    with pytest.raises(TemplateTooExpensive, match="CPU time"):
        await renderer.render(ENDLESS_LOOP, {})
    assert await renderer.render("{{ x }}", {"x": "after"}) == "after"


async def test_a_template_past_its_memory_is_stopped_and_the_next_renders(
    renderer: JinjaTemplateRenderer,
) -> None:
    with pytest.raises(TemplateTooExpensive, match="memory"):
        await renderer.render(MEMORY_BOMB, {})
    assert await renderer.render("{{ x }}", {"x": "after"}) == "after"


async def test_a_worker_that_dies_is_replaced(renderer: JinjaTemplateRenderer) -> None:
    await asyncio.gather(*(renderer.render("{{ x }}", {"x": "warm"}) for _ in range(4)))
    for pid in renderer.worker_pids:
        os.kill(pid, signal.SIGKILL)
        # dead before the next request (not reaped: that is the pool's job)
        await asyncio.to_thread(os.waitid, os.P_PID, pid, os.WEXITED | os.WNOWAIT)
    texts = await asyncio.gather(*(renderer.render("{{ x }}", {"x": str(i)}) for i in range(6)))
    assert texts == [str(i) for i in range(6)]


async def test_renders_run_side_by_side_while_one_template_is_stopped(
    renderer: JinjaTemplateRenderer,
) -> None:
    hostile = asyncio.ensure_future(renderer.render(ENDLESS_LOOP, {}))
    texts = [await renderer.render("{{ x }}", {"x": str(i)}) for i in range(20)]
    assert texts == [str(i) for i in range(20)]  # the other worker answered meanwhile
    with pytest.raises(TemplateTooExpensive):
        await hostile


async def test_the_wall_clock_backstop_and_a_full_pool() -> None:
    pool = WorkerPool(size=1, cpu_seconds=30, wall_seconds=0.5)
    try:
        stuck = asyncio.ensure_future(pool.ask({"op": "render", "body": ENDLESS_LOOP}))
        queued = asyncio.ensure_future(pool.ask({"op": "render", "body": "x"}))
        with pytest.raises(WorkerLost, match="more than"):
            await stuck
        with pytest.raises(WorkerBusy):  # waited longer than a template may run
            await queued
        # the pool goes on with a fresh worker; its start-up may take longer than 0.5 s on a
        # loaded machine, which is not what this test is about
        pool.wall_seconds = 60
        assert await pool.ask({"op": "render", "body": "{{ 1 + 1 }}"}) == {"ok": "2"}
    finally:
        pool.close()


async def test_close_ends_every_worker() -> None:
    renderer = JinjaTemplateRenderer(workers=2)
    await asyncio.gather(*(renderer.render("{{ x }}", {"x": "y"}) for _ in range(4)))
    pids = renderer.worker_pids
    assert pids
    await asyncio.to_thread(renderer.close)
    assert not renderer.worker_pids
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
