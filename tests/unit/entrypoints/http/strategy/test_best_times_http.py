"""GET /brands/{id}/strategy/best-times end to end: a sandbox account's published posts and
their synced metrics give suggested slots; bad queries are 422, another tenant's brand 404,
and a caller without strategy:read 403."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.support.strategy import Post, seed_posts
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    assert_problem,
    build_app,
    create_brand,
    register,
    sandbox_channel_accounts,
)

from umt.domain.shared.ids import ChannelAccountId, OrganizationId

Client = TestClient[Litestar]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    with TestClient(app=build_app(tmp_path_factory.mktemp("strategy"))) as running:
        yield running


@pytest.fixture(scope="module")
def owner(client: Client) -> Account:
    return register(client, organization_name="Strategy Co")


def last_weekday(now: datetime, weekday: int, hour: int) -> datetime:
    """The latest ``weekday`` at ``hour``:00 UTC at least a day before ``now``."""
    day = (now - timedelta(days=1)).date()
    day -= timedelta(days=(day.weekday() - weekday) % 7)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def seed(client: Client, owner: Account, account_id: str, posts: list[Post]) -> None:
    container = client.app.state.container

    async def run() -> None:
        async with container.unit_of_work_factory()() as uow:
            account = await uow.channel_accounts.get(
                OrganizationId(UUID(owner.organization_id)), ChannelAccountId(UUID(account_id))
            )
        assert account is not None
        factory = container.unit_of_work_factory()
        await seed_posts(factory, account, posts, now=container.clock().now())

    client.blocking_portal.call(run)


def test_best_times_suggest_the_better_slot(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner, name="Timely", time_zone="UTC")
    found = sandbox_channel_accounts(client, owner, brand["id"])
    account_id = next(a["id"] for a in found["items"] if a["kind"] == "sandbox_account")
    now = datetime.now(UTC)
    tuesday, friday = last_weekday(now, 1, 9), last_weekday(now, 4, 17)
    weeks = range(6)
    posts = [Post(at=tuesday - timedelta(weeks=n), impressions=1000, likes=90) for n in weeks]
    posts += [Post(at=friday - timedelta(weeks=n), impressions=1000, likes=10) for n in weeks]
    seed(client, owner, account_id, posts)
    url = f"{API}/brands/{brand['id']}/strategy/best-times"

    response = client.get(url, params={"min_posts": 10, "top": 1}, headers=owner.headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["time_zone"] == "UTC"
    (answer,) = body["accounts"]  # the sandbox ad account is not a posting account
    assert (answer["channel_account_id"], answer["status"]) == (account_id, "ok")
    (best,) = answer["suggestions"]
    assert (best["weekday"], best["hour"], best["publications"]) == (1, 9, 6)
    assert best["low"] < best["rate"] < best["high"]
    assert best["lift"] > 1
    assert {(s["weekday"], s["hour"]) for s in answer["slots"]} == {(1, 9), (4, 17)}

    fewer = client.get(url, params={"channel_account_id": account_id}, headers=owner.headers)
    assert fewer.json()["accounts"][0]["status"] == "not_enough_data"  # 12 posts, 20 needed


def test_bad_queries_are_422_and_another_tenants_brand_is_404(
    client: Client, owner: Account
) -> None:
    brand = create_brand(client, owner, name="Careful")
    url = f"{API}/brands/{brand['id']}/strategy/best-times"
    assert_problem(client.get(url, params={"level": "1.5"}, headers=owner.headers), 422)
    assert_problem(client.get(url, params={"days": "0"}, headers=owner.headers), 422)
    assert_problem(
        client.get(url, params={"time_zone": "Mars/Olympus"}, headers=owner.headers),
        422,
        field="time_zone",
    )
    missing = client.get(
        url,
        params={"channel_account_id": "0190a8c4-7b1e-7c3d-9a51-2f6d8e0b4c21"},
        headers=owner.headers,
    )
    assert_problem(missing, 404)
    stranger = register(client, organization_name="Elsewhere")
    assert_problem(client.get(url, headers=stranger.headers), 404)
