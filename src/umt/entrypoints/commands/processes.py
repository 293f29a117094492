"""The long-running commands: ``umt serve``, ``umt worker``, ``umt relay``, ``umt scheduler``
(docs/operations.md, "The processes": which process runs what)."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING

import umt
from umt.entrypoints.commands import redacted
from umt.entrypoints.settings import AgentsMode, ConfigurationError, Settings

if TYPE_CHECKING:
    from umt.entrypoints.commands import Subparsers
    from umt.entrypoints.processes import ProcessRole

AGENT_NAMES = (
    "auth-integration",
    "brand-project",
    "content-strategy",
    "content-creation",
    "content-ad-management",
)


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    from umt.entrypoints.commands.migrate import upgrade
    from umt.entrypoints.deployment import refuse_development_backends
    from umt.entrypoints.http.app import create_app
    from umt.entrypoints.http.server import server_config

    settings = serve_settings(Settings(), args)
    settings.resolved_jwt_secret()  # fail fast, before binding the port
    refuse_development_backends(settings)
    if not args.no_migrate:
        upgrade(settings, None)
    base = f"http://{settings.http.host}:{settings.http.port}"
    print(f"umt {umt.__version__} serving on {base}")
    print(f"  API:          {base}/api/v1")
    print(f"  OpenAPI docs: {base}/schema  (JSON: {base}/schema/openapi.json)")
    print(f"  database:     {redacted(settings.resolved_database_url)}")
    if args.no_agents:
        print("  agents:       none here (--no-agents): umt worker, relay and scheduler run them")
    config = server_config(create_app(settings), host=settings.http.host, port=settings.http.port)
    uvicorn.Server(config).run()


def serve_settings(settings: Settings, args: argparse.Namespace) -> Settings:
    """The settings ``umt serve`` runs with: the command line's over the environment's.

    ``--no-agents`` is the API alone: no agents, so none of their background loops, and no
    outbox relay (``umt relay`` publishes the outbox). Other processes must then reach the
    agents, so it needs RabbitMQ."""
    update: dict[str, object] = {}
    if args.host:
        update["host"] = args.host
    if args.port:
        update["port"] = args.port
    if args.no_agents:
        if settings.broker.in_process:
            raise ConfigurationError(
                "umt serve --no-agents needs UMT_BROKER_URL (RabbitMQ): with the in-process "
                "broker no other process can run the agents"
            )
        update |= {"run_agents": AgentsMode.NEVER, "run_outbox_relay": False}
    return settings.model_copy(update=update) if update else settings


def _probe_port(args: argparse.Namespace, settings: Settings) -> int:
    port: int | None = args.probe_port
    return settings.observability.resolved_probe_port if port is None else port


def _run(settings: Settings, role: ProcessRole, args: argparse.Namespace) -> None:
    from umt.entrypoints.deployment import refuse_development_backends
    from umt.entrypoints.processes import run_process

    refuse_development_backends(settings)
    asyncio.run(run_process(settings, role, probe_port=_probe_port(args, settings)))


def _worker(args: argparse.Namespace) -> None:
    from umt.application.agents.catalogue import AGENTS
    from umt.entrypoints.processes import worker_role

    settings = Settings()
    names = list(AGENTS) if args.all else args.agent
    _run(settings, worker_role(settings, names, concurrency=args.concurrency), args)


def _relay(args: argparse.Namespace) -> None:
    from umt.entrypoints.processes import RELAY_ROLE

    _run(Settings(), RELAY_ROLE, args)


def _scheduler(args: argparse.Namespace) -> None:
    from umt.entrypoints.processes import SCHEDULER_ROLE

    _run(Settings(), SCHEDULER_ROLE, args)


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("a port from 0 (off) to 65535")
    return value


def _with_probe_port(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--probe-port",
        type=_port,
        default=None,
        help="serve /health/live, /health/ready and /metrics on this port, bound to UMT_HOST"
        " (default: UMT_PROBE_PORT; 0: off)",
    )


def register(sub: Subparsers) -> None:
    serve = sub.add_parser("serve", help="serve the HTTP API")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument(
        "--no-migrate", action="store_true", help="do not apply migrations before serving"
    )
    serve.add_argument(
        "--no-agents",
        action="store_true",
        help="the API alone: no agents, background loops or outbox relay in this process"
        " (they run in umt worker, scheduler and relay; needs UMT_BROKER_URL)",
    )
    serve.set_defaults(run=_serve)

    worker = sub.add_parser("worker", help="run agent workers (needs UMT_BROKER_URL)")
    chosen = worker.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--agent", action="append", choices=AGENT_NAMES, help="repeat for several")
    chosen.add_argument("--all", action="store_true", help="all five agents in this process")
    worker.add_argument("--concurrency", type=int, help="deliveries in flight per agent")
    _with_probe_port(worker)
    worker.set_defaults(run=_worker)

    relay = sub.add_parser(
        "relay", help="publish the outbox to the broker, alone (needs UMT_BROKER_URL)"
    )
    _with_probe_port(relay)
    relay.set_defaults(run=_relay)

    scheduler = sub.add_parser(
        "scheduler",
        help="run every context's background loops (integration scheduler, publication"
        " ticker, webhook sender, analytics...), alone (needs UMT_BROKER_URL)",
    )
    _with_probe_port(scheduler)
    scheduler.set_defaults(run=_scheduler)
