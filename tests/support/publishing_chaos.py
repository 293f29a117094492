"""The run of the publishing reliability test (R9): real ``umt worker`` processes publishing
due publications while one is SIGKILLed and replaced and the broker restarts, watched through
the publications table and the workers' heartbeats (never a sleep standing for a condition)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.publishing_record import progress
from tests.support.rabbitmq import ensure_broker_app_running, restart_broker_app
from tests.support.worker_fleet import WorkerFleet, heartbeats, worker_fleet

AGENT = "content-ad-management"
LOST_RATE = 0.01  # of the sandbox's writes whose answer is lost after the effect
# deadlines for conditions, generous: a worker process can take half a minute to start on a
# loaded machine; a passing run never waits them out
START_WITHIN, DRAIN_WITHIN, POLL = 180.0, 900.0, 0.25
TIMELINE_STEP = 5  # seconds between two points of the printed timeline


class Progress:
    """Polls the publications' statuses, keeping a timeline of the published count."""

    def __init__(self, database_url: str, fleet: WorkerFleet) -> None:
        self._database_url = database_url
        self._fleet = fleet
        self.started = time.monotonic()
        self.timeline: list[tuple[int, int]] = []  # (seconds since start, published)

    async def until(self, done: Callable[[Counter[str]], bool], within: float) -> Counter[str]:
        """Poll until ``done`` holds (a worker that dies on its own, or the deadline, fails
        the test with the workers' logs)."""
        deadline = time.monotonic() + within
        while True:
            seen = await progress(self._database_url)
            second = int(time.monotonic() - self.started)
            if not self.timeline or second - self.timeline[-1][0] >= TIMELINE_STEP:
                self.timeline.append((second, seen["published"]))
            if done(seen):
                return seen
            log = self._fleet.log_tail()
            assert not self._fleet.died(), f"a worker died on its own\n{log}"
            assert time.monotonic() < deadline, f"stuck at {dict(seen)}\n{log}"
            await asyncio.sleep(POLL)

    def mark(self) -> int:
        return int(time.monotonic() - self.started)


def worker_env(
    database_url: str, broker_url: str, data_dir: Path, *, secret: str, lease_seconds: int
) -> dict[str, str]:
    """What every worker of the run is started with."""
    return {
        "UMT_DATABASE_URL": database_url,
        "UMT_BROKER_URL": broker_url,
        "UMT_REDIS_URL": "",
        "UMT_DATA_DIR": str(data_dir),
        "UMT_JWT_SECRET": secret,
        "UMT_LOG_LEVEL": "WARNING",
        "UMT_HEARTBEAT_SECONDS": "0.5",  # heard soon after they start
        "UMT_SANDBOX_LOST_RESPONSE_RATE": str(LOST_RATE),
        "UMT_SANDBOX_SEED": "0",  # each process loses the answer of its 41st write, then more
        "UMT_PUBLISHING_TICK_SECONDS": "0.5",
        "UMT_PUBLISHING_LEASE_SECONDS": str(lease_seconds),
        "UMT_PUBLISHING_RECONCILE_DELAY_SECONDS": "1",
        "UMT_PUBLISHING_RETRY_BASE_SECONDS": "2",  # a busy sandbox store is retried soon
    }


@dataclass
class Run:
    """What happened during a run, for the figures printed and a failure's story."""

    marks: dict[str, int] = field(default_factory=dict)  # seconds since the workers started
    at_kill: Counter[str] = field(default_factory=Counter)  # statuses when one was killed
    timeline: list[tuple[int, int]] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)  # the surviving workers' CPU seconds
    logs: str = ""


async def publish_under_fire(
    env: dict[str, str], database_url: str, data_dir: Path, total: int
) -> Run:
    """Two workers publish the ``total`` due publications; at a fifth one is SIGKILLed and
    replaced, at half the broker restarts; returns once every one is published and the
    workers are stopped."""
    run = Run()
    broker_url = env["UMT_BROKER_URL"]
    try:
        async with heartbeats(broker_url) as heard:
            with worker_fleet(env, data_dir / "logs", agent=AGENT) as fleet:
                watch = Progress(database_url, fleet)
                fleet.start("first")
                fleet.start("second")
                await watch.until(lambda s: s["published"] >= total // 5, START_WITHIN)
                await heard.wait_for(fleet, "first", START_WITHIN)
                run.marks["kill"] = watch.mark()
                fleet.kill("first")  # mid-run: deliveries and claims in flight are cut off
                fleet.start("replacement")
                run.at_kill = await progress(database_url)
                await watch.until(lambda s: s["published"] >= total // 2, DRAIN_WITHIN)
                # a worker that cannot reach the broker when it starts exits (its supervisor
                # starts it again): the restart comes once the replacement runs
                await heard.wait_for(fleet, "replacement", START_WITHIN)
                run.marks["restart"] = watch.mark()
                await asyncio.to_thread(restart_broker_app, 1.0)
                run.marks["restarted"] = watch.mark()
                await watch.until(lambda s: s["published"] >= total, DRAIN_WITHIN)
                run.marks["published"] = watch.mark()
                run.timeline, run.cpu = watch.timeline, fleet.cpu_seconds()
                run.logs = fleet.log_tail()
    finally:
        await asyncio.to_thread(ensure_broker_app_running)
    return run
