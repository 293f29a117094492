"""The generator chain from the settings: offline by default; with UMT_GENERATOR=openai the
primary, the optional secondary and offline last, each provider behind its own breaker."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from tests.support.fake_openai import API_KEY, SERVER_ERROR, FakeOpenAi
from tests.support.generation import sample_request

from umt.adapters.offline import OfflineContentGenerator
from umt.adapters.resilience.breaker import OPEN, BreakerConfig, Breakers
from umt.application.content.fallback import FallbackContentGenerator
from umt.entrypoints.container import (
    build_container,
    content_generator,
    start_resources,
    stop_resources,
)
from umt.entrypoints.settings import GeneratorKind, Settings
from umt.ports.content_generator import ContentGenerator


def settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "_env_file": None,
        "database_url": "memory://",
        "broker_url": "",
        "redis_url": "",
        "openai_max_retries": 0,
        **overrides,
    }
    return Settings(**values)


@asynccontextmanager
async def chain(
    config: Settings, registry: Breakers | None = None
) -> AsyncIterator[ContentGenerator]:
    resource = content_generator.content_generator(config, registry or Breakers(BreakerConfig()))
    generator = await anext(resource)
    try:
        yield generator
    finally:
        with pytest.raises(StopAsyncIteration):
            await anext(resource)


async def test_offline_is_the_default() -> None:
    assert settings().generation.generator is GeneratorKind.OFFLINE
    async with chain(settings()) as generator:
        assert isinstance(generator, OfflineContentGenerator)
        result = await generator.generate(sample_request())
    assert result.adapter == "offline"
    assert result.draft.body


async def test_offline_ends_the_chain_when_the_providers_are_down() -> None:
    fake = FakeOpenAi()
    fake.script(*[SERVER_ERROR] * 5)
    with fake.serve() as url:
        config = settings(generator="openai", openai_base_url=url, openai_api_key=API_KEY)
        async with chain(config) as generator:
            assert generator.name == "openai:gpt-4o-mini > offline"
            result = await generator.generate(sample_request())
    assert result.adapter == "offline"
    assert fake.requests == 1


def test_base_urls_are_checked_and_the_keys_stay_secret() -> None:
    with pytest.raises(ValidationError):
        settings(openai_base_url="ftp://models.example/v1")
    with pytest.raises(ValidationError):
        settings(openai_fallback_base_url="https://user:pw@models.example/v1")
    config = settings(openai_api_key=API_KEY, openai_base_url="http://127.0.0.1:11434/v1/")
    assert config.generation.openai_base_url == "http://127.0.0.1:11434/v1"
    assert API_KEY not in repr(config)
    assert API_KEY not in repr(content_generator.primary_config(config))


def test_the_secondary_defaults_to_the_primary_server_and_key() -> None:
    config = settings(
        openai_api_key=API_KEY, openai_model="gpt-4o", openai_fallback_model="gpt-4o-mini"
    )
    secondary = content_generator.fallback_config(config)
    assert secondary is not None
    assert (secondary.base_url, secondary.model, secondary.api_key) == (
        "https://api.openai.com/v1",
        "gpt-4o-mini",
        API_KEY,
    )
    assert content_generator.fallback_config(settings()) is None


async def test_the_primary_serves_through_the_container(tmp_path: Path) -> None:
    fake = FakeOpenAi()
    with fake.serve() as url:
        config = settings(
            data_dir=tmp_path,
            generator="openai",
            openai_base_url=url,
            openai_api_key=API_KEY,
            openai_model="gpt-test",
        )
        container = build_container(config)
        await start_resources(container)
        try:
            generator = container.services().content_generator
            result = await generator.generate(sample_request())
            assert (result.adapter, result.model) == ("openai", "gpt-test")
            assert "openai" in container.breakers().states()
        finally:
            await stop_resources(container)
    assert fake.requests == 1


async def test_the_secondary_serves_when_the_primary_fails() -> None:
    primary, secondary = FakeOpenAi(), FakeOpenAi(api_key="sk-second-KEY")
    primary.script(*[SERVER_ERROR] * 5)
    registry = Breakers(BreakerConfig(failure_threshold=1, reset_seconds=60))
    with primary.serve() as first, secondary.serve() as second:
        config = settings(
            generator="openai",
            openai_base_url=first,
            openai_api_key=API_KEY,
            openai_model="big-model",
            openai_fallback_base_url=second,
            openai_fallback_model="small-model",
            openai_fallback_api_key="sk-second-KEY",
        )
        async with chain(config, registry) as generator:
            assert isinstance(generator, FallbackContentGenerator)
            assert generator.name == "openai:big-model > openai:small-model > offline"
            for _ in range(2):
                result = await generator.generate(sample_request())
                assert (result.adapter, result.model) == ("openai", "small-model")
    assert primary.requests == 1  # the second draft found the primary's breaker open
    assert registry.states()["openai"] == OPEN
    assert secondary.requests == 2
