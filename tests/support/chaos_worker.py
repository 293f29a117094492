"""A worker process for the chaos test: ``python -m tests.support.chaos_worker``.

It serves one task, ``chaos.effect``: create a brand (the side effect), then pause before the
runtime acks, so that a SIGKILL lands between the effect and its ack. Settings come from the
environment (UMT_DATABASE_URL, UMT_BROKER_URL); on SIGTERM it stops gracefully and writes its
counters to the JSON file named by UMT_TEST_COUNTERS.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from umt.application.agents.definition import AgentDefinition, TaskRoute
from umt.application.agents.execution import TaskExecutor
from umt.application.agents.worker import AgentWorker
from umt.application.brand.create_brand import CreateBrand, create_brand
from umt.application.bus import MessageBus
from umt.application.handlers import HANDLERS
from umt.application.services import Context
from umt.entrypoints.container import build_container, start_resources, stop_resources
from umt.entrypoints.settings import Settings
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator


@dataclass(frozen=True, slots=True, kw_only=True)
class Effect:
    name: str
    pause: float = 0.1


async def effect(cmd: Effect, ctx: Context, *, clock: Clock, ids: IdGenerator) -> dict[str, str]:
    # a fresh slug per run: a second effect would be a second brand, never a conflict
    new = CreateBrand(name=cmd.name, slug=f"c-{uuid.uuid4().hex}")
    brand = await create_brand(new, ctx, clock=clock, ids=ids)
    await asyncio.sleep(cmd.pause)  # the window between the effect and the ack
    return {"brand_id": str(brand.id)}


CHAOS = AgentDefinition(
    name="chaos", description="side effects under fire", tasks={"chaos.effect": TaskRoute(Effect)}
)


async def main() -> None:
    settings = Settings()
    container = build_container(settings)
    await start_resources(container)
    bus = MessageBus(
        uow_factory=container.unit_of_work_factory(),
        services=container.services(),
        handlers={**HANDLERS, Effect: effect},
    )
    executor = TaskExecutor(
        CHAOS,
        bus,
        idempotency=container.idempotency_store(),
        inbox=container.message_inbox(),
        jobs=None,
        clock=container.clock(),
    )
    worker = AgentWorker(
        CHAOS,
        container.broker(),
        executor,
        services=container.services(),
        uow_factory=container.unit_of_work_factory(),
        clock=container.clock(),
        ids=container.ids(),
        instance_id=f"chaos-{os.getpid()}",
        concurrency=10,
    )
    await worker.start()
    counters = Path(os.environ["UMT_TEST_COUNTERS"])
    await asyncio.to_thread(Path(f"{counters}.ready").touch)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await worker.stop(grace_seconds=10)
    await asyncio.to_thread(counters.write_text, json.dumps(asdict(worker.counters)))
    await stop_resources(container)


if __name__ == "__main__":
    asyncio.run(main())
