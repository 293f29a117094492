"""The fallback chain moves on only on GeneratorUnavailable, in order, and says who served."""

from __future__ import annotations

import logging

import pytest
from tests.support.generation import sample_request

from umt.application.content.fallback import FallbackContentGenerator
from umt.domain.content.draft import Draft
from umt.ports.content_generator import (
    ContentGenerator,
    GeneratedDraft,
    GenerationRequest,
    GeneratorUnavailable,
    TokenUsage,
)


class Scripted(ContentGenerator):
    """Answers with a draft naming itself, or raises what it was given."""

    def __init__(self, adapter: str, model: str, error: Exception | None = None) -> None:
        self.adapter = adapter
        self.model = model
        self.error = error
        self.calls = 0

    @property
    def name(self) -> str:
        return f"{self.adapter}:{self.model}"

    async def generate(self, request: GenerationRequest) -> GeneratedDraft:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return GeneratedDraft(
            draft=Draft(content_type=request.content_type, channel=request.channel, body=self.name),
            adapter=self.adapter,
            model=self.model,
            prompt_version="draft/1",
            usage=TokenUsage(),
            latency_ms=1.0,
            seed=request.seed,
        )


def down(adapter: str, model: str, retry_after: int = 5) -> Scripted:
    return Scripted(
        adapter, model, GeneratorUnavailable(f"{adapter} down", retry_after=retry_after)
    )


async def test_the_primary_serves_when_it_can() -> None:
    primary, secondary, offline = (
        Scripted("openai", "a"),
        Scripted("openai", "b"),
        Scripted("offline", "x"),
    )
    result = await FallbackContentGenerator([primary, secondary, offline]).generate(
        sample_request()
    )
    assert (result.adapter, result.model) == ("openai", "a")
    assert (secondary.calls, offline.calls) == (0, 0)


async def test_the_secondary_serves_when_the_primary_is_down(
    caplog: pytest.LogCaptureFixture,
) -> None:
    primary, secondary, offline = (
        down("openai", "a"),
        Scripted("openai", "b"),
        Scripted("offline", "x"),
    )
    chain = FallbackContentGenerator([primary, secondary, offline])
    with caplog.at_level(logging.WARNING, logger="umt.generation"):
        result = await chain.generate(sample_request())
    assert (result.adapter, result.model) == ("openai", "b")
    assert result.draft.body == "openai:b"
    assert offline.calls == 0
    skips = [r for r in caplog.records if r.getMessage() == "generator unavailable, falling back"]
    assert [(r.generator, r.next) for r in skips] == [("openai:a", "openai:b")]  # type: ignore[attr-defined]


async def test_offline_serves_when_both_providers_are_down() -> None:
    chain = FallbackContentGenerator(
        [down("openai", "a"), down("ollama", "b"), Scripted("offline", "x")]
    )
    result = await chain.generate(sample_request())
    assert result.adapter == "offline"


async def test_when_every_generator_is_down_the_chain_is_unavailable() -> None:
    chain = FallbackContentGenerator([down("openai", "a", 30), down("openai", "b", 7)])
    with pytest.raises(GeneratorUnavailable, match="every generator is unavailable") as caught:
        await chain.generate(sample_request())
    assert "openai down" in str(caught.value)
    assert caught.value.retry_after == 7  # the soonest any of them may be back


async def test_other_errors_are_bugs_and_propagate() -> None:
    offline = Scripted("offline", "x")
    chain = FallbackContentGenerator([Scripted("openai", "a", KeyError("bug")), offline])
    with pytest.raises(KeyError):
        await chain.generate(sample_request())
    assert offline.calls == 0


def test_the_chain_names_its_links_in_order() -> None:
    chain = FallbackContentGenerator([Scripted("openai", "a"), Scripted("offline", "x")])
    assert chain.name == "openai:a > offline:x"
    with pytest.raises(ValueError, match="at least one"):
        FallbackContentGenerator([])
