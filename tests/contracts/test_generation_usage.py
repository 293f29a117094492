"""Contract of the GenerationUsage port (ledger and budgets): memory, SQLite, PostgreSQL."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tests.contracts.conftest import sqlite_url

from umt.adapters.memory.generation_usage import InMemoryGenerationUsage
from umt.adapters.sql.content.generation_usage import SqlGenerationUsage
from umt.adapters.sql.engine import create_engine
from umt.domain.content.budget import GenerationBudget, MonthWindow
from umt.domain.shared.ids import OrganizationId
from umt.ports.generation_usage import GenerationUsage, UsageEntry

NOW = datetime.now(UTC)
WINDOW = MonthWindow.containing(NOW)
HOLD = NOW + timedelta(minutes=10)
UNLIMITED = GenerationBudget()


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
async def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[GenerationUsage]:
    if request.param == "memory":
        yield InMemoryGenerationUsage()
        return
    if request.param == "sqlite":
        database = tmp_path / "umt.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), database)
        engine = create_engine(sqlite_url(database))
    else:
        engine = create_engine(request.getfixturevalue("postgres_url"), pool_size=4)
    try:
        yield SqlGenerationUsage(engine)
    finally:
        await engine.dispose()


def entry(
    org: OrganizationId,
    *,
    model: str = "gpt-4o-mini",
    tokens: tuple[int, int] = (100, 50),
    cost: int = 1_000,
    cached: bool = False,
    at: datetime = NOW,
    entry_id: uuid.UUID | None = None,
) -> UsageEntry:
    return UsageEntry(
        id=entry_id or uuid.uuid4(),
        organization_id=org,
        user_id=uuid.uuid4(),
        agent="api",
        adapter="openai",
        model=model,
        prompt_version="v1",
        input_tokens=tokens[0],
        output_tokens=tokens[1],
        cost_micros=cost,
        latency_ms=12.5,
        cached=cached,
        at=at,
    )


def new_org() -> OrganizationId:
    return OrganizationId(uuid.uuid4())


class TestGenerationUsage:
    async def test_settled_entries_sum_per_model_and_in_total(
        self, ledger: GenerationUsage
    ) -> None:
        org = new_org()
        await ledger.record(entry(org, model="gpt-4o", cost=5_000, tokens=(1000, 500)))
        await ledger.record(entry(org, model="gpt-4o-mini", cost=300))
        await ledger.record(entry(org, model="gpt-4o-mini", cost=0, tokens=(0, 0), cached=True))
        await ledger.record(entry(new_org(), cost=99_999))  # another organization
        await ledger.record(entry(org, cost=7, at=WINDOW.start - timedelta(seconds=1)))
        totals = await ledger.totals(org, WINDOW)
        assert (totals.calls, totals.cached_calls) == (3, 1)
        assert (totals.input_tokens, totals.output_tokens, totals.cost_micros) == (1100, 550, 5300)
        assert [m.model for m in totals.per_model] == ["gpt-4o", "gpt-4o-mini"]
        mini = totals.per_model[1]
        assert (mini.calls, mini.cached_calls, mini.cost_micros) == (2, 1, 300)

    async def test_reservations_count_against_the_budget_but_not_in_totals(
        self, ledger: GenerationUsage
    ) -> None:
        org = new_org()
        budget = GenerationBudget(cost_limit_micros=2_000)
        first = entry(org, cost=1_500)
        assert (
            await ledger.reserve(first, budget=budget, window=WINDOW, now=NOW, hold_until=HOLD)
        ).granted
        second = entry(org, cost=1_500)
        assert (
            await ledger.reserve(second, budget=budget, window=WINDOW, now=NOW, hold_until=HOLD)
        ).granted
        third = await ledger.reserve(
            entry(org), budget=budget, window=WINDOW, now=NOW, hold_until=HOLD
        )
        assert not third.granted
        assert third.exhausted == "cost"
        assert (await ledger.totals(org, WINDOW)).calls == 0

    async def test_settle_replaces_the_estimate_and_release_frees_it(
        self, ledger: GenerationUsage
    ) -> None:
        org = new_org()
        budget = GenerationBudget(token_limit=1_000)
        big = entry(org, tokens=(900, 0))
        assert (
            await ledger.reserve(big, budget=budget, window=WINDOW, now=NOW, hold_until=HOLD)
        ).granted
        blocked = await ledger.reserve(
            entry(org, tokens=(200, 0)), budget=budget, window=WINDOW, now=NOW, hold_until=HOLD
        )
        assert blocked.granted  # 900 < 1000: below the limit, one more call may start
        refused = await ledger.reserve(
            entry(org), budget=budget, window=WINDOW, now=NOW, hold_until=HOLD
        )
        assert refused.exhausted == "tokens"
        await ledger.release(org, big.id)
        actual = entry(org, tokens=(10, 5), entry_id=big.id)
        await ledger.settle(actual)  # a settle after release records the actual call
        totals = await ledger.totals(org, WINDOW)
        assert (totals.calls, totals.tokens) == (1, 15)

    async def test_a_lapsed_reservation_no_longer_counts(self, ledger: GenerationUsage) -> None:
        org = new_org()
        budget = GenerationBudget(token_limit=100)
        stale = entry(org, tokens=(500, 0))
        lapsed = NOW - timedelta(seconds=1)
        assert (
            await ledger.reserve(stale, budget=budget, window=WINDOW, now=NOW, hold_until=lapsed)
        ).granted
        again = await ledger.reserve(
            entry(org), budget=budget, window=WINDOW, now=NOW, hold_until=HOLD
        )
        assert again.granted

    async def test_concurrent_reservations_overspend_by_at_most_one_call(
        self, ledger: GenerationUsage
    ) -> None:
        org = new_org()
        budget = GenerationBudget(cost_limit_micros=5_000)
        outcomes = await asyncio.gather(
            *(
                ledger.reserve(
                    entry(org, cost=1_000), budget=budget, window=WINDOW, now=NOW, hold_until=HOLD
                )
                for _ in range(12)
            )
        )
        assert sum(o.granted for o in outcomes) == 5  # 0, 1000, ..., 4000 are below 5000

    async def test_budget_override_is_set_replaced_and_cleared(
        self, ledger: GenerationUsage
    ) -> None:
        org = new_org()
        assert await ledger.get_budget(org) is None
        await ledger.set_budget(org, GenerationBudget(token_limit=10), at=NOW)
        await ledger.set_budget(org, GenerationBudget(cost_limit_micros=3), at=NOW)
        assert await ledger.get_budget(org) == GenerationBudget(cost_limit_micros=3)
        assert await ledger.get_budget(new_org()) is None
        await ledger.set_budget(org, None, at=NOW)
        assert await ledger.get_budget(org) is None

    async def test_release_ignores_another_organization_and_settled_entries(
        self, ledger: GenerationUsage
    ) -> None:
        org = new_org()
        held = entry(org)
        await ledger.reserve(held, budget=UNLIMITED, window=WINDOW, now=NOW, hold_until=HOLD)
        await ledger.release(new_org(), held.id)
        done = entry(org)
        await ledger.record(done)
        await ledger.release(org, done.id)
        refused = await ledger.reserve(
            entry(org),
            budget=GenerationBudget(cost_limit_micros=2_000),
            window=WINDOW,
            now=NOW,
            hold_until=HOLD,
        )
        assert not refused.granted  # 1000 held + 1000 settled reach the 2000 limit
        assert (await ledger.totals(org, WINDOW)).calls == 1
