"""The OpenAI-compatible generator against a fake chat completions server on loopback:
structured output into a Draft with provenance, retries that honour Retry-After, bounded
attempts and waits, timeouts, the concurrency bound, the breaker, and errors that never carry
an SDK exception type or the key."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from tests.support.fake_openai import (
    API_KEY,
    MALFORMED,
    MISSING_FIELDS,
    SERVER_ERROR,
    FakeOpenAi,
    rate_limited,
    timeout,
)
from tests.support.generation import sample_request

from umt.adapters.openai import OpenAiConfig, OpenAiContentGenerator
from umt.adapters.resilience.breaker import OPEN, Breaker, BreakerConfig
from umt.adapters.resilience.content_generator import ResilientContentGenerator
from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentType
from umt.ports.content_generator import GeneratorUnavailable
from umt.ports.prompts import FIELDS_BY_TYPE, PROMPT_VERSION

MODEL = "gpt-4o-mini"


class Sleeps:
    """An injected sleep: records each delay and yields to the loop without waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0)


@pytest.fixture
def fake() -> FakeOpenAi:
    return FakeOpenAi()


@pytest.fixture
def base_url(fake: FakeOpenAi) -> Iterator[str]:
    with fake.serve() as url:
        yield url


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


Make = Callable[..., OpenAiContentGenerator]


@pytest.fixture
async def make(base_url: str, sleeps: Sleeps) -> AsyncIterator[Make]:
    made: list[OpenAiContentGenerator] = []

    def build(**overrides: Any) -> OpenAiContentGenerator:
        config = OpenAiConfig(base_url=base_url, model=MODEL, api_key=API_KEY, max_retries=3)
        generator = OpenAiContentGenerator(replace(config, **overrides), sleep=sleeps)
        made.append(generator)
        return generator

    yield build
    for generator in made:
        await generator.close()


def assert_clean(error: GeneratorUnavailable, key: str = API_KEY) -> None:
    assert type(error) is GeneratorUnavailable
    assert key not in str(error)
    assert key not in repr(error)
    assert "closing the books" not in str(error)  # nor the request's text


async def test_a_draft_comes_back_with_its_provenance(fake: FakeOpenAi, make: Make) -> None:
    fake.served_model = "gpt-4o-mini-2024-07-18"
    result = await make().generate(sample_request())

    assert result.adapter == "openai"
    assert result.model == "gpt-4o-mini-2024-07-18"  # what served it, from the response
    assert result.prompt_version == PROMPT_VERSION
    assert result.seed == 42
    assert result.latency_ms > 0
    assert result.usage.input_tokens > 100  # the system and user messages
    assert result.usage.output_tokens > 10
    assert not result.cached
    draft = result.draft
    assert draft.content_type is ContentType.SOCIAL_POST
    assert draft.channel is Channel.LINKEDIN
    assert "closing the books faster" in draft.body
    assert draft.fields.hashtags  # the post's fields are filled from the reply
    assert draft.fields.call_to_action

    sent = fake.bodies[-1]
    assert sent["model"] == MODEL
    assert sent["seed"] == 42
    assert [m["role"] for m in sent["messages"]] == ["system", "user"]
    assert sent["response_format"]["json_schema"]["name"] == "umt_social_post_draft"
    assert sent["response_format"]["json_schema"]["strict"] is True


async def test_usage_matches_what_the_server_counted(fake: FakeOpenAi, make: Make) -> None:
    result = await make().generate(sample_request())
    sent = fake.bodies[-1]
    words = sum(len(m["content"].split()) for m in sent["messages"])
    assert result.usage.input_tokens == words


@pytest.mark.parametrize("content_type", list(ContentType))
async def test_every_content_type_parses(make: Make, content_type: ContentType) -> None:
    result = await make().generate(sample_request(content_type=content_type))
    assert result.draft.content_type is content_type
    for name in FIELDS_BY_TYPE[content_type]:
        assert getattr(result.draft.fields, name), name


async def test_the_same_request_gives_the_same_draft(make: Make) -> None:
    generator = make()
    first = await generator.generate(sample_request())
    second = await generator.generate(sample_request())
    assert first.draft == second.draft


async def test_429_waits_exactly_the_retry_after(
    fake: FakeOpenAi, make: Make, sleeps: Sleeps
) -> None:
    fake.script(rate_limited("7"))
    result = await make().generate(sample_request())
    assert result.draft.body
    assert sleeps.delays == [7.0]
    assert fake.requests == 2


async def test_retry_after_ms_is_honoured_first(
    fake: FakeOpenAi, make: Make, sleeps: Sleeps
) -> None:
    fake.script(
        rate_limited("1500", header="retry-after-ms"),
        rate_limited("2"),
    )
    await make().generate(sample_request())
    assert sleeps.delays == [1.5, 2.0]


async def test_a_retry_after_beyond_the_wait_budget_fails_at_once(
    fake: FakeOpenAi, make: Make, sleeps: Sleeps
) -> None:
    fake.script(rate_limited("120"))
    with pytest.raises(GeneratorUnavailable, match="rate limited") as caught:
        await make(max_wait_seconds=30).generate(sample_request())
    assert sleeps.delays == []
    assert fake.requests == 1
    assert caught.value.retry_after == 120  # passed on for a 503 Retry-After
    assert_clean(caught.value)


async def test_the_total_wait_is_bounded(fake: FakeOpenAi, make: Make, sleeps: Sleeps) -> None:
    fake.script(*[rate_limited("4")] * 6)
    with pytest.raises(GeneratorUnavailable):
        await make(max_retries=5, max_wait_seconds=10).generate(sample_request())
    assert sleeps.delays == [4.0, 4.0]  # a third wait would pass 10 s
    assert fake.requests == 3


async def test_500s_are_retried_with_backoff_then_succeed(
    fake: FakeOpenAi, make: Make, sleeps: Sleeps
) -> None:
    fake.script(SERVER_ERROR, SERVER_ERROR)
    result = await make(backoff_base_seconds=0.5, backoff_max_seconds=4).generate(sample_request())
    assert result.draft.body
    assert fake.requests == 3
    assert len(sleeps.delays) == 2
    assert all(0 <= delay <= 4 for delay in sleeps.delays)


async def test_persistent_500s_end_as_generator_unavailable(
    fake: FakeOpenAi, make: Make, sleeps: Sleeps
) -> None:
    fake.script(*[SERVER_ERROR] * 10)
    with pytest.raises(GeneratorUnavailable, match=r"server error \(HTTP 500\)") as caught:
        await make(max_retries=2).generate(sample_request())
    assert fake.requests == 3  # bounded attempts
    assert len(sleeps.delays) == 2
    assert_clean(caught.value)  # the server's error text quoted the key


async def test_a_malformed_reply_is_asked_for_again(fake: FakeOpenAi, make: Make) -> None:
    fake.script(MALFORMED)
    result = await make().generate(sample_request())
    assert result.draft.body
    assert fake.requests == 2
    # both completions cost tokens: the provenance counts both
    assert result.usage.input_tokens == 2 * sum(
        len(m["content"].split()) for m in fake.bodies[-1]["messages"]
    )


async def test_two_malformed_replies_end_as_generator_unavailable(
    fake: FakeOpenAi, make: Make
) -> None:
    fake.script(MALFORMED, MISSING_FIELDS, MALFORMED)
    with pytest.raises(GeneratorUnavailable, match="without the requested JSON") as caught:
        await make().generate(sample_request())
    assert fake.requests == 2
    assert_clean(caught.value)


async def test_a_timeout_is_retried(fake: FakeOpenAi, make: Make, sleeps: Sleeps) -> None:
    fake.script(timeout(0.6))
    result = await make(timeout_seconds=0.2).generate(sample_request())
    assert result.draft.body
    assert len(sleeps.delays) == 1


async def test_timeouts_end_as_generator_unavailable(fake: FakeOpenAi, make: Make) -> None:
    fake.script(timeout(0.6), timeout(0.6))
    with pytest.raises(GeneratorUnavailable, match="timed out") as caught:
        await make(timeout_seconds=0.2, max_retries=1).generate(sample_request())
    assert_clean(caught.value)


async def test_a_refused_request_is_not_retried(make: Make, sleeps: Sleeps) -> None:
    with pytest.raises(GeneratorUnavailable, match=r"refused the request \(HTTP 401\)") as caught:
        await make(api_key="sk-wrong-KEY-000").generate(sample_request())
    assert sleeps.delays == []
    assert_clean(caught.value, key="sk-wrong-KEY-000")


async def test_an_unreachable_server_is_generator_unavailable(sleeps: Sleeps) -> None:
    config = OpenAiConfig(base_url="http://127.0.0.1:9/v1", model=MODEL, max_retries=1)
    generator = OpenAiContentGenerator(config, sleep=sleeps)
    try:
        with pytest.raises(GeneratorUnavailable, match="could not be reached"):
            await generator.generate(sample_request())
    finally:
        await generator.close()
    assert len(sleeps.delays) == 1


async def test_concurrency_is_bounded(fake: FakeOpenAi, make: Make) -> None:
    fake.latency = 0.1
    generator = make(max_concurrency=3)
    requests = [sample_request(seed=seed) for seed in range(10)]
    results = await asyncio.gather(*(generator.generate(r) for r in requests))
    assert [r.seed for r in results] == list(range(10))
    assert fake.max_in_flight == 3  # reached, never passed
    assert fake.requests == 10


async def test_the_breaker_opens_after_n_failures(fake: FakeOpenAi, make: Make) -> None:
    fake.script(*[SERVER_ERROR] * 10)
    breaker = Breaker("openai", BreakerConfig(failure_threshold=3, reset_seconds=60))
    generator = ResilientContentGenerator(make(max_retries=0), breaker)
    assert generator.name == f"openai:{MODEL}"
    for _ in range(3):
        with pytest.raises(GeneratorUnavailable, match="server error"):
            await generator.generate(sample_request())
    assert breaker.state == OPEN
    with pytest.raises(GeneratorUnavailable, match="circuit open") as caught:
        await generator.generate(sample_request())
    assert type(caught.value) is GeneratorUnavailable
    assert caught.value.retry_after == 60
    assert fake.requests == 3  # the open breaker did not call the server


async def test_the_config_never_shows_the_key() -> None:
    config = OpenAiConfig(base_url="http://x/v1", model=MODEL, api_key=API_KEY)
    assert API_KEY not in repr(config)
    assert API_KEY not in json.dumps(str(config))
