"""The generation response cache on real Redis: two instances share hits; the TTL expires
them; a hit costs nothing in the ledger."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from tests.support.redis import redis_client
from tests.unit.application.content.generation.doubles import SOCIAL, ScriptedGenerator, brief

from umt.adapters.memory.generation_usage import InMemoryGenerationUsage
from umt.adapters.redis.cache import RedisCache
from umt.adapters.system.clock import SystemClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.content.generation.cache import CachingContentGenerator
from umt.application.content.generation.metering import Meter, MeteredContentGenerator
from umt.application.content.generation.pricing import PriceTable
from umt.domain.content.budget import GenerationBudget, MonthWindow
from umt.domain.shared.ids import OrganizationId
from umt.ports.content_generator import Direction, GenerationRequest


def request(topic: str) -> GenerationRequest:
    return GenerationRequest(
        brand=brief(tone=("warm",)),
        topic=topic,
        direction=Direction(hook="question", angle="benefit", call_to_action="sign_up"),
        seed=7,
        **SOCIAL,
    )


async def test_instances_share_cached_drafts_through_redis() -> None:
    client_a, client_b = await redis_client(), await redis_client()
    try:
        topic = f"Redis shared cache {uuid.uuid4()}"
        inner_a, inner_b = ScriptedGenerator(), ScriptedGenerator()
        a = CachingContentGenerator(inner_a, RedisCache(client_a), ttl_seconds=60)
        b = CachingContentGenerator(inner_b, RedisCache(client_b), ttl_seconds=60)
        first = await a.generate(request(topic))
        hit = await b.generate(request(f"  {topic.upper()} "))
        assert (first.cached, hit.cached) == (False, True)
        assert hit.draft == first.draft
        assert (len(inner_a.requests), len(inner_b.requests)) == (1, 0)
    finally:
        await client_a.aclose()
        await client_b.aclose()


async def test_the_ttl_expires_entries_in_redis() -> None:
    client = await redis_client()
    try:
        inner = ScriptedGenerator()
        cached = CachingContentGenerator(inner, RedisCache(client), ttl_seconds=1)
        topic = f"Redis ttl {uuid.uuid4()}"
        await cached.generate(request(topic))
        assert (await cached.generate(request(topic))).cached
        await asyncio.sleep(1.2)
        assert not (await cached.generate(request(topic))).cached
        assert len(inner.requests) == 2
    finally:
        await client.aclose()


async def test_a_redis_hit_is_recorded_at_no_cost() -> None:
    client = await redis_client()
    try:
        ledger, org = InMemoryGenerationUsage(), OrganizationId(uuid.uuid4())
        meter = Meter(
            ledger=ledger,
            prices=PriceTable(),
            budget=GenerationBudget(),
            organization_id=org,
            user_id=None,
            agent="content-creation",
            clock=SystemClock(),
            ids=UuidV7Generator(),
        )
        generator = MeteredContentGenerator(
            CachingContentGenerator(ScriptedGenerator(), RedisCache(client), ttl_seconds=60),
            meter,
        )
        topic = f"Redis metered {uuid.uuid4()}"
        await generator.generate(request(topic))
        await generator.generate(request(topic))
        totals = await ledger.totals(org, MonthWindow.containing(datetime.now(UTC)))
        assert (totals.calls, totals.cached_calls) == (2, 1)
        assert totals.cost_micros == PriceTable().cost_micros(
            adapter="scripted", model="gpt-4o-mini", input_tokens=100, output_tokens=50
        )
    finally:
        await client.aclose()
