"""Through the library, in memory and on SQLite (and on PostgreSQL in
tests/integration/test_evergreen_postgres.py): a brand's evergreen rule recycles its best
performing sandbox post (seeded as a month of syncs would have stored it) into a free slot,
with why; bad settings are refused; an outsider's brand is not found."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from tests.support.strategy import Post, seed_posts

from umt.application.publishing.evergreen_views import EvergreenRuleView, RecyclingView
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.entrypoints.library import Platform as Umt

PASSWORD = "a long enough passphrase"


async def evergreen_scenario(umt: Umt) -> None:
    """A brand's winner recycled and why, on whatever store ``umt`` was opened on."""
    owner = await umt.register("ada@acme.example", PASSWORD, "Acme")
    brand = await umt.brands.create(owner, name="Acme", time_zone="Europe/Berlin")
    integration = await umt.sandbox.connect(owner, "Acme")
    found = await umt.channel_accounts.discover(owner, brand.id, integration_id=integration.id)
    (account,) = (a for a in found.accounts if a.kind is ChannelKind.SANDBOX_ACCOUNT)
    pieces = []
    for title in ("Roasting at home", "Where our beans grow"):
        piece = await umt.content.create(
            owner,
            brand.id,
            content_type="social_post",
            channel="linkedin",
            title=title,
            body=f"{title}: a short note.",
        )
        await umt.content.submit(owner, piece.id)
        pieces.append((await umt.content.approve(owner, piece.id)).id)
    container = umt._container  # the test seeds what a month of syncs would have stored
    now = container.clock().now()
    async with container.unit_of_work_factory()() as uow:
        stored = await uow.channel_accounts.get(account.organization_id, account.id)
    assert stored is not None
    long_ago = now - timedelta(days=40)
    posts = [
        Post(at=long_ago, impressions=500, likes=75, content_id=pieces[0]),
        Post(at=long_ago, impressions=500, likes=40, content_id=pieces[1]),
    ] + [Post(at=long_ago - timedelta(days=n), impressions=500, likes=5) for n in (1, 2)]
    await seed_posts(container.unit_of_work_factory(), stored, posts, now=now)
    await container.rollup_refresh().catch_up()  # PostgreSQL defers the daily buckets

    with pytest.raises(InvalidValue):
        await umt.evergreen.create(owner, brand.id, max_per_week=50)
    rule = await umt.evergreen.create(owner, brand.id, max_per_week=3)
    rule = await umt.evergreen.update(
        owner, brand.id, max_per_week=1, expected_version=rule.version
    )
    assert (rule.max_per_week, rule.version) == (1, 2)
    assert isinstance(rule, EvergreenRuleView)
    done = await umt.evergreen.run(owner, brand.id)

    assert isinstance(done, RecyclingView)
    pick = done.picked[0]
    assert (pick.content_id, pick.rank, pick.value) == (pieces[0], 1, 0.15)
    # one a calendar week: the seven days from tomorrow touch one week or two
    weeks = {p.due_at.isocalendar()[:2] for p in done.picked}
    assert len(weeks) == len(done.picked)
    if len(done.picked) == 1:
        assert (pieces[1], "no_free_slot") in {(p.content_id, p.reason) for p in done.passed_over}
    calendar = await umt.publishing.get(owner, pick.publication_id)
    assert (calendar.content_id, calendar.status.value) == (pieces[0], "scheduled")
    assert (await umt.evergreen.get(owner, brand.id)).picks == done.picked

    stranger = await umt.register("eve@globex.example", PASSWORD, "Globex")
    with pytest.raises(NotFound):
        await umt.evergreen.run(stranger, brand.id)
    removed = await umt.evergreen.delete(owner, brand.id, expected_version=done.rule.version)
    assert removed.id == rule.id
    with pytest.raises(NotFound):
        await umt.evergreen.get(owner, brand.id)


@pytest.mark.parametrize("store", ["memory", "sqlite"])
async def test_evergreen_through_the_library(tmp_path: Path, store: str) -> None:
    url = "memory://" if store == "memory" else f"sqlite+aiosqlite:///{tmp_path / 'umt.db'}"
    migrate = store == "sqlite"
    settings = {"database_url": url, "data_dir": tmp_path, "broker_url": ""}
    async with Umt.from_settings(migrate=migrate, **settings) as umt:
        await evergreen_scenario(umt)
