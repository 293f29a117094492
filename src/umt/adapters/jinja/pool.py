"""A pool of template worker processes (worker.py), reused from call to call.

Why processes: a template is user input, and compiling or rendering one is CPU work in the
caller's thread. In the server's event loop, one expensive template stalls every request of
every tenant until it ends; a thread would not help (the GIL, and a thread cannot be stopped).
A separate process runs in parallel and can be stopped whatever it is doing.

Each call runs in one of this pool's threads (so the event loop only awaits a future), and
each thread owns one worker process, started on first use: at most ``size`` templates run at
once, and later calls wait their turn. A call gets its reply, or:

- the worker used its CPU-time allowance (``cpu_seconds``, enforced by the kernel inside the
  worker) or ran out of memory and died, or the wall-clock backstop (``wall_seconds``, for a
  machine too loaded for CPU time to add up) ran out and the pool killed it: ``WorkerLost``,
  and the thread starts a fresh worker for its next call;
- it waited longer than ``wall_seconds`` for a free worker: ``WorkerBusy``.

``close()`` ends every worker; a pool that is garbage-collected, or left open at interpreter
exit, kills its workers too, so no process outlives the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

_SRC = Path(__file__).resolve().parents[3]  # the directory holding the umt package
_STOP_SECONDS = 2.0  # how long close() lets a worker finish its request before killing it


class WorkerLost(Exception):
    """The worker died or was killed while handling the request; the message says why."""


class WorkerBusy(Exception):
    """Every worker stayed busy for longer than the pool lets a call wait."""


class WorkerPool:
    """``size`` reusable worker processes; ``ask`` sends one request and awaits its reply."""

    def __init__(
        self,
        *,
        size: int = 2,
        cpu_seconds: int = 2,
        memory_mb: int = 512,
        max_output: int = 100_000,
        wall_seconds: float | None = None,
    ) -> None:
        self.cpu_seconds = cpu_seconds
        # generous: on a loaded machine CPU time accrues slower than wall time
        self.wall_seconds = wall_seconds if wall_seconds is not None else 5.0 * cpu_seconds + 5
        self._command = [
            sys.executable,
            "-m",
            "umt.adapters.jinja.worker",
            f"--cpu-seconds={cpu_seconds}",
            f"--memory-mb={memory_mb}",
            f"--max-output={max_output}",
        ]
        self._threads = ThreadPoolExecutor(max_workers=size, thread_name_prefix="template")
        self._local = threading.local()
        self._lock = threading.Lock()
        self._processes: set[subprocess.Popen[bytes]] = set()
        self._closed = False
        # kills the workers if the pool is dropped or the interpreter exits without close()
        self._finalizer = weakref.finalize(self, _kill_all, self._processes, self._lock)

    async def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        """The worker's reply to ``request``; raises ``WorkerLost`` or ``WorkerBusy``."""
        if self._closed:
            raise WorkerBusy("the template workers are shut down")
        loop = asyncio.get_running_loop()
        payload = json.dumps(request).encode() + b"\n"
        return await loop.run_in_executor(self._threads, self._exchange, payload, time.monotonic())

    @property
    def pids(self) -> frozenset[int]:
        """The running workers' process ids (for tests and diagnostics)."""
        with self._lock:
            return frozenset(p.pid for p in self._processes if p.poll() is None)

    def close(self) -> None:
        """End every worker (letting a request in flight finish for a moment) and the threads.
        Blocks for up to a few seconds: call it off the event loop."""
        self._closed = True
        with self._lock:
            processes = list(self._processes)
        for process in processes:
            _close_input(process)
        deadline = time.monotonic() + _STOP_SECONDS
        for process in processes:
            try:
                process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()  # its thread reads end of file and lets go
        self._threads.shutdown(wait=True, cancel_futures=True)
        self._finalizer()  # reaps them, and closes the pipes no thread reads any more

    def _exchange(self, payload: bytes, queued_at: float) -> dict[str, Any]:
        if self._closed:
            raise WorkerBusy("the template workers are shut down")
        if time.monotonic() - queued_at > self.wall_seconds:
            raise WorkerBusy(f"no template worker was free for {self.wall_seconds:.0f} s")
        process = self._process()
        try:
            reply: dict[str, Any] = json.loads(self._send_and_receive(process, payload))
        except WorkerLost:
            self._discard(process)
            raise
        if reply.get("retire"):
            self._discard(process)
        return reply

    def _send_and_receive(self, process: subprocess.Popen[bytes], payload: bytes) -> bytes:
        assert process.stdin is not None  # noqa: S101 (opened as PIPEs)
        assert process.stdout is not None  # noqa: S101
        deadline = time.monotonic() + self.wall_seconds
        try:
            process.stdin.write(payload)
            process.stdin.flush()
        except (OSError, ValueError):  # a dead worker's pipe, or one close() closed
            raise WorkerLost(self._cause(process)) from None
        out = process.stdout.fileno()
        reply = bytearray()
        while not reply.endswith(b"\n"):  # one reply is one line
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                process.kill()
                raise WorkerLost(f"the template ran for more than {self.wall_seconds:.0f} s")
            ready, _, _ = select.select([out], [], [], remaining)
            if ready:
                chunk = os.read(out, 1 << 16)
                if not chunk:
                    raise WorkerLost(self._cause(process))
                reply += chunk
        return bytes(reply)

    def _cause(self, process: subprocess.Popen[bytes]) -> str:
        try:
            code = process.wait(_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
        if code == -signal.SIGXCPU:
            return f"the template needed more than {self.cpu_seconds} s of CPU time"
        if code == -signal.SIGKILL:
            return "the template needed more memory or time than rendering may take"
        return "the template worker stopped while rendering this template"

    def _process(self) -> subprocess.Popen[bytes]:
        process: subprocess.Popen[bytes] | None = getattr(self._local, "process", None)
        if process is not None and process.poll() is None:
            return process
        if process is not None:
            self._discard(process)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(_paths())}
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and module, no shell)
            self._command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            start_new_session=True,  # a Ctrl-C to the server's terminal is the server's
        )
        with self._lock:
            self._processes.add(process)
        self._local.process = process
        return process

    def _discard(self, process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            process.kill()
        process.wait()
        _close_input(process)
        _close_output(process)
        with self._lock:
            self._processes.discard(process)
        if getattr(self._local, "process", None) is process:
            self._local.process = None


def _paths() -> list[str]:
    """PYTHONPATH for a worker: this source tree first, so it runs from a checkout too."""
    inherited = os.environ.get("PYTHONPATH", "")
    return [str(_SRC), *(p for p in inherited.split(os.pathsep) if p)]


def _close_input(process: subprocess.Popen[bytes]) -> None:
    if process.stdin is not None:
        # the worker stops at end of input; OSError: it died with data still in the pipe
        with contextlib.suppress(OSError):
            process.stdin.close()


def _close_output(process: subprocess.Popen[bytes]) -> None:
    if process.stdout is not None:
        process.stdout.close()


def _kill_all(processes: set[subprocess.Popen[bytes]], lock: threading.Lock) -> None:
    with lock:
        leftover = list(processes)
        processes.clear()
    for process in leftover:
        if process.poll() is None:
            process.kill()
        process.wait()
        _close_input(process)
        _close_output(process)
