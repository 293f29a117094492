"""An agent whose handlers misbehave on purpose, for the runtime's failure tests."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from umt.application.agents.definition import AgentDefinition, TaskRoute
from umt.application.bus import Handler
from umt.application.services import Context
from umt.ports.errors import CorruptData, StorageUnavailable


@dataclass(frozen=True, slots=True, kw_only=True)
class Flaky:
    failures: int
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Boom:
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class Corrupt:
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class Sleep:
    seconds: float


CALLS: dict[str, int] = {}


async def flaky(cmd: Flaky, ctx: Context) -> dict[str, int]:
    CALLS[cmd.name] = CALLS.get(cmd.name, 0) + 1
    if CALLS[cmd.name] <= cmd.failures:
        raise StorageUnavailable("the database is restarting")
    return {"calls": CALLS[cmd.name]}


async def boom(cmd: Boom, ctx: Context) -> None:
    raise KeyError("a bug")


async def corrupt(cmd: Corrupt, ctx: Context) -> None:
    raise CorruptData("brand row 7 has an unreadable voice document")


async def sleep(cmd: Sleep, ctx: Context) -> dict[str, float]:
    await asyncio.sleep(cmd.seconds)
    return {"slept": cmd.seconds}


@dataclass(frozen=True, slots=True, kw_only=True)
class Echo:
    token: str
    sleep: float = 0.0


async def echo(cmd: Echo, ctx: Context) -> dict[str, str]:
    if cmd.sleep:
        await asyncio.sleep(cmd.sleep)
    return {"token": cmd.token}


TEST_AGENT = AgentDefinition(
    name="test-agent",
    description="handlers that fail on purpose",
    tasks={
        "test.flaky": TaskRoute(Flaky, anonymous=True),
        "test.boom": TaskRoute(Boom, anonymous=True),
        "test.corrupt": TaskRoute(Corrupt, anonymous=True),
        "test.sleep": TaskRoute(Sleep, anonymous=True),
        "test.echo": TaskRoute(Echo, anonymous=True),
    },
    concurrency=50,
)
TEST_HANDLERS: dict[type, Handler] = {
    Flaky: flaky,
    Boom: boom,
    Corrupt: corrupt,
    Sleep: sleep,
    Echo: echo,
}
