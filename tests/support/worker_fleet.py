"""Real ``umt worker`` processes for end-to-end tests: started with this interpreter, each
logging to its own file (shown when a test fails), SIGKILLed or replaced on demand, and
stopped with SIGTERM (then SIGKILL if one hangs) when the test ends, whatever happened."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

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
