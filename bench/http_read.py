"""HTTP throughput of umt against a bare Litestar + asyncpg baseline, and umt's memory.

Three measurements, each against PostgreSQL in a throwaway database:

read    GET /api/v1/brands/{id} through the full stack (bearer auth, authorization, unit of
        work, repository, data mapper, msgspec serialization) against a bare handler running
        SELECT ... FROM brands WHERE id=$1 AND organization_id=$2 on an asyncpg pool and
        returning the same JSON. Goal: umt/bare >= 0.75. For information a third target,
        "bare-same-statements", runs umt's statements bare (BEGIN, the brand, its audiences,
        its competitors, ROLLBACK): it tells the SQL's cost from the Python stack's.
write   POST /api/v1/brands (brand row + outbox row in one transaction) against a bare handler
        doing the two INSERTs in one transaction and returning the same JSON. Goal >= 0.6.
memory  a fresh umt server serves N reads (default 100,000); its RSS after N/10 and after N
        must not differ by more than 10%. Its peak RSS (VmHWM) is reported too. Its RSS at
        start, before any request, is compared with a fresh bare server's in the same run:
        what umt adds on top of Litestar, uvicorn and asyncpg must stay under 72 MiB.

Both servers run under one uvicorn worker with the same settings; the load generator is wrk
with a fixed number of keep-alive connections. Timed windows alternate bare/umt and the median
of each is taken, since a 2-core machine is noisy.

    .venv/bin/python bench/http_read.py            # the full run (about 6 minutes)
    .venv/bin/python bench/http_read.py --quick    # a smoke run (about 1 minute)
    .venv/bin/python bench/http_read.py --only read --profile   # + py-spy profile of umt GET

Needs wrk (apt-get install -y wrk), PostgreSQL on 127.0.0.1:5432 (UMT_BENCH_PG=host:port) and
for --profile py-spy (.venv/bin/pip install py-spy). Exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import shlex
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

from _profile import breakdown, start_recording, summarize
from _support import (
    BRAND_BODY,
    Server,
    Tenant,
    fetch,
    machine,
    request,
    running,
    set_up_tenant,
    throwaway_database,
)
from _wrk import Comparison, WrkResult, check_no_errors, run_wrk, write_lua

READ_GOAL = 0.75
WRITE_GOAL = 0.6
MEMORY_GROWTH_LIMIT = 0.10
# What a fresh umt server may add to a fresh bare one's RSS (docs/benchmarks.md says why).
FRESH_EXTRA_LIMIT_MIB = 72.0
VOLATILE = ("id", "name", "slug", "created_at", "updated_at")
# the audit entry's columns that must be equal (ids, times and the name differ by design)
AUDITED = (
    "audit_org",
    "actor_type",
    "actor_id",
    "action",
    "resource_type",
    "before",
    "ip",
    "user_agent",
    "trace_id",
    "request_id_length",
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="short windows: a smoke run")
    parser.add_argument(
        "--only",
        action="append",
        choices=("read", "write", "memory"),
        help="run only these parts (repeatable); default: all three",
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="length of a timed window")
    parser.add_argument("--warmup", type=float, default=3.0, help="warm-up per server")
    parser.add_argument("--rounds", type=int, default=2, help="bare/umt window pairs")
    parser.add_argument("--connections", type=int, default=32, help="wrk keep-alive connections")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--pool-size", type=int, default=20, help="UMT_DATABASE_POOL_SIZE")
    parser.add_argument(
        "--requests", type=int, default=100_000, help="reads of the memory run (RSS at N/10, N)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="after the read comparison, py-spy the umt GET"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args()
    if args.quick:  # shorter defaults; options given explicitly still win
        quick = {"seconds": 2.0, "warmup": 1.0, "rounds": 1, "requests": 10_000}
        for name, value in quick.items():
            if f"--{name}" not in sys.argv:
                setattr(args, name, value)
    args.parts = set(args.only or ("read", "write", "memory"))
    return args


# -- honesty checks: both servers answer the same thing -------------------------------------


def verify_read(umt: Server, bare: Server, tenant: Tenant) -> None:
    path = f"/api/v1/brands/{tenant.brand_id}"
    ours = request("GET", umt.base_url + path, tenant.token)
    theirs = request("GET", bare.base_url + path, tenant.token)
    assert ours.status_code == theirs.status_code == 200, (ours.text, theirs.text)
    assert ours.json() == theirs.json(), f"bodies differ:\numt  {ours.text}\nbare {theirs.text}"
    # the same response headers (names; values too but for the request id, new per request)
    names = {name.lower() for name in ours.headers} ^ {name.lower() for name in theirs.headers}
    assert not names - {"date", "server"}, f"headers differ: {sorted(names)}"
    for name in ours.headers:
        if name.lower() not in {"date", "server", "x-request-id"}:
            assert ours.headers[name] == theirs.headers[name], (name, ours.headers, theirs.headers)


def verify_write(umt: Server, bare: Server, tenant: Tenant, database: str) -> None:
    bodies: dict[str, dict[str, Any]] = {}
    for server in (umt, bare):
        key = f"verify-{server.kind}"
        body = dict(BRAND_BODY, name=f"Bench {key}", slug=f"bench-{key}")
        response = request("POST", server.base_url + "/api/v1/brands", tenant.token, body)
        assert response.status_code == 201, response.text
        got = response.json()
        assert (got["name"], got["slug"]) == (body["name"], body["slug"]), got
        bodies[server.kind] = got
    stable = [{k: v for k, v in b.items() if k not in VOLATILE} for b in bodies.values()]
    assert stable[0] == stable[1], f"POST bodies differ:\n{bodies}"

    ids = [UUID(b["id"]) for b in bodies.values()]
    rows = asyncio.run(
        fetch(
            database,
            "SELECT b.id, b.voice::text AS voice, b.styling::text AS styling,"
            " o.event_type, o.aggregate_type, o.organization_id, o.payload::text AS payload,"
            " a.organization_id AS audit_org, a.actor_type, a.actor_id, a.action,"
            " a.resource_type, a.resource_id, a.before::text AS before,"
            " a.after::text AS after, a.ip, a.user_agent, a.trace_id,"
            " length(a.request_id) AS request_id_length"
            " FROM brands b JOIN outbox o ON o.aggregate_id = b.id"
            " JOIN audit_log a ON a.resource_id = b.id::text WHERE b.id = ANY($1)",
            ids,
        )
    )
    assert len(rows) == 2, f"expected one brand, outbox row and audit entry per POST: {rows}"
    shapes = []
    for row in rows:
        payload = json.loads(row["payload"])
        assert payload.pop("aggregate_id") == str(row["id"]) == row["resource_id"]
        assert json.loads(row["after"]) == payload["data"], row
        payload["data"].pop("name")
        payload["data"].pop("slug")
        audit = {k: row[k] for k in AUDITED}
        shapes.append(
            (row["voice"], row["styling"], row["event_type"], row["aggregate_type"], payload, audit)
        )
    assert shapes[0] == shapes[1], f"stored rows differ:\n{shapes}"


# -- the measurements -----------------------------------------------------------------------

Measure = Callable[[float], WrkResult]


def compare(
    name: str, goal: float, measures: dict[str, Measure], args: argparse.Namespace
) -> Comparison:
    """Warm every target up, then ``rounds`` times one window of each, in turn."""
    result = Comparison(name, goal)
    for label, measure in measures.items():
        check_no_errors(f"{name} warm-up {label}", measure(args.warmup))
        result.series[label] = []
    for _ in range(args.rounds):
        for label, measure in measures.items():
            window = measure(args.seconds)
            check_no_errors(f"{name} {label}", window)
            result.series[label].append(window)
    return result


def memory_run(
    database: str, tenant: Tenant, lua: Path, args: argparse.Namespace
) -> dict[str, Any]:
    total = args.requests
    checkpoint = total // 10
    path = f"/api/v1/brands/{tenant.brand_id}"
    bare_server = Server(
        "bare",
        database,
        args.pool_size,
        organization_id=tenant.organization_id,
        user_id=tenant.user_id,
    )
    with running(bare_server) as bare:
        bare_start_kib = bare.memory_kib()["VmRSS"]
    with running(Server("umt", database, args.pool_size)) as umt:
        figures: dict[str, Any] = {
            "requests": total,
            "start_kib": umt.memory_kib()["VmRSS"],
            "bare_start_kib": bare_start_kib,
        }
        served = 0
        for target in (checkpoint, total):
            per_thread = (target - served) // args.threads
            # wrk stops each thread after per_thread responses; the duration is only a cap.
            result = run_wrk(
                umt,
                path,
                lua,
                seconds=3600,
                connections=args.connections,
                threads=args.threads,
                script_args=(str(per_thread),),
            )
            check_no_errors(f"memory run to {target}", result)
            served += result.requests
            figures[f"rss_at_{target}_kib"] = umt.memory_kib()["VmRSS"]
            figures[f"served_at_{target}"] = served
        figures["peak_kib"] = umt.memory_kib()["VmHWM"]
    first, last = figures[f"rss_at_{checkpoint}_kib"], figures[f"rss_at_{total}_kib"]
    figures["checkpoint"] = checkpoint
    figures["growth"] = (last - first) / first
    return figures


def profile(
    umt: Server, measure: Measure, seconds: float, name: str, cpu_ms_per_request: float
) -> str:
    """py-spy the umt server while ``measure`` loads it."""
    raw = Path(tempfile.gettempdir()) / f"umt-bench-{name}-{umt.pid}.pyspy.txt"
    recorder = start_recording(umt.pid, round(seconds), raw)
    measure(seconds + 2)
    output, _ = recorder.communicate()
    if recorder.returncode != 0 or not raw.exists():
        return f"py-spy failed:\n{output}"
    return f"raw stacks: {raw}\n{breakdown(raw, cpu_ms_per_request)}\n\n{summarize(raw)}"


def comparisons(
    umt: Server, bare: Server, tenant: Tenant, scripts: dict[str, Path], args: argparse.Namespace
) -> dict[str, tuple[str, float, dict[str, Measure]]]:
    """Per part: its title, its goal, and how to load each target for a window."""

    def load(server: Server, path: str, script: Path, *, unique: bool = False) -> Measure:
        def measure(seconds: float) -> WrkResult:
            # POSTs need names unused so far: a fresh prefix per window.
            extra = (f"{server.kind}{secrets.token_hex(3)}",) if unique else ()
            return run_wrk(
                server,
                path,
                script,
                seconds=seconds,
                connections=args.connections,
                threads=args.threads,
                script_args=extra,
            )

        return measure

    brand = f"/api/v1/brands/{tenant.brand_id}"
    same_statements = f"/bare/brands/{tenant.brand_id}/same-statements"
    return {
        "read": (
            "read (GET one brand)",
            READ_GOAL,
            {
                "bare": load(bare, brand, scripts["get"]),
                "umt": load(umt, brand, scripts["get"]),
                "bare-same-statements": load(bare, same_statements, scripts["get"]),
            },
        ),
        "write": (
            "write (POST a brand)",
            WRITE_GOAL,
            {
                "bare": load(bare, "/api/v1/brands", scripts["post"], unique=True),
                "umt": load(umt, "/api/v1/brands", scripts["post"], unique=True),
            },
        ),
    }


def run_comparisons(
    database: str, args: argparse.Namespace, figures: dict[str, Any], failures: list[str]
) -> tuple[Tenant, dict[str, Path]]:
    """Start umt and bare, check they agree, then time the read and write parts."""
    with running(Server("umt", database, args.pool_size)) as umt:
        tenant = set_up_tenant(umt.base_url)
        scripts = {kind: write_lua(kind, tenant.token) for kind in ("get", "post")}
        bare_server = Server(
            "bare",
            database,
            args.pool_size,
            organization_id=tenant.organization_id,
            user_id=tenant.user_id,
        )
        with running(bare_server) as bare:
            verify_read(umt, bare, tenant)
            verify_write(umt, bare, tenant, database)
            print("verified: umt and bare return equal JSON and store equal rows")
            for part, (name, goal, measures) in comparisons(
                umt, bare, tenant, scripts, args
            ).items():
                if part not in args.parts:
                    continue
                result = compare(name, goal, measures, args)
                print(result.report())
                figures[part] = result.figures()
                if result.ratio < goal:
                    failures.append(f"{part} ratio {result.ratio:.3f} < {goal}")
                if args.profile:
                    print(f"profile of umt, {name}, by py-spy:")
                    cpu_ms = result.median(
                        result.series["umt"], lambda r: 1000 * r.server_cpu / r.rps
                    )
                    print(profile(umt, measures["umt"], max(5.0, args.seconds), part, cpu_ms))
        memory = umt.memory_kib()
        figures["umt_peak_rss_kib"] = memory["VmHWM"]
        print(
            f"umt server after the comparisons: RSS {memory['VmRSS'] / 1024:.1f} MiB,"
            f" peak RSS {memory['VmHWM'] / 1024:.1f} MiB (registration hashes with Argon2)"
        )
    return tenant, scripts


def run_memory(
    database: str,
    tenant: Tenant,
    script: Path,
    args: argparse.Namespace,
    figures: dict[str, Any],
    failures: list[str],
) -> None:
    mem = memory_run(database, tenant, script, args)
    figures["memory"] = mem
    checkpoint, total = mem["checkpoint"], mem["requests"]
    print(
        f"memory ({total} reads on a fresh umt server):"
        f" RSS at start {mem['start_kib'] / 1024:.1f} MiB,"
        f" at {mem[f'served_at_{checkpoint}']} requests"
        f" {mem[f'rss_at_{checkpoint}_kib'] / 1024:.1f} MiB,"
        f" at {mem[f'served_at_{total}']} requests"
        f" {mem[f'rss_at_{total}_kib'] / 1024:.1f} MiB,"
        f" growth {mem['growth']:+.1%} (limit +{MEMORY_GROWTH_LIMIT:.0%}),"
        f" peak RSS {mem['peak_kib'] / 1024:.1f} MiB"
    )
    if mem["growth"] > MEMORY_GROWTH_LIMIT:
        failures.append(f"memory grew {mem['growth']:.1%}")
    extra_mib = (mem["start_kib"] - mem["bare_start_kib"]) / 1024
    print(
        f"fresh servers: umt {mem['start_kib'] / 1024:.1f} MiB, bare"
        f" {mem['bare_start_kib'] / 1024:.1f} MiB: umt adds {extra_mib:.1f} MiB"
        f" (limit {FRESH_EXTRA_LIMIT_MIB:.0f})"
    )
    if extra_mib > FRESH_EXTRA_LIMIT_MIB:
        failures.append(f"a fresh server adds {extra_mib:.1f} MiB to bare's")


def main() -> None:
    args = parse_args()
    info = machine()
    command = shlex.join([".venv/bin/python", "bench/http_read.py", *sys.argv[1:]])
    print(f"machine: {info['nproc']} x {info['cpu']}, Python {info['python']}, {info['wrk']}")
    print(
        f"settings: {args.connections} connections, {args.threads} wrk thread(s), "
        f"{args.seconds:g} s windows x {args.rounds} rounds, warm-up {args.warmup:g} s, "
        f"pool {args.pool_size}"
    )
    settings = {k: v for k, v in vars(args).items() if k not in {"json", "parts"}}
    figures: dict[str, Any] = {"command": command, "machine": info, "settings": settings}
    failures: list[str] = []
    scripts: dict[str, Path] = {}
    try:
        with throwaway_database() as database:
            print(f"database: {database}")
            tenant, scripts = run_comparisons(database, args, figures, failures)
            if "memory" in args.parts:
                run_memory(database, tenant, scripts["get"], args, figures, failures)
    finally:
        for script in scripts.values():
            script.unlink(missing_ok=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n")
    print("result:", "all goals met" if not failures else "; ".join(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
