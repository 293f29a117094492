"""``umt agents``: the view of ``GET /api/v1/agents``, built the same way: the application's
``AgentDirectory`` fed by the agents' heartbeats, rendered by the HTTP schema's ``agent_out``
(so ``--json`` prints exactly the API's document). A one-shot process has heard nothing yet,
so it listens for one heartbeat period (and a second more) before answering."""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import msgspec

from umt.application.agents.directory import AgentDirectory, AgentView
from umt.application.agents.worker import HEARTBEAT_EVENT
from umt.entrypoints.http.schemas.jobs import AgentList, agent_out
from umt.entrypoints.operator.output import FAILED, OK, Output, bounded, when
from umt.ports.message_broker import MessageBroker


def add_agents_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    agents = sub.add_parser(
        "agents", help="the agents, their instances and load, from their heartbeats"
    )
    agents.add_argument("--json", action="store_true", help="GET /api/v1/agents's document")
    agents.add_argument(
        "--wait",
        type=bounded(float, 0.1, 300),
        metavar="SECONDS",
        help="how long to listen for heartbeats (default: UMT_HEARTBEAT_SECONDS + 1)",
    )


@asynccontextmanager
async def hearing(broker: MessageBroker, directory: AgentDirectory) -> AsyncIterator[None]:
    """The directory records every heartbeat published while the block runs."""
    subscription = await broker.listen([HEARTBEAT_EVENT], directory.on_heartbeat)
    try:
        yield
    finally:
        await subscription.stop()


def show_agents(views: list[AgentView], out: Output) -> int:
    """``FAILED`` when no instance of any agent was heard (nothing runs, or the wrong broker)."""
    heard = any(view.instances for view in views)
    if out.json_mode:
        document = AgentList(items=[agent_out(view) for view in views])
        out.document(msgspec.to_builtins(document))
    else:
        out.table(
            "agents",
            ("AGENT", "STATUS", "LOAD", "LIVE", "INSTANCES", "LAST HEARTBEAT"),
            [
                (
                    view.name,
                    view.status,
                    view.load,
                    sum(not i.stale for i in view.instances),
                    len(view.instances),
                    when(max((i.last_heartbeat for i in view.instances), default=None)),
                )
                for view in views
            ],
        )
    if not heard:
        out.error("no agent instance was heard: none runs on this broker")
        return FAILED
    return OK
