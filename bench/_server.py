"""One benchmark server process: umt's full app or the bare baseline, under one uvicorn worker.

Both kinds get exactly the same uvicorn settings (see ``UVICORN_OPTIONS``). Started by
``_support.Server``; not meant to be run by hand, though it can be:

    .venv/bin/python bench/_server.py umt --port 8100 --database NAME --pool-size 20
"""

from __future__ import annotations

import argparse
import cProfile
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import uvicorn

JWT_SECRET = "bench-secret-" + "0123456789abcdef" * 3
# The same for umt and bare; "auto" picks uvloop and httptools when installed (they are).
UVICORN_OPTIONS: dict[str, Any] = {
    "host": "127.0.0.1",
    "log_level": "warning",
    "access_log": False,
    "loop": "auto",
    "http": "auto",
    "lifespan": "on",
    "workers": None,
}


def umt_app(database_url: str, pool_size: int, **extra: Any) -> Any:
    from umt.entrypoints.http.app import create_app
    from umt.entrypoints.settings import AgentsMode, Settings

    settings = Settings(
        database_url=database_url,
        database_pool_size=pool_size,
        # Like for like: every GET runs its SQL, as the bare server's does (no cache hits).
        cache_ttl_seconds=0,
        jwt_secret=JWT_SECRET,
        environment="production",
        log_level="WARNING",
        # One token serves the whole run (the default 15 minutes can run out mid-benchmark).
        access_token_minutes=int(timedelta(hours=24).total_seconds() // 60),
        # One user at thousands of requests a second is the point here, not an abuse: the
        # per-user limit would answer 429. (With limits on, each request costs one GCRA step
        # in memory, or one Redis round trip when UMT_REDIS_URL is set.)
        rate_limits=False,
        # The API process as it runs in a deployment on PostgreSQL: `umt serve` beside `umt
        # worker` processes (UMT_RUN_AGENTS=auto runs no agents once UMT_BROKER_URL is set).
        # Without this, PostgreSQL on the in-process broker makes the server host all five
        # agents too, and every POST's event is fanned out to webhook subscriptions in the
        # process under test (bench/worker_throughput.py measures the agents). The outbox
        # relay stays on, as in `umt serve`: it is background work the bare server lacks.
        run_agents=AgentsMode.NEVER,
        **extra,
    )
    return create_app(settings)


def bare_app(dsn: str, organization_id: UUID, user_id: UUID, pool_size: int) -> Any:
    from _bare import create_bare_app

    # The same connection ceiling as each of umt's fixed-size pools (write and read).
    return create_bare_app(dsn, organization_id, user_id, min_size=pool_size, max_size=pool_size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kind", choices=("umt", "bare"))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database", required=True, help="PostgreSQL database name")
    parser.add_argument("--host", default="127.0.0.1:5432")
    parser.add_argument("--pool-size", type=int, default=20)
    parser.add_argument("--organization-id", type=UUID, help="bare only: the tenant to read")
    parser.add_argument("--user-id", type=UUID, help="bare only: the actor its writes audit")
    parser.add_argument("--cprofile", type=Path, help="write a cProfile dump here on exit")
    args = parser.parse_args()

    if args.kind == "umt":
        url = f"postgresql+asyncpg://postgres@{args.host}/{args.database}"
        app = umt_app(url, args.pool_size)
    else:
        if args.organization_id is None or args.user_id is None:
            parser.error("bare needs --organization-id and --user-id")
        dsn = f"postgresql://postgres@{args.host}/{args.database}"
        app = bare_app(dsn, args.organization_id, args.user_id, args.pool_size)

    profiler = cProfile.Profile() if args.cprofile else None
    if profiler is not None:
        profiler.enable()
    try:
        uvicorn.run(app, port=args.port, **UVICORN_OPTIONS)
    finally:
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.cprofile)


if __name__ == "__main__":
    main()
