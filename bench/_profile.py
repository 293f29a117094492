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


# Exclusive buckets for a per-request breakdown: a sample goes to the first that matches.
# They name umt's functions as of this writing; what no longer matches lands in "rest".
_BUCKETS: tuple[tuple[str, frozenset[str]], ...] = (
    ("JWT verify", frozenset({"JwtAccessTokens.verify"})),
    (
        "Litestar DI task group (bus, principal), without the JWT",
        frozenset({"TaskHandle._run_coro", "KwargsModel.resolve_dependencies"}),
    ),
    ("unit of work: enter (pool checkout, BEGIN)", frozenset({"SqlUnitOfWork.__aenter__"})),
    ("unit of work: exit (ROLLBACK, checkin)", frozenset({"SqlUnitOfWork.__aexit__"})),
    ("outbox payload (DomainEvent.payload)", frozenset({"DomainEvent.payload"})),
    ("unit of work: commit (outbox INSERT, COMMIT)", frozenset({"SqlUnitOfWork.commit"})),
    ("brand_from_row (mapping, domain validation)", frozenset({"brand_from_row"})),
    ("slug_taken (SELECT EXISTS)", frozenset({"SqlBrandRepository.slug_taken"})),
    ("SqlBrandRepository.add (INSERT)", frozenset({"SqlBrandRepository.add"})),
    ("SqlBrandRepository.get: execute", frozenset({"SqlRepository._execute"})),
    (
        "SqlBrandRepository.get: building statements",
        frozenset({"select", "Select.where", "Select.order_by", "ColumnOperators.__eq__"}),
    ),
    ("SqlBrandRepository.get: the rest (results, tracking)", frozenset({"SqlBrandRepository.get"})),
    (
        "Brand.create and input mapping",
        frozenset({"Brand.create", "voice_guide", "visual_styling"}),
    ),
    (
        "response (brand_out, encoding, send)",
        frozenset({"brand_response", "HTTPRouteHandler.to_response", "ASGIResponse.__call__"}),
    ),
    ("rest of Litestar/uvicorn in the request", frozenset({"RequestResponseCycle.run_asgi"})),
)


def breakdown(raw: Path, cpu_ms_per_request: float | None = None) -> str:
    """Exclusive shares of busy samples by part of the request (and microseconds per request
    when the CPU time per request is known)."""
    shares: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";") if stack.strip() else []
        if frames and frames[0].startswith("Thread._bootstrap"):
            continue
        total += count
        names = {frame.partition(" (")[0] for frame in frames}
        if not frames:
            bucket = NO_FRAME
        elif not frames[0].startswith("<module>"):
            bucket = "SQLAlchemy sync core in greenlets (execution, results, pool)"
        else:
            bucket = next(
                (name for name, marks in _BUCKETS if names & marks),
                "event loop and uvicorn protocol outside the app",
            )
        shares[bucket] += count
    if total == 0:
        return "no samples"
    lines = ["exclusive breakdown of busy samples:"]
    for bucket, count in shares.most_common():
        per_request = (
            f"  {count / total * cpu_ms_per_request * 1000:5.0f} us/request"
            if cpu_ms_per_request
            else ""
        )
        lines.append(f"  {count / total:6.1%}{per_request}  {bucket}")
    return "\n".join(lines)


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
