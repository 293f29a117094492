"""Real ``umt worker`` processes for end-to-end tests: started with this interpreter, each
logging to its own file (shown when a test fails), SIGKILLed or replaced on demand, and
stopped with SIGTERM (then SIGKILL if one hangs) when the test ends, whatever happened.

A worker is ready when its heartbeat is heard on the broker (``Heartbeats``): its agents
consume and its loops run from then on."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import IO

from umt.adapters.rabbitmq.broker import RabbitMqBroker
from umt.application.agents.worker import HEARTBEAT_EVENT
from umt.application.messaging.envelope import HeartbeatMessage, parse_message

STOP_WITHIN = 40.0  # seconds a worker gets to stop gracefully before it is killed
LOG_TAIL = 4_000  # characters of each worker's log shown with a failure


class WorkerFleet:
    """Worker processes by name, all with the same environment."""

    def __init__(self, env: Mapping[str, str], logs: Path, *, agent: str, concurrency: int) -> None:
        self._env = dict(env)
        self._logs = logs
        self._agent = agent
        self._concurrency = concurrency
        self._running: dict[str, tuple[subprocess.Popen[bytes], IO[bytes]]] = {}
        self.started: list[str] = []

    def start(self, name: str) -> int:
        """Start worker ``name``; its process id."""
        self._logs.mkdir(parents=True, exist_ok=True)
        log = (self._logs / f"{name}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603  # our own CLI, with this interpreter
            [
                sys.executable,
                "-m",
                "umt.entrypoints.cli",
                "worker",
                "--agent",
                self._agent,
                "--concurrency",
                str(self._concurrency),
            ],
            env=self._env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self._running[name] = (process, log)
        self.started.append(name)
        return process.pid

    def pid(self, name: str) -> int:
        return self._running[name][0].pid

    def alive(self, name: str) -> bool:
        return self._running[name][0].poll() is None

    def died(self) -> list[str]:
        """The workers that exited although nobody stopped them."""
        return [name for name, (p, _) in self._running.items() if p.poll() is not None]

    def kill(self, name: str) -> None:
        """SIGKILL: no graceful stop, whatever it had in flight is cut off."""
        process, log = self._running.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait()
        log.close()

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time (user and system) each running worker used so far, where the system
        tells (Linux's /proc); for the figures a test prints."""
        used = {}
        for name, (process, _) in self._running.items():
            stat = Path(f"/proc/{process.pid}/stat")
            if process.poll() is None and stat.exists():
                fields = stat.read_text().rsplit(")", 1)[1].split()
                ticks = int(fields[11]) + int(fields[12])  # utime, stime
                used[name] = round(ticks / os.sysconf("SC_CLK_TCK"), 1)
        return used

    def stop_all(self) -> dict[str, int]:
        """SIGTERM every worker, wait for each; their exit codes."""
        for process, _ in self._running.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        codes = {}
        for name, (process, log) in self._running.items():
            try:
                codes[name] = process.wait(timeout=STOP_WITHIN)
            except subprocess.TimeoutExpired:
                process.kill()
                codes[name] = process.wait()
            log.close()
        self._running.clear()
        return codes

    def log_tail(self) -> str:
        """The end of every worker's log, for a failure's message."""
        parts = []
        for name in self.started:
            path = self._logs / f"{name}.log"
            text = path.read_text(errors="replace") if path.exists() else ""
            parts.append(f"--- {name} ---\n{text[-LOG_TAIL:]}")
        return "\n".join(parts)


@contextmanager
def worker_fleet(
    env: Mapping[str, str], logs: Path, *, agent: str, concurrency: int = 16
) -> Iterator[WorkerFleet]:
    fleet = WorkerFleet({**os.environ, **env}, logs, agent=agent, concurrency=concurrency)
    try:
        yield fleet
    finally:
        fleet.stop_all()


class Heartbeats:
    """The instances heard on the broker, by process id."""

    def __init__(self) -> None:
        self.pids: set[int] = set()

    async def on_heartbeat(self, body: bytes) -> None:
        message = parse_message(body)
        if isinstance(message, HeartbeatMessage):
            # an instance id is "<host>-<pid>-<suffix>" (application/agents/host.py)
            self.pids.add(int(message.instance_id.rsplit("-", 2)[1]))

    async def wait_for(self, fleet: WorkerFleet, name: str, within: float) -> None:
        """Until worker ``name`` is heard (it dying, or the deadline, fails the test)."""
        deadline = time.monotonic() + within
        while fleet.pid(name) not in self.pids:
            assert fleet.alive(name), f"worker {name} died while starting\n{fleet.log_tail()}"
            assert time.monotonic() < deadline, f"worker {name} never got ready"
            await asyncio.sleep(0.1)


@asynccontextmanager
async def heartbeats(broker_url: str) -> AsyncIterator[Heartbeats]:
    """Listen to the workers' heartbeats (set ``UMT_HEARTBEAT_SECONDS`` low for the
    workers, so they are heard soon after they start)."""
    heard = Heartbeats()
    broker = await RabbitMqBroker.connect(broker_url)
    try:
        subscription = await broker.listen([HEARTBEAT_EVENT], heard.on_heartbeat)
        try:
            yield heard
        finally:
            await subscription.stop()
    finally:
        await broker.close()
