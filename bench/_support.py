"""Shared plumbing of the HTTP benchmarks: a throwaway database, server processes, wrk runs.

The load generator is wrk (C, one thread by default), driven by small Lua scripts written
here; it prints one JSON line (``WRKJSON {...}``) that ``run_wrk`` parses.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

import asyncpg
import httpx

BENCH_DIR = Path(__file__).resolve().parent
SERVER_SCRIPT = BENCH_DIR / "_server.py"
PG_HOST = os.environ.get("UMT_BENCH_PG", "127.0.0.1:5432")
MAINTENANCE_DSN = f"postgresql://postgres@{PG_HOST}/postgres"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024

# A brand as a marketing team would fill it in: the read and write paths map all of it.
BRAND_BODY: dict[str, Any] = {
    "name": "Acme Coffee",
    "slug": "acme-coffee",
    "industry": "Food & beverage",
    "description": "Small-batch roasters of single-origin coffee, delivered fresh every week.",
    "website": "https://acme-coffee.example.com",
    "voice": {
        "tone": ["warm", "knowledgeable", "playful"],
        "phrases_to_use": ["freshly roasted", "from farm to cup"],
        "phrases_to_avoid": ["cheap"],
        "banned_words": ["instant"],
        "banned_claims": ["cures fatigue"],
        "required_disclosures": [],
        "reading_grade": 8,
        "emoji_policy": "sparing",
        "hashtag_policy": "branded_only",
        "max_hashtags": 2,
        "channel_notes": {"instagram": "Lead with the photo.", "email": "One offer per mail."},
    },
    "styling": {
        "palette": [
            {"role": "primary", "color": "#3b2314"},
            {"role": "accent", "color": "#e0a96d"},
        ],
        "fonts": [{"role": "heading", "family": "Playfair Display"}],
        "logo_url": "https://acme-coffee.example.com/logo.svg",
    },
}


# -- the machine ----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    wrk = shutil.which("wrk")
    wrk_version = "missing"
    if wrk:
        probe = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
        wrk_version = (probe.stdout or probe.stderr).splitlines()[0].strip()
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "wrk": wrk_version,
    }


# -- the throwaway database -----------------------------------------------------------------


def _pg_reachable() -> bool:
    host, _, port = PG_HOST.partition(":")
    try:
        with socket.create_connection((host, int(port or 5432)), timeout=1):
            return True
    except OSError:
        return False


def ensure_postgres() -> None:
    """Start the local cluster if nothing listens (the dev machine's PostgreSQL)."""
    if _pg_reachable():
        return
    versions = sorted(Path("/etc/postgresql").glob("*")) if Path("/etc/postgresql").exists() else []
    if versions:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1].name, "main", "start"],
            check=False,
        )
        for _ in range(50):
            if _pg_reachable():
                return
            time.sleep(0.2)
    raise SystemExit(f"PostgreSQL is not reachable at {PG_HOST}")


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(MAINTENANCE_DSN)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@contextmanager
def throwaway_database() -> Iterator[str]:
    """A fresh database migrated to head; dropped on the way out."""
    from umt.adapters.sql.migrate import upgrade_to_head

    ensure_postgres()
    name = f"umt_bench_{secrets.token_hex(4)}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        asyncio.run(upgrade_to_head(f"postgresql+asyncpg://postgres@{PG_HOST}/{name}"))
        yield name
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def fetch(database: str, sql: str, *params: Any) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(f"postgresql://postgres@{PG_HOST}/{database}")
    try:
        return list(await connection.fetch(sql, *params))
    finally:
        await connection.close()


# -- server processes -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """A ``_server.py`` process (umt or bare) on its own port; stderr goes to a log file."""

    kind: str
    database: str
    pool_size: int
    organization_id: UUID | None = None
    cprofile: Path | None = None
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> Server:
        command = [
            sys.executable,
            str(SERVER_SCRIPT),
            self.kind,
            "--port",
            str(self.port),
            "--database",
            self.database,
            "--host",
            PG_HOST,
            "--pool-size",
            str(self.pool_size),
        ]
        if self.organization_id is not None:
            command += ["--organization-id", str(self.organization_id)]
        if self.cprofile is not None:
            command += ["--cprofile", str(self.cprofile)]
        handle, name = tempfile.mkstemp(prefix=f"umt-bench-{self.kind}-", suffix=".log")
        self.log = Path(name)
        with os.fdopen(handle, "wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise SystemExit(f"{self.kind} server exited:\n{self.log_text()}")
            try:
                if httpx.get(f"{self.base_url}/health/live", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise SystemExit(f"{self.kind} server did not come up:\n{self.log_text()}")

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log else ""

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()  # uvicorn shuts down gracefully on SIGTERM
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    # -- measurements of the live process --------------------------------------------------

    def memory_kib(self) -> dict[str, int]:
        """VmRSS (now) and VmHWM (peak resident set) from /proc/<pid>/status, in KiB."""
        found: dict[str, int] = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in {"VmRSS", "VmHWM"}:
                found[key] = int(value.split()[0])
        return found

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


@contextmanager
def running(server: Server) -> Iterator[Server]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


# -- the API flow that sets up a tenant and a brand -----------------------------------------


@dataclass(frozen=True)
class Tenant:
    token: str
    organization_id: UUID
    brand_id: UUID


def set_up_tenant(base_url: str) -> Tenant:
    email, password = f"bench-{secrets.token_hex(4)}@example.com", "correct horse battery"
    with httpx.Client(base_url=base_url, timeout=30) as client:
        registered = client.post(
            "/api/v1/auth/register",
            json={"email": email, "password": password, "organization_name": "Bench Roasters"},
        )
        assert registered.status_code == 201, registered.text
        issued = client.post("/api/v1/auth/token", json={"email": email, "password": password})
        assert issued.status_code == 200, issued.text
        token = issued.json()["access_token"]
        created = client.post(
            "/api/v1/brands", json=BRAND_BODY, headers={"Authorization": f"Bearer {token}"}
        )
        assert created.status_code == 201, created.text
    return Tenant(
        token=token,
        organization_id=UUID(registered.json()["organization"]["id"]),
        brand_id=UUID(created.json()["id"]),
    )


def request(
    method: str, url: str, token: str, body: dict[str, Any] | None = None
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.request(method, url, json=body, headers=headers, timeout=30)


# -- wrk ------------------------------------------------------------------------------------

_LUA_DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, '
    .. '"status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
"""

# args: [1] stop after this many responses per thread (0: run for the duration)
_LUA_GET = r"""
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer __TOKEN__"
local seen, limit = 0, 0
init = function(args)
  limit = tonumber(args[1] or "0")
  if limit > 0 then
    response = function(status, headers, body)
      seen = seen + 1
      if seen == limit then
        -- wrk's main thread sleeps for the whole -d duration: run_wrk sends it SIGINT
        -- once every thread has printed this line.
        io.write("WRKLIMIT\n")
        io.flush()
        wrk.thread:stop()
      end
    end
  end
end
"""

# args: [1] a prefix unique to this run; every request carries a new name and slug.
_LUA_POST = r"""
local counter, prefix, tid = 0, "x", 0
local headers = {["Authorization"] = "Bearer __TOKEN__", ["Content-Type"] = "application/json"}
local template = [==[__BODY__]==]
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
init = function(args)
  prefix = args[1] or "x"
end
request = function()
  counter = counter + 1
  local key = prefix .. "-" .. tid .. "-" .. counter
  local body = string.gsub(template, "__KEY__", key)
  return wrk.format("POST", "/api/v1/brands", headers, body)
end
"""


def write_lua(kind: str, token: str) -> Path:
    if kind == "get":
        text = _LUA_GET.replace("__TOKEN__", token) + _LUA_DONE
    else:
        body = dict(BRAND_BODY, name="Bench __KEY__", slug="bench-__KEY__")
        text = (
            _LUA_POST.replace("__TOKEN__", token).replace("__BODY__", json.dumps(body)) + _LUA_DONE
        )
    handle, name = tempfile.mkstemp(prefix=f"umt-bench-{kind}-", suffix=".lua")
    with os.fdopen(handle, "w") as lua:
        lua.write(text)
    return Path(name)


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p99_ms: float
    server_cpu: float  # share of one core the server process used during the run
    wrk_cpu: float  # share of one core wrk used

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_wrk(
    server: Server,
    url_path: str,
    script: Path,
    *,
    seconds: float,
    connections: int,
    threads: int = 1,
    script_args: tuple[str, ...] = (),
) -> WrkResult:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        server.base_url + url_path,
    ]
    if script_args:
        command += ["--", *script_args]
    server_before, wrk_before = server.cpu_seconds(), _children_cpu()
    started = time.monotonic()
    output: list[str] = []
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        assert process.stdout is not None
        limits_reached = 0
        for text in process.stdout:
            output.append(text)
            if text.startswith("WRKLIMIT"):
                limits_reached += 1
                if limits_reached == threads:
                    process.send_signal(signal.SIGINT)  # wrk then reports and exits
    wall = time.monotonic() - started
    server_after, wrk_after = server.cpu_seconds(), _children_cpu()
    line = next((x for x in output if x.startswith("WRKJSON ")), None)
    if process.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed ({process.returncode}):\n{''.join(output)}")
    data = json.loads(line.removeprefix("WRKJSON "))
    errors = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    return WrkResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        errors=errors,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        server_cpu=(server_after - server_before) / wall,
        wrk_cpu=(wrk_after - wrk_before) / wall,
    )


# -- comparison -----------------------------------------------------------------------------


@dataclass
class Comparison:
    """Timed windows of the baseline(s) and umt, alternating; the median of each series.

    ``series`` maps a label to its windows: "bare" (the baseline the goal is against), "umt",
    and optionally further baselines that are reported but not judged.
    """

    name: str
    goal: float
    series: dict[str, list[WrkResult]] = field(default_factory=dict)

    @staticmethod
    def median(results: list[WrkResult], value: Callable[[WrkResult], float]) -> float:
        return statistics.median(value(r) for r in results)

    def rps(self, label: str) -> float:
        return self.median(self.series[label], lambda r: r.rps)

    @property
    def ratio(self) -> float:
        return self.rps("umt") / self.rps("bare")

    def report(self) -> str:
        width = max(len(label) for label in self.series)

        def line(label: str, results: list[WrkResult]) -> str:
            windows = ", ".join(f"{r.rps:.0f}" for r in results)
            cpu_ms = self.median(results, lambda r: 1000 * r.server_cpu / r.rps)
            return (
                f"  {label:{width}}  median {self.rps(label):7.0f} req/s  (windows: {windows})"
                f"  p50 {self.median(results, lambda r: r.p50_ms):.1f} ms"
                f"  p99 {self.median(results, lambda r: r.p99_ms):.1f} ms"
                f"  server cpu {self.median(results, lambda r: r.server_cpu):.0%}"
                f" ({cpu_ms:.3f} ms/request)"
                f"  wrk cpu {self.median(results, lambda r: r.wrk_cpu):.0%}"
            )

        verdict = "OK" if self.ratio >= self.goal else "BELOW GOAL"
        lines = [f"{self.name}:"]
        lines += [line(label, results) for label, results in self.series.items()]
        lines.append(f"  ratio umt/bare {self.ratio:.3f} (goal >= {self.goal}) {verdict}")
        lines += [
            f"  ratio umt/{label} {self.rps('umt') / self.rps(label):.3f} (for information)"
            for label in self.series
            if label not in {"bare", "umt"}
        ]
        return "\n".join(lines)

    def figures(self) -> dict[str, Any]:
        return {
            "rps": {label: round(self.rps(label), 1) for label in self.series},
            "ratio": round(self.ratio, 3),
            "goal": self.goal,
            "windows": {
                label: [
                    {
                        "rps": round(w.rps, 1),
                        "p50_ms": round(w.p50_ms, 2),
                        "p99_ms": round(w.p99_ms, 2),
                        "server_cpu": round(w.server_cpu, 2),
                        "wrk_cpu": round(w.wrk_cpu, 2),
                    }
                    for w in windows
                ]
                for label, windows in self.series.items()
            },
        }


def check_no_errors(label: str, result: WrkResult) -> None:
    if result.errors:
        raise SystemExit(f"{label}: {result.errors} failed requests out of {result.requests}")
