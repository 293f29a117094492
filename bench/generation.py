"""Content generation: the offline composer's throughput, and the OpenAI adapter's overhead
under concurrency against a fake OpenAI-compatible server with fixed latency.

offline  the offline generator (umt.adapters.offline) writes --variants drafts, each with its
         own seed and direction, one after another: variants per second.
openai   --requests drafts through OpenAiContentGenerator (prompt building, the SDK, structured
         output parsing, the retry policy, the semaphore) at --concurrency in flight, against
         tests/support/fake_openai.py on loopback answering after --latency-ms. Nothing can beat
         ceil(requests / concurrency) rounds x latency (the ideal); the ratio total / ideal is
         judged: goal <= 1.3. The fake runs in a child process (as a real server would be), so
         its CPU time is not charged to the client's event loop.
bare     the same request bodies, pre-built, posted by a bare httpx client with as many in
         flight: what the fake and loopback cost alone (printed for context, not judged).

    .venv/bin/python bench/generation.py            # full run (about half a minute)
    .venv/bin/python bench/generation.py --quick    # a smoke run (a few seconds)

Needs no network beyond loopback. Exits 1 when the goal is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import math
import multiprocessing
import shlex
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
from _support import machine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.support: the fake server and the sample request

from tests.support.fake_openai import API_KEY, FakeOpenAi  # noqa: E402
from tests.support.generation import sample_request  # noqa: E402

from umt.adapters.openai import OpenAiConfig, OpenAiContentGenerator  # noqa: E402
from umt.ports.content_generator import Direction, GenerationRequest, Length  # noqa: E402

GOAL = 1.3
HOOKS = ("question", "statistic", "story", "bold claim", "contrarian take")
ANGLES = ("pain point", "benefit", "social proof", "how-to", "behind the scenes")
CTAS = ("Book a demo", "Read the guide", "Start a free trial", "Talk to us")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer variants and rounds")
    parser.add_argument("--variants", type=int, default=2_000, help="offline drafts per run")
    parser.add_argument("--requests", type=int, default=200, help="OpenAI drafts per run")
    parser.add_argument("--concurrency", type=int, default=20, help="OpenAI requests in flight")
    parser.add_argument("--latency-ms", type=float, default=200.0, help="the fake's latency")
    parser.add_argument("--rounds", type=int, default=3, help="timed runs of each part")
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args()
    if args.quick:  # shorter defaults; options given explicitly still win
        for name, value in {"variants": 200, "rounds": 1}.items():
            if f"--{name}" not in sys.argv:
                setattr(args, name, value)
    return args


def requests(count: int) -> list[GenerationRequest]:
    """``count`` variant requests: each its own seed and direction."""
    base = sample_request()
    lengths = list(Length)
    return [
        replace(
            base,
            seed=seed,
            direction=Direction(
                hook=HOOKS[seed % len(HOOKS)],
                angle=ANGLES[(seed // len(HOOKS)) % len(ANGLES)],
                call_to_action=CTAS[seed % len(CTAS)],
                length=lengths[seed % len(lengths)],
            ),
        )
        for seed in range(count)
    ]


# -- offline --------------------------------------------------------------------------------


async def offline_rate(count: int) -> float:
    from umt.adapters.offline import OfflineContentGenerator

    generator = OfflineContentGenerator()
    batch = requests(count)
    started = time.perf_counter()
    for request in batch:
        await generator.generate(request)
    return count / (time.perf_counter() - started)


# -- openai ---------------------------------------------------------------------------------


def _serve(latency: float, ready: Any, stop: Any) -> None:
    logging.getLogger("uvicorn").setLevel(logging.WARNING)
    fake = FakeOpenAi(latency=latency)
    with fake.serve() as url:
        ready.send(url)
        stop.wait()


@contextmanager
def fake_server(latency: float) -> Iterator[str]:
    """The fake in a child process; yields its base URL."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    stop = context.Event()
    child = context.Process(target=_serve, args=(latency, sender, stop), daemon=True)
    child.start()
    try:
        if not receiver.poll(30):
            raise SystemExit("the fake OpenAI server did not start")
        yield receiver.recv()
    finally:
        stop.set()
        child.join(timeout=10)


async def openai_run(url: str, args: argparse.Namespace) -> float:
    config = OpenAiConfig(
        base_url=url,
        model="gpt-bench",
        api_key=API_KEY,
        max_concurrency=args.concurrency,
        timeout_seconds=30,
    )
    generator = OpenAiContentGenerator(config)
    batch = requests(args.requests)
    try:
        # warm the connection pool (one connection per slot), as a long-running service has
        await asyncio.gather(*(generator.generate(r) for r in batch[: args.concurrency]))
        started = time.perf_counter()
        results = await asyncio.gather(*(generator.generate(r) for r in batch))
        elapsed = time.perf_counter() - started
    finally:
        await generator.close()
    assert len(results) == args.requests
    assert all(r.draft.body and r.usage.output_tokens for r in results)
    return elapsed


async def bare_run(url: str, args: argparse.Namespace) -> float:
    """The same requests as pre-built bodies posted by a bare httpx client with the same number
    in flight: what the fake server and loopback cost by themselves."""
    from umt.ports.prompts import messages, response_format

    bodies = [
        {
            "model": "gpt-bench",
            "messages": messages(r),
            "response_format": response_format(r.content_type),
            "seed": r.seed,
        }
        for r in requests(args.requests)
    ]
    slots = asyncio.Semaphore(args.concurrency)
    headers = {"Authorization": f"Bearer {API_KEY}"}
    limits = httpx.Limits(max_connections=args.concurrency)
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits) as client:

        async def post(body: dict[str, Any]) -> None:
            async with slots:
                response = await client.post("/chat/completions", json=body)
            response.raise_for_status()

        await asyncio.gather(*(post(b) for b in bodies[: args.concurrency]))
        started = time.perf_counter()
        await asyncio.gather(*(post(b) for b in bodies))
        return time.perf_counter() - started


def fake_in_flight(url: str) -> int:
    stats = httpx.get(f"{url.removesuffix('/v1')}/fake/stats").json()
    return int(stats["max_in_flight"])


def main() -> None:
    args = parse_args()
    info = machine()
    command = shlex.join([".venv/bin/python", "bench/generation.py", *sys.argv[1:]])
    print(f"machine: {info['nproc']} x {info['cpu']}, Python {info['python']}")
    figures: dict[str, Any] = {}

    rates = [asyncio.run(offline_rate(args.variants)) for _ in range(args.rounds)]
    figures["offline_variants_per_second"] = round(statistics.median(rates))
    runs = ", ".join(f"{rate:.0f}" for rate in rates)
    print(f"offline: {args.variants} variants, median {statistics.median(rates):.0f}/s ({runs})")

    latency = args.latency_ms / 1000
    ideal = math.ceil(args.requests / args.concurrency) * latency
    with fake_server(latency) as url:
        totals, bares = [], []
        for _ in range(args.rounds):  # alternate, so both see the same machine
            bares.append(asyncio.run(bare_run(url, args)))
            totals.append(asyncio.run(openai_run(url, args)))
        in_flight = fake_in_flight(url)
    total, bare = statistics.median(totals), statistics.median(bares)
    ratio = total / ideal
    print(
        f"openai: {args.requests} drafts, {args.concurrency} in flight, {args.latency_ms:.0f} ms"
        f" latency; ideal {ideal:.3f} s; most in flight at the fake {in_flight}"
    )
    print(f"  bare httpx  median {bare:.3f} s ({', '.join(f'{t:.3f}' for t in bares)})")
    print(f"  adapter     median {total:.3f} s ({', '.join(f'{t:.3f}' for t in totals)})")
    verdict = "OK" if ratio <= GOAL else "ABOVE GOAL"
    print(f"  ratio total/ideal {ratio:.3f} (goal <= {GOAL}) {verdict}")
    figures.update(
        openai_seconds=[round(t, 4) for t in totals],
        bare_seconds=[round(t, 4) for t in bares],
        openai_ideal_seconds=ideal,
        ratio=round(ratio, 3),
        goal=GOAL,
        max_in_flight=in_flight,
    )
    if args.json:
        figures.update(command=command, machine=info)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    sys.exit(0 if ratio <= GOAL else 1)


if __name__ == "__main__":
    main()
