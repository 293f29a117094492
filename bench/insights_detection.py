"""Insight detection of one brand against a dashboard read of the same brand, on the embedded
SQLite storage through the library (the composition a deployment runs).

umt   ``platform.insights.detect``: the brand read, one query of its daily sums over the
      lookback (8 weeks, every count metric), its alert rules, the anomaly, trend and
      threshold judgements of every series, and an insert attempt per insight found (all
      found before: the steady state of the loop, which judges a brand every 15 minutes).
bare  ``platform.analytics.dashboard`` of the same brand over the same 56 days (two queries'
      worth of days: the period and the one before), the read every user makes.

The data: --posts posts on three channels, three metrics each (impressions, clicks, likes),
read at noon every day for 57 days, with the latest complete day doubled (so anomalies are
found, stored once, and found again on every later run). Runs alternate umt/bare; the medians
and their ratio are printed. Goal: detection <= 3x a dashboard read (it reads as much and
judges ~2 series per metric and channel).

    .venv/bin/python bench/insights_detection.py             # 300 posts
    .venv/bin/python bench/insights_detection.py --quick     # 60 posts
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from _support import machine

from umt.adapters.sql.migrate import upgrade_to_head
from umt.entrypoints.library import Platform as Umt

CHANNELS = ("linkedin", "facebook", "x")
METRICS = {"impressions": 200, "clicks": 6, "likes": 12}  # per post and day
DAYS = 57
GOAL = 3.0


def rows(posts: int, yesterday: date) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for n in range(posts):
        subject = str(uuid.uuid4())
        channel = CHANNELS[n % len(CHANNELS)]
        for metric, daily in METRICS.items():
            total = 0
            for back in range(DAYS - 1, -1, -1):
                day = yesterday - timedelta(days=back)
                total += daily * (2 if back == 0 else 1) + (n + back) % 3
                found.append(
                    {
                        "subject_kind": "publication",
                        "subject_id": subject,
                        "channel": channel,
                        "metric": metric,
                        "value": total,
                        "observed_at": datetime.combine(day, clock_time(12), tzinfo=UTC),
                    }
                )
    return found


async def run(posts: int, rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as directory:
        data = Path(directory)
        url = f"sqlite+aiosqlite:///{data / 'bench.db'}"
        await upgrade_to_head(url)
        async with Umt.from_settings(database_url=url, data_dir=data, broker_url="") as umt:
            owner = await umt.register("ada@acme.example", "a long enough passphrase", "Acme")
            brand = await umt.brands.create(owner, name="Acme")
            yesterday = datetime.now(UTC).date() - timedelta(days=1)
            samples = rows(posts, yesterday)
            for start in range(0, len(samples), 10_000):
                await umt.analytics.ingest(owner, brand.id, samples[start : start + 10_000])
            first = time.perf_counter()
            raised = await umt.insights.detect(owner, brand.id)
            first_seconds = time.perf_counter() - first
            umt_times: list[float] = []
            bare_times: list[float] = []
            for _ in range(rounds):
                started = time.perf_counter()
                again = await umt.insights.detect(owner, brand.id)
                umt_times.append(time.perf_counter() - started)
                assert again == []  # each insight is raised once
                started = time.perf_counter()
                await umt.analytics.dashboard(
                    owner, brand.id, since=yesterday - timedelta(days=55), until=yesterday,
                    metrics=list(METRICS),
                )  # fmt: skip
                bare_times.append(time.perf_counter() - started)
    umt_median, bare_median = statistics.median(umt_times), statistics.median(bare_times)
    return {
        "posts": posts,
        "samples": len(samples),
        "insights_raised_first": len(raised),
        "first_detection_ms": round(first_seconds * 1000, 1),
        "umt_median_ms": round(umt_median * 1000, 2),
        "bare_median_ms": round(bare_median * 1000, 2),
        "ratio": round(umt_median / bare_median, 2),
        "goal": GOAL,
        "machine": machine(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="60 posts, 10 rounds")
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    posts, rounds = (60, 10) if args.quick else (args.posts, args.rounds)
    result = asyncio.run(run(posts, rounds))
    print(json.dumps(result, indent=2))  # the benchmark's report
    if args.json:
        args.json.write_text(json.dumps(result))
    sys.exit(0 if result["ratio"] <= GOAL else 1)


if __name__ == "__main__":
    main()
