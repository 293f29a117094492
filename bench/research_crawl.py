"""P8c: a polite crawl. Competitor research crawls 1,000 fixture pages on 20 loopback hosts;
every host asks (robots.txt) for a crawl-delay between requests.

The fixture sites run in a process of their own (``tests/support/research_sites.py``: 20
listening sockets on 127.0.0.2 to 127.0.0.21) and log the monotonic time each request
arrives. umt crawls them through ``platform.research.crawl`` (the research.crawl use case on
the in-memory store, the real fetcher, SSRF guard, extraction, keyphrases and MinHash), one
competitor per host. Each host receives its robots.txt request, its sitemap request and its
pages, so the politeness bound, the least time a crawl honouring every delay can take, is
``(requests - 1) x delay`` for the busiest host.

Checked from the servers' logs: every gap between two requests to one host is at least the
host's delay (``violations``: 0), and the crawl's wall time is within 1.2x of the politeness
bound (``ratio``). The libraries a crawl imports on first use (trafilatura, datasketch and
scipy: seconds once per process) are loaded before the clock starts. Exits 1 when a goal is
missed.

    .venv/bin/python bench/research_crawl.py            # 20 hosts x 50 pages, delay 1 s
    .venv/bin/python bench/research_crawl.py --quick    # 5 hosts x 20 pages, delay 0.5 s

A crawl-delay of a second is what sites commonly ask; with shorter delays the crawl's own CPU
(reading 1,000 pages: trafilatura, keyphrases, MinHash, about 12 ms a page on an idle core)
and, on a loaded machine, the wake-ups of two processes per request weigh against the bound.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.support: the fixture sites

from tests.support.research_sites import article  # noqa: E402

from umt.adapters.webdocs.minhash import DatasketchTextSignatures  # noqa: E402
from umt.adapters.webdocs.reader import LibraryWebDocumentReader  # noqa: E402
from umt.entrypoints.library import Platform  # noqa: E402

GOAL_RATIO = 1.2
PASSWORD = "a long enough passphrase"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="5 hosts x 20 pages, delay 0.5 s")
    parser.add_argument("--hosts", type=int, default=None)
    parser.add_argument("--pages", type=int, default=None, help="pages per host")
    parser.add_argument("--delay", type=float, default=None, help="crawl-delay in seconds")
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args()
    quick = {"hosts": 5, "pages": 20, "delay": 0.5}
    full = {"hosts": 20, "pages": 50, "delay": 1.0}
    for name, value in (quick if args.quick else full).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def warm_up() -> None:
    """Import what a crawl imports on first use, outside the measured time."""
    text = LibraryWebDocumentReader().page(article(0, 0).encode(), "http://x/", max_chars=1000)
    assert text is not None
    signatures = DatasketchTextSignatures()
    one = signatures.signature(text.text)
    signatures.near_duplicates({"a": one, "b": one}, threshold=0.8)


async def crawl(sites: list[str], args: argparse.Namespace) -> tuple[float, float, dict[str, int]]:
    with tempfile.TemporaryDirectory() as data_dir:
        async with Platform.from_settings(
            database_url="memory://",
            data_dir=Path(data_dir),
            broker_url="",
            research_allow_loopback_urls=True,
            research_min_host_interval_seconds=0,
            research_concurrent_hosts=len(sites),
            research_max_pages=len(sites) * args.pages,
        ) as umt:
            owner = await umt.register("bench@acme.example", PASSWORD, "Bench")
            brand = await umt.brands.create(owner, name="Bench Brand")
            for n, site in enumerate(sites):
                await umt.competitors.add(owner, brand.id, name=f"Rival {n}", website=f"{site}/")
            cpu = time.process_time()
            started = time.monotonic()  # the system's monotonic clock, as the sites log it
            report = await umt.research.crawl(owner, brand.id)
            ended = time.monotonic()
            return (
                started,
                ended,
                {**report.counts, "cpu_ms": int(1000 * (time.process_time() - cpu))},
            )


def politeness(
    hits: dict[str, list[list[Any]]], delay: float, started: float, ended: float
) -> dict[str, Any]:
    gaps: list[float] = []
    bound = 0.0
    requests = 0
    first, last = ended, started
    for arrivals in hits.values():
        times = sorted(at for _, at in arrivals)
        requests += len(times)
        gaps += [later - earlier for earlier, later in itertools.pairwise(times)]
        bound = max(bound, (len(times) - 1) * delay)
        if times:
            first, last = min(first, times[0]), max(last, times[-1])
    return {
        "requests": requests,
        "bound_seconds": round(bound, 3),
        "min_gap_seconds": round(min(gaps), 4) if gaps else None,
        "violations": sum(1 for gap in gaps if gap < delay),
        # from the call to the first request, and from the last request to the report
        "head_seconds": round(first - started, 3),
        "tail_seconds": round(ended - last, 3),
    }


def main() -> int:
    args = parse_args()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.research_sites",
            *("--hosts", str(args.hosts), "--pages", str(args.pages), "--delay", str(args.delay)),
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdin is not None
    assert server.stdout is not None
    try:
        sites = json.loads(server.stdout.readline())["sites"]
        warm_up()
        started, ended, counts = asyncio.run(crawl(sites, args))
    finally:
        server.stdin.close()  # the sites print what they received, then stop
    hits = json.loads(server.stdout.readline())["hits"]
    server.wait(timeout=60)
    checked = politeness(hits, args.delay, started, ended)
    seconds = ended - started
    figures: dict[str, Any] = {
        "hosts": args.hosts,
        "pages": args.hosts * args.pages,
        "delay_seconds": args.delay,
        "crawl_seconds": round(seconds, 3),
        **checked,
        "ratio": round(seconds / checked["bound_seconds"], 3),
        "pages_fetched": counts.get("pages_fetched", 0),
        "documents_new": counts.get("documents_new", 0),
        "near_duplicates": counts.get("near_duplicates", 0),
        "cpu_seconds": counts.get("cpu_ms", 0) / 1000,  # of this process during the crawl
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    ok = (
        figures["violations"] == 0
        and figures["ratio"] <= GOAL_RATIO
        and figures["pages_fetched"] == figures["pages"]
    )
    figures["goal_met"] = ok
    print(
        f"P8c: {figures['pages']} pages on {args.hosts} hosts, crawl-delay {args.delay} s: "
        f"{figures['crawl_seconds']} s against a politeness bound of "
        f"{figures['bound_seconds']} s, ratio {figures['ratio']} (goal <= {GOAL_RATIO}); "
        f"{figures['requests']} requests, smallest gap {figures['min_gap_seconds']} s, "
        f"{figures['violations']} under the delay (goal 0); {figures['pages_fetched']} pages "
        f"fetched, {figures['documents_new']} documents; first request after "
        f"{figures['head_seconds']} s, report {figures['tail_seconds']} s after the last; "
        f"CPU {figures['cpu_seconds']} s; peak RSS {figures['peak_rss_mib']} MiB"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
