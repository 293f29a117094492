"""The operator's commands: ``umt dlq``, ``umt outbox status``, ``umt agents``, ``umt jobs``.

Each command is a module (parser and the function that answers, with its ports passed in, so
the unit tests hand it the in-process broker or SQLite); this module opens what a command
needs from the settings, no more: the broker for ``dlq`` and ``agents`` (RabbitMQ: the
in-process broker of another process is out of reach), the database for ``outbox`` and
``jobs``. Output: a human table, or a JSON document with ``--json``. Exit codes: 0 ok,
1 nothing found or failed, 2 usage or configuration.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from umt.entrypoints.operator.agents import add_agents_parser, hearing, show_agents
from umt.entrypoints.operator.dlq import add_dlq_parser, run_dlq
from umt.entrypoints.operator.jobs import add_jobs_parser, run_jobs
from umt.entrypoints.operator.outbox import add_outbox_parser, outbox_status
from umt.entrypoints.operator.output import FAILED, Output
from umt.entrypoints.settings import ConfigurationError, Settings
from umt.ports.errors import StorageUnavailable
from umt.ports.message_broker import MessageBroker

__all__ = ["register", "run_operator_command"]

_ADDERS = (add_dlq_parser, add_outbox_parser, add_agents_parser, add_jobs_parser)
COMMANDS = ("dlq", "outbox", "agents", "jobs")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the operator's commands to the ``umt`` parser, each bound to what runs it."""
    for add in _ADDERS:
        add(sub)
    for name in COMMANDS:
        sub.choices[name].set_defaults(run=lambda args: run_operator_command(args, Settings()))


def run_operator_command(args: argparse.Namespace, settings: Settings) -> int:
    """The exit code of the operator command ``args`` names."""
    out = Output(json_mode=args.json)
    try:
        return asyncio.run(_run(args, settings, out))
    except StorageUnavailable as exc:  # the database or the broker is down, or unmigrated
        out.error(str(exc))
        return FAILED


async def _run(args: argparse.Namespace, settings: Settings, out: Output) -> int:
    from umt.adapters.system.clock import SystemClock

    if args.command == "dlq":
        async with _broker(settings, "umt dlq") as broker:
            return await run_dlq(broker, args, out)
    if args.command == "agents":
        from umt.application.agents.directory import AgentDirectory

        directory = AgentDirectory(
            SystemClock(), stale_after_seconds=settings.broker.agent_stale_seconds
        )
        async with _broker(settings, "umt agents") as broker, hearing(broker, directory):
            await asyncio.sleep(args.wait or settings.broker.heartbeat_seconds + 1)
        return show_agents(directory.agents(), out)
    from umt.adapters.sql.engine import create_engine
    from umt.adapters.sql.shared.job_store import SqlJobStore
    from umt.adapters.sql.shared.outbox_feed import SqlOutboxFeed

    url = settings.resolved_database_url
    if url.startswith("memory://"):
        raise ConfigurationError(
            f"umt {args.command} reads the database: memory:// keeps nothing across processes"
        )
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        if args.command == "jobs":
            return await run_jobs(SqlJobStore(engine), args, out)
        return await outbox_status(SqlOutboxFeed(engine), SystemClock(), out, max_lag=args.max_lag)
    finally:
        await engine.dispose()


@asynccontextmanager
async def _broker(settings: Settings, command: str) -> AsyncIterator[MessageBroker]:
    from umt.adapters.rabbitmq.broker import RabbitMqBroker
    from umt.entrypoints.processes import check_broker

    check_broker(settings, command)

    try:
        broker = await RabbitMqBroker.connect(settings.broker.url)
    except Exception as exc:  # refused, timed out, authentication: all say "unreachable"
        # the type only: a client library's message may quote the URL and its password
        raise StorageUnavailable(
            f"the message broker cannot be reached ({type(exc).__name__})"
        ) from exc
    try:
        yield broker
    finally:
        await broker.close()
