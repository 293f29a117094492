"""The response cache and the metered, budgeted calls."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from tests.unit.application.content.generation.doubles import SOCIAL, ScriptedGenerator, brief

from umt.adapters.memory.cache import InMemoryCache
from umt.adapters.memory.generation_usage import InMemoryGenerationUsage
from umt.adapters.system.ids import UuidV7Generator
from umt.application.content.generation.cache import CachingContentGenerator, cache_key
from umt.application.content.generation.metering import Meter, MeteredContentGenerator
from umt.application.content.generation.pricing import ModelPrice, PriceTable
from umt.domain.content.budget import GenerationBudget, GenerationBudgetExhausted, MonthWindow
from umt.domain.shared.ids import OrganizationId
from umt.ports.content_generator import Direction, GenerationRequest, Length, TokenUsage
from umt.ports.errors import StorageUnavailable

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


class FixedClock:
    def now(self) -> datetime:
        return NOW


def request(
    topic: str = "Faster onboarding", seed: int = 1, **changes: object
) -> GenerationRequest:
    base = GenerationRequest(
        brand=brief(tone=("warm", "clear")),
        topic=topic,
        direction=Direction(hook="a question", angle="benefit", call_to_action="Sign up"),
        seed=seed,
        key_points=("one", "two"),
        **SOCIAL,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


class TestCacheKey:
    def test_case_whitespace_and_list_order_do_not_matter(self) -> None:
        a = request("Faster   Onboarding")
        b = request("faster onboarding", key_points=("TWO", "one"))
        assert cache_key(a, "g") == cache_key(b, "g")

    def test_seed_generator_and_content_matter(self) -> None:
        key = cache_key(request(), "g")
        assert key != cache_key(request(seed=2), "g")
        assert key != cache_key(request(), "h")
        assert key != cache_key(request("Slower onboarding"), "g")


class BrokenCache:
    async def get(self, key: str) -> bytes | None:
        raise StorageUnavailable("down")

    async def set(self, key: str, value: bytes, *, ttl_seconds: int) -> None:
        raise StorageUnavailable("down")

    async def delete(self, *keys: str) -> None:
        raise StorageUnavailable("down")


class TestCachingGenerator:
    async def test_a_second_identical_request_is_a_hit(self) -> None:
        inner = ScriptedGenerator()
        cached = CachingContentGenerator(inner, InMemoryCache(), ttl_seconds=60)
        first = await cached.generate(request())
        second = await cached.generate(request(" FASTER onboarding "))
        assert (first.cached, second.cached) == (False, True)
        assert second.draft == first.draft
        assert second.usage == first.usage
        assert len(inner.requests) == 1

    async def test_the_ttl_expires_entries(self) -> None:
        inner = ScriptedGenerator()
        cached = CachingContentGenerator(inner, InMemoryCache(), ttl_seconds=0)
        await cached.generate(request())
        assert not (await cached.generate(request())).cached
        assert len(inner.requests) == 2

    async def test_a_cache_outage_is_a_miss(self) -> None:
        inner = ScriptedGenerator()
        cached = CachingContentGenerator(inner, BrokenCache(), ttl_seconds=60)
        assert not (await cached.generate(request())).cached
        assert len(inner.requests) == 1


def meter(ledger: InMemoryGenerationUsage, budget: GenerationBudget, org: OrganizationId) -> Meter:
    return Meter(
        ledger=ledger,
        prices=PriceTable(
            {"gpt-4o-mini": ModelPrice(input_per_million=1.0, output_per_million=2.0)}
        ),
        budget=budget,
        organization_id=org,
        user_id=uuid.uuid4(),
        agent="api",
        clock=FixedClock(),
        ids=UuidV7Generator(),
    )


class TestMeteredGenerator:
    async def test_each_call_is_recorded_with_its_cost_and_hits_cost_nothing(self) -> None:
        ledger, org = InMemoryGenerationUsage(), OrganizationId(uuid.uuid4())
        inner = ScriptedGenerator(usage=TokenUsage(input_tokens=1_000, output_tokens=500))
        generator = MeteredContentGenerator(
            CachingContentGenerator(inner, InMemoryCache(), ttl_seconds=60),
            meter(ledger, GenerationBudget(), org),
        )
        await generator.generate(request())
        hit = await generator.generate(request())
        assert hit.cached
        totals = await ledger.totals(org, MonthWindow.containing(NOW))
        assert (totals.calls, totals.cached_calls) == (2, 1)
        assert totals.cost_micros == 1_000 * 1 + 500 * 2
        assert totals.tokens == 1_500

    async def test_an_exhausted_budget_refuses_before_the_call_and_charges_nothing(self) -> None:
        ledger, org = InMemoryGenerationUsage(), OrganizationId(uuid.uuid4())
        inner = ScriptedGenerator(usage=TokenUsage(input_tokens=1_000, output_tokens=0))
        generator = MeteredContentGenerator(
            inner, meter(ledger, GenerationBudget(token_limit=1_000), org)
        )
        await generator.generate(request())
        with pytest.raises(GenerationBudgetExhausted) as refused:
            await generator.generate(request(seed=2))
        assert refused.value.limit == "tokens"
        assert refused.value.retry_after_seconds == int(
            (datetime(2026, 12, 1, tzinfo=UTC) - NOW).total_seconds()
        )
        assert len(inner.requests) == 1
        assert (await ledger.totals(org, MonthWindow.containing(NOW))).calls == 1

    async def test_a_cache_hit_is_served_even_when_the_budget_is_spent(self) -> None:
        ledger, org = InMemoryGenerationUsage(), OrganizationId(uuid.uuid4())
        inner = ScriptedGenerator(usage=TokenUsage(input_tokens=1_000, output_tokens=0))
        generator = MeteredContentGenerator(
            CachingContentGenerator(inner, InMemoryCache(), ttl_seconds=60),
            meter(ledger, GenerationBudget(token_limit=1_000), org),
        )
        await generator.generate(request())
        assert (await generator.generate(request())).cached

    async def test_a_failed_call_releases_its_reservation(self) -> None:
        class Failing(ScriptedGenerator):
            async def generate(self, req: GenerationRequest):  # type: ignore[no-untyped-def]
                raise StorageUnavailable("model down")

        ledger, org = InMemoryGenerationUsage(), OrganizationId(uuid.uuid4())
        generator = MeteredContentGenerator(
            Failing(), meter(ledger, GenerationBudget(token_limit=1_000), org)
        )
        for _ in range(3):
            with pytest.raises(StorageUnavailable):
                await generator.generate(request())
        ok = MeteredContentGenerator(
            ScriptedGenerator(), meter(ledger, GenerationBudget(token_limit=1_000), org)
        )
        assert not (await ok.generate(request())).cached  # nothing was held or charged

    async def test_concurrent_calls_overspend_by_at_most_one_call(self) -> None:
        ledger, org = InMemoryGenerationUsage(), OrganizationId(uuid.uuid4())
        inner = ScriptedGenerator(delay=0.01, usage=TokenUsage(input_tokens=400, output_tokens=0))
        generator = MeteredContentGenerator(
            inner, meter(ledger, GenerationBudget(token_limit=1_000), org)
        )
        long_request = request(
            direction=Direction(hook="h", angle="a", call_to_action="c", length=Length.SHORT)
        )
        outcomes = await asyncio.gather(
            *(generator.generate(replace(long_request, seed=i)) for i in range(8)),
            return_exceptions=True,
        )
        granted = [o for o in outcomes if not isinstance(o, BaseException)]
        # each reservation holds the estimate (~900 tokens): the first fits under the limit,
        # the second starts below it (one call's worth of overspend), every later one is
        # refused, although all eight asked before any of them had finished
        assert len(granted) == 2
        assert sum(isinstance(o, GenerationBudgetExhausted) for o in outcomes) == 6
        assert len(inner.requests) == 2
        totals = await ledger.totals(org, MonthWindow.containing(NOW))
        assert totals.tokens == 800


class TestPrices:
    def test_a_chain_is_estimated_at_its_primary_model(self) -> None:
        from umt.application.content.generation.pricing import model_of, primary_of

        chain = "openai:gpt-4o > openai:gpt-4o-mini > offline"
        assert (primary_of(chain), model_of(chain)) == ("openai:gpt-4o", "gpt-4o")
        assert (primary_of("offline"), model_of("offline")) == ("offline", "offline")

    def test_costs_in_micro_dollars_offline_and_unknown_models_free(self) -> None:
        table = PriceTable()
        assert table.cost_micros(
            adapter="openai", model="gpt-4o", input_tokens=1_000, output_tokens=100
        ) == round(1_000 * 2.5 + 100 * 10.0)
        assert (
            table.cost_micros(
                adapter="offline", model="gpt-4o", input_tokens=10**6, output_tokens=10**6
            )
            == 0
        )
        assert (
            table.cost_micros(
                adapter="openai", model="unheard-of", input_tokens=10**6, output_tokens=0
            )
            == 0
        )
