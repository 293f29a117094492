"""Rendering a content template in the worker pool, against rendering it in-process.

before   what the server did before templates ran in worker processes: compile the body
         in jinja2's plain SandboxedEnvironment and render it, every call, on the event loop
inline   the hardened sandbox in-process (TemplateRunner, compiled templates cached): the
         least a render costs, with no isolation at all
pool     JinjaTemplateRenderer: a request to a worker process over a pipe, the same
         TemplateRunner there, the reply back; the event loop only awaits it

All three render each built-in template with values for its variables, round after round;
the median per render is taken. Also printed: ``pool`` with 8 renders in flight (renders per
second), the start of a worker (its first render) and how long a hostile template (an endless
loop) takes to be stopped by the CPU limit. Goal: pool <= before (isolation costs no more than
the compile it saves); exits 1 when it is missed.

    .venv/bin/python bench/template_render.py
    .venv/bin/python bench/template_render.py --rounds 200
    .venv/bin/python bench/template_render.py --quick    # a smoke run (a few seconds)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shlex
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from _support import machine
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from umt.adapters.jinja.renderer import JinjaTemplateRenderer
from umt.adapters.jinja.worker import TemplateRunner
from umt.domain.content.builtin_templates import BUILTIN_TEMPLATES
from umt.domain.content.errors import TemplateTooExpensive

CASES = [
    (t.body, t.values_for({v.name: f"the {v.name}" for v in t.variables if v.default is None}))
    for t in BUILTIN_TEMPLATES
]
ENDLESS = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"


def per_render_sync(render: Callable[[str, dict[str, str]], str], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for body, values in CASES:
            render(body, values)
        times.append((time.perf_counter() - started) / len(CASES))
    return statistics.median(times)


async def per_render_pool(renderer: JinjaTemplateRenderer, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for body, values in CASES:
            await renderer.render(body, values)
        times.append((time.perf_counter() - started) / len(CASES))
    return statistics.median(times)


async def pool_figures(rounds: int) -> dict[str, float]:
    renderer = JinjaTemplateRenderer(workers=2, cpu_seconds=1)
    try:
        started = time.perf_counter()
        await renderer.render("{{ x }}", {"x": "first"})
        spawn = time.perf_counter() - started
        for body, values in CASES:  # warm: both workers, every template compiled
            await asyncio.gather(renderer.render(body, values), renderer.render(body, values))
        sequential = await per_render_pool(renderer, rounds)
        started = time.perf_counter()
        jobs = [renderer.render(b, v) for _ in range(rounds) for b, v in CASES]
        for i in range(0, len(jobs), 8):
            await asyncio.gather(*jobs[i : i + 8])
        throughput = len(jobs) / (time.perf_counter() - started)
        started = time.perf_counter()
        try:
            await renderer.render(ENDLESS, {})
        except TemplateTooExpensive:
            stopped = time.perf_counter() - started
        else:
            raise SystemExit("the endless loop was not stopped")
    finally:
        renderer.close()
    return {"spawn": spawn, "pool": sequential, "throughput": throughput, "stopped": stopped}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--rounds", type=int, default=100, help="timed rounds of each part")
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args()
    if args.quick and "--rounds" not in sys.argv:  # an explicit --rounds still wins
        args.rounds = 20
    plain = SandboxedEnvironment(undefined=StrictUndefined, keep_trailing_newline=True)
    before = per_render_sync(lambda b, v: plain.from_string(b).render(**v), args.rounds)
    inline = per_render_sync(TemplateRunner().render, args.rounds)
    pool = asyncio.run(pool_figures(args.rounds))
    print(f"machine: {machine()}")
    print(f"before  {before * 1e6:8.0f} µs per render (compiled every call, on the event loop)")
    print(f"inline  {inline * 1e6:8.0f} µs per render (hardened sandbox, cached, in-process)")
    print(f"pool    {pool['pool'] * 1e6:8.0f} µs per render (worker process, cached)")
    print(f"pool, 8 in flight: {pool['throughput']:.0f} renders/s")
    print(f"a worker's start (first render): {pool['spawn'] * 1e3:.0f} ms")
    print(f"an endless loop stopped after {pool['stopped']:.2f} s (1 s CPU limit)")
    print(f"pool / before = {pool['pool'] / before:.2f} (goal <= 1)")
    print(f"pool / inline = {pool['pool'] / inline:.1f}")
    if args.json:
        figures = {
            "before_us": round(before * 1e6, 1),
            "inline_us": round(inline * 1e6, 1),
            "pool_us": round(pool["pool"] * 1e6, 1),
            "ratio": round(pool["pool"] / before, 3),
            "pool_renders_per_second": round(pool["throughput"]),
            "spawn_ms": round(pool["spawn"] * 1e3, 1),
            "stopped_seconds": round(pool["stopped"], 3),
            "rounds": args.rounds,
            "command": shlex.join([".venv/bin/python", "bench/template_render.py", *sys.argv[1:]]),
            "machine": machine(),
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if pool["pool"] <= before else 1


if __name__ == "__main__":
    sys.exit(main())
