"""Sampling profile of a live server with py-spy (optional: ``pip install py-spy``).

py-spy's raw output is one collapsed stack per line (``frame;frame;... count``). From it we
rank functions by inclusive ("cumulative") and by self samples. Idle samples (the event loop
waiting in epoll) are dropped by py-spy, so shares are of the time the server was busy.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path


def py_spy() -> str | None:
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


def start_recording(pid: int, seconds: int, output: Path, rate: int = 250) -> subprocess.Popen[str]:
    binary = py_spy()
    if binary is None:
        raise SystemExit("py-spy is not installed (.venv/bin/pip install py-spy)")
    command = [
        binary,
        "record",
        "--pid",
        str(pid),
        "--duration",
        str(seconds),
        "--rate",
        str(rate),
        "--format",
        "raw",
        "--function",  # aggregate by function, not by line
        "--output",
        str(output),
    ]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _short(frame: str) -> str:
    """``name (path/to/site-packages/pkg/mod.py)`` -> ``name (pkg/mod.py)``."""
    name, _, where = frame.partition(" (")
    where = where.rstrip(")")
    for marker in ("site-packages/", "/src/", "/lib/python3"):
        if marker in where:
            where = where.split(marker, 1)[1]
            break
    return f"{name} ({where})" if where else name


NO_FRAME = "(no Python frame: uvloop, httptools or asyncpg native code, or GC)"


def summarize(raw: Path, top: int = 30) -> str:
    """Rank functions by inclusive and self samples of the event-loop thread.

    SQLAlchemy's async layer runs its synchronous core in greenlets; py-spy shows those stacks
    rooted at the greenlet's first frame (``Connection.execute``, ``Engine.connect``), detached
    from the coroutine that awaits them. They are counted under "roots" below, and their
    functions appear in the rankings, but not under the repository method that caused them.
    """
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    roots: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [_short(f) for f in stack.split(";")] if stack.strip() else [NO_FRAME]
        if frames[0].startswith("Thread._bootstrap"):
            continue  # helper threads (a logging queue listener) wait; the loop thread works
        total += count
        if frames[0].startswith("<module>"):
            roots["event loop (coroutine stacks)"] += count
        elif frames[0] == NO_FRAME:
            roots[NO_FRAME] += count
        else:
            roots["greenlets (SQLAlchemy sync core under greenlet_spawn)"] += count
        for frame in set(frames):
            inclusive[frame] += count
        own[frames[-1]] += count
    if total == 0:
        return "no samples"
    lines = [f"{total} busy samples, by root:"]
    lines += [f"  {n / total:6.1%}  {root}" for root, n in roots.most_common()]
    lines += ["", "top by inclusive (cumulative) time:"]
    lines += [f"  {n / total:6.1%}  {frame}" for frame, n in inclusive.most_common(top)]
    lines += ["", "top by self time:"]
    lines += [f"  {n / total:6.1%}  {frame}" for frame, n in own.most_common(top)]
    return "\n".join(lines)
