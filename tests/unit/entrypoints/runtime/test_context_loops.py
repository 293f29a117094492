"""The composition root starts the loops the contexts declare, with their collaborators bound
by name from the container, in the processes that run their agent."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from dependency_injector import containers, providers

from umt.application.dependencies import MissingDependency
from umt.application.webhooks.dispatcher import run_webhook_sender
from umt.entrypoints.background import ProvidedByName, context_loops


class _Scheduler:
    def __init__(self) -> None:
        self.ran_with: list[float] = []

    async def run(self, stop: asyncio.Event, *, interval_seconds: float) -> None:
        self.ran_with.append(interval_seconds)
        await stop.wait()


class _Built:
    count = 0

    def __init__(self) -> None:
        _Built.count += 1


class _Container(containers.DeclarativeContainer):
    integration_scheduler: Any = providers.Singleton(_Scheduler)
    integration_scheduler_seconds: Any = providers.Object(7.5)
    webhook_sender: Any = providers.Object(None)  # sending switched off
    expensive: Any = providers.Singleton(_Built)


async def test_a_process_running_the_agent_runs_its_contexts_loops_with_their_collaborators() -> (
    None
):
    container = _Container()
    loops = context_loops(container, ["auth-integration"])
    assert sorted(loop._name for loop in loops) == ["integration-scheduler", "webhook-sender"]

    for loop in loops:
        loop.start()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    for loop in loops:
        await loop.stop(grace_seconds=1)

    assert container.integration_scheduler().ran_with == [7.5]


def test_a_process_not_running_the_agent_builds_none_of_its_loops() -> None:
    assert context_loops(_Container(), ["brand-project", "content-creation"]) == []


def test_a_collaborator_the_container_lacks_fails_at_start_up() -> None:
    class Lacking(containers.DeclarativeContainer):
        integration_scheduler: Any = providers.Singleton(_Scheduler)
        webhook_sender: Any = providers.Object(None)

    with pytest.raises(MissingDependency, match="integration_scheduler_seconds"):
        context_loops(Lacking(), ["auth-integration"])


def test_providers_are_built_only_when_a_loop_declares_them() -> None:
    _Built.count = 0
    available = ProvidedByName(_Container())
    assert "integration_scheduler_seconds" in available
    assert "_private" not in available
    assert "nothing_by_this_name" not in available
    assert _Built.count == 0
    assert available["expensive"] is available["expensive"]
    assert _Built.count == 1


async def test_the_webhook_sender_loop_ends_at_once_where_sending_is_off() -> None:
    await asyncio.wait_for(run_webhook_sender(asyncio.Event(), webhook_sender=None), timeout=5)
