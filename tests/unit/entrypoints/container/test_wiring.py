"""The composition root wires every collaborator a served handler declares: with the embedded
defaults and with production settings, the bus and every agent's worker start. One it does
not wire stops the process at start-up, naming the collaborator and the handler needing it,
never at the first request."""

from __future__ import annotations

import base64
import dataclasses
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from dependency_injector import providers
from litestar.testing import TestClient

from umt.application.agents.catalogue import AGENTS
from umt.application.dependencies import MissingDependency, dependencies_of
from umt.application.services import Services
from umt.entrypoints.container import (
    Container,
    agent_host,
    build_container,
    start_resources,
    stop_resources,
)
from umt.entrypoints.http.app import create_app
from umt.entrypoints.library import Platform
from umt.entrypoints.settings import Settings

KEY_RING = "k1:" + base64.b64encode(os.urandom(32)).decode()


def embedded(tmp_path: Path, **overrides: Any) -> Settings:
    """The embedded defaults: SQLite under the data directory, the in-process broker, the
    offline generator, the sandbox platform."""
    values: dict[str, Any] = {
        "_env_file": None,
        "data_dir": tmp_path,
        "broker_url": "",
        "redis_url": "",
        "run_webhook_sender": False,
        **overrides,
    }
    return Settings(**values)


def production(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "production",
        "jwt_secret": "p" * 40,
        "credential_keys": KEY_RING,
        **overrides,
    }
    return embedded(tmp_path, **values)


@asynccontextmanager
async def started(settings: Settings) -> AsyncIterator[Container]:
    container = build_container(settings)
    await start_resources(container)
    try:
        yield container
    finally:
        await stop_resources(container)


def unwired(services: Services) -> list[str]:
    """The collaborators ``services`` leaves unwired (an optional one at None)."""
    provided = dependencies_of(services)
    return [spec.name for spec in dataclasses.fields(services) if spec.name not in provided]


@pytest.mark.parametrize("settings", [embedded, production], ids=["embedded", "production"])
async def test_the_full_composition_wires_every_collaborator(tmp_path: Path, settings: Any) -> None:
    async with started(settings(tmp_path)) as container:
        assert unwired(container.services()) == []
        assert container.bus() is not None  # binds every context's handlers
        host = agent_host(container)  # binds every agent's event handlers
        assert sorted(w.agent.name for w in host.workers) == sorted(AGENTS)


async def test_production_without_a_key_ring_still_wires_everything(tmp_path: Path) -> None:
    # no key ring is a deployment's choice (integrations answer "not configured"), stated as
    # None, not a collaborator left out: the process starts
    async with started(production(tmp_path, credential_keys=None)) as container:
        services = container.services()
        assert services.credential_cipher is None
        assert unwired(services) == []
        assert container.bus() is not None


def without_renderer(tmp_path: Path) -> Container:
    container = build_container(embedded(tmp_path, database_url="memory://"))
    container.template_renderer.override(providers.Object(None))
    return container


def test_an_http_process_missing_a_collaborator_does_not_start(tmp_path: Path) -> None:
    app = create_app(container=without_renderer(tmp_path))

    with pytest.raises(ExceptionGroup) as raised, TestClient(app):  # the lifespan's task group
        pass

    assert raised.group_contains(
        MissingDependency,
        match=re.escape(
            "the content context's create_template needs template_renderer (to handle "
            "CreateTemplate), which the composition does not wire"
        ),
    )


async def test_a_library_process_missing_a_collaborator_does_not_start(tmp_path: Path) -> None:
    platform = Platform(without_renderer(tmp_path))

    with pytest.raises(MissingDependency, match="needs template_renderer"):
        async with platform:
            pass
