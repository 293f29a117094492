"""Shared plumbing of the HTTP benchmarks: the machine, a throwaway database, server
processes and the API calls that set up a tenant with a brand. The load generator is _wrk.py.
"""

from __future__ import annotations

import asyncio
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
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


# -- this process's memory ------------------------------------------------------------------


def reset_peak_rss() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS


def peak_rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


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
    user_id: UUID | None = None
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
        if self.user_id is not None:
            command += ["--user-id", str(self.user_id)]
        if self.cprofile is not None:
            command += ["--cprofile", str(self.cprofile)]
        handle, name = tempfile.mkstemp(prefix=f"umt-bench-{self.kind}-", suffix=".log")
        self.log = Path(name)
        with os.fdopen(handle, "wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 90.0) -> None:  # a loaded machine starts slowly
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
        # uvicorn re-raises the SIGTERM it handled gracefully: -SIGTERM is a clean exit too.
        if self.process.returncode in {0, -signal.SIGTERM} and self.log is not None:
            self.log.unlink(missing_ok=True)  # kept only when the server failed
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
        return process_cpu_seconds(self.pid)


def process_cpu_seconds(pid: int) -> float:
    """The CPU time a process of this machine has used (user + system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
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
    user_id: UUID
    brand_id: UUID


def set_up_tenant(base_url: str) -> Tenant:
    email, password = f"bench-{secrets.token_hex(4)}@example.com", "correct horse battery"
    with httpx.Client(base_url=base_url, timeout=30) as client:
        registered = client.post(
            "/api/v1/auth/register",
            json={"email": email, "password": password, "organization_name": "Bench Roasters"},
        )
        assert registered.status_code == 202, registered.text
        issued = client.post("/api/v1/auth/token", json={"email": email, "password": password})
        assert issued.status_code == 200, issued.text
        token = issued.json()["access_token"]
        created = client.post(
            "/api/v1/brands", json=BRAND_BODY, headers={"Authorization": f"Bearer {token}"}
        )
        assert created.status_code == 201, created.text
        # registration answers alike for a new and a taken email: the ids come from /me
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200, me.text
    return Tenant(
        token=token,
        organization_id=UUID(me.json()["organization"]["id"]),
        user_id=UUID(me.json()["user"]["id"]),
        brand_id=UUID(created.json()["id"]),
    )


def request(
    method: str, url: str, token: str, body: dict[str, Any] | None = None
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.request(method, url, json=body, headers=headers, timeout=30)
