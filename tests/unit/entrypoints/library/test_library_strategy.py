"""Through the library: the best times to post of a sandbox account whose published posts
and metrics are in the store; an outsider's brand is not found."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from tests.support.strategy import Post, seed_posts

from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.errors import NotFound
from umt.entrypoints.library import Platform as Umt

PASSWORD = "a long enough passphrase"


async def test_best_times_through_the_library(tmp_path: Path) -> None:
    async with Umt.from_settings(database_url="memory://", data_dir=tmp_path, broker_url="") as umt:
        owner = await umt.register("ada@acme.example", PASSWORD, "Acme")
        brand = await umt.brands.create(owner, name="Acme", time_zone="Asia/Tokyo")
        integration = await umt.sandbox.connect(owner, "Acme")
        found = await umt.channel_accounts.discover(owner, brand.id, integration_id=integration.id)
        (account,) = (a for a in found.accounts if a.kind is ChannelKind.SANDBOX_ACCOUNT)
        container = umt._container  # the test seeds what a month of syncs would have stored
        now = container.clock().now().replace(minute=0, second=0, microsecond=0)
        async with container.unit_of_work_factory()() as uow:
            stored = await uow.channel_accounts.get(account.organization_id, account.id)
        assert stored is not None
        morning, evening = now - timedelta(days=2, hours=now.hour), now - timedelta(days=3)
        posts = [Post(at=morning - timedelta(weeks=n), impressions=400, likes=40) for n in range(3)]
        posts += [Post(at=evening - timedelta(weeks=n), impressions=400, likes=4) for n in range(3)]
        await seed_posts(container.unit_of_work_factory(), stored, posts, now=now)

        report = await umt.strategy.best_times(owner, brand.id, min_posts=6, min_slot_posts=2)

        assert report.time_zone == "Asia/Tokyo"
        (answer,) = report.accounts
        assert (answer.status, answer.measured) == ("ok", 6)
        best = answer.suggestions[0]
        assert best.hour == (morning + timedelta(hours=9)).hour  # Tokyo is UTC+9
        assert best.lift > 1

        # too few posts for the default minimum of 20: no posting-time recommendation yet
        assert await umt.strategy.recommend(owner, brand.id) == []

        stranger = await umt.register("eve@globex.example", PASSWORD, "Globex")
        with pytest.raises(NotFound):
            await umt.strategy.best_times(stranger, brand.id)


async def test_recommendations_through_the_library(tmp_path: Path) -> None:
    async with Umt.from_settings(database_url="memory://", data_dir=tmp_path, broker_url="") as umt:
        owner = await umt.register("ada@acme.example", PASSWORD, "Acme")
        brand = await umt.brands.create(owner, name="Acme")
        integration = await umt.sandbox.connect(owner, "Acme")
        found = await umt.channel_accounts.discover(owner, brand.id, integration_id=integration.id)
        (account,) = (a for a in found.accounts if a.kind is ChannelKind.SANDBOX_ACCOUNT)
        container = umt._container
        now = container.clock().now()
        async with container.unit_of_work_factory()() as uow:
            stored = await uow.channel_accounts.get(account.organization_id, account.id)
        assert stored is not None
        good, poor = now - timedelta(days=1), now - timedelta(days=1, hours=5)
        posts = [Post(at=good - timedelta(weeks=n), impressions=500, likes=50) for n in range(10)]
        posts += [Post(at=poor - timedelta(weeks=n), impressions=500, likes=5) for n in range(10)]
        await seed_posts(container.unit_of_work_factory(), stored, posts, now=now)

        (timing,) = await umt.strategy.recommend(owner, brand.id)

        assert timing.key == f"posting_time:{account.id}"
        assert timing.advice.evidence[0].facts["hour"] == good.hour
        dismissed = await umt.strategy.dismiss(
            owner, brand.id, timing.id, reason="later", expected_version=timing.version
        )
        assert dismissed.status.value == "dismissed"
        assert await umt.strategy.recommendations(owner, brand.id) == []
        kept = await umt.strategy.recommendation(owner, brand.id, timing.id)
        assert kept.dismissal_reason == "later"

        proposal = await umt.strategy.propose_calendar(owner, brand.id, weeks=1, per_week=1)
        (slot,) = proposal.slots
        assert (slot.timing, slot.due_at.hour) == ("best_times", good.hour)
        accepted = await umt.strategy.accept_calendar(
            owner, brand.id, proposal.id, expected_version=1
        )
        again = await umt.strategy.accept_calendar(owner, brand.id, proposal.id)
        assert len(accepted.pieces) == 1
        assert again.pieces == accepted.pieces
        listed = await umt.strategy.calendar_proposals(owner, brand.id)
        assert [p.status.value for p in listed] == ["accepted"]
        (plan,) = await umt.publishing.planned(owner, brand.id, proposal_id=proposal.id)
        assert (plan.status.value, plan.due_at) == ("planned", slot.due_at)
        assert (plan.content_id, plan.channel_account_id) == (
            accepted.pieces[0].content_id,
            account.id,
        )
