"""A brand's evergreen rule over HTTP: created (once), changed with If-Match (428, 412),
read, run (its winner scheduled again with why), deleted with If-Match; bad settings are 422
problems that store nothing; another tenant's brand is absent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from litestar import Litestar
from litestar.testing import TestClient
from tests.support.strategy import Post, seed_posts
from tests.unit.entrypoints.http.helpers import API, Account, assert_problem, create_brand
from tests.unit.entrypoints.http.publishing_helpers import (
    approved_piece,
    channel_account,
    store_of,
)

from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.system.ids import UuidV7Generator
from umt.application.audit.entries import entry_for_event

Client = TestClient[Litestar]


def test_set_run_and_delete(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    piece = approved_piece(client, owner, brand["id"])
    account_id = channel_account(client, owner, brand["id"])
    store = store_of(client)
    account = store.channel_accounts[UUID(account_id)]
    ids = UuidV7Generator()
    now = datetime.now(UTC)
    posts = [
        Post(at=now - timedelta(days=45), impressions=900, likes=90, content_id=UUID(piece["id"]))
    ]
    posts += [Post(at=now - timedelta(days=44 - n), impressions=900, likes=9) for n in range(3)]

    async def seed() -> None:
        factory = lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event)  # noqa: E731
        await seed_posts(factory, account, posts, now=now)

    client.blocking_portal.call(seed)
    url = f"{API}/brands/{brand['id']}/evergreen-rule"
    assert_problem(client.get(url, headers=owner.headers), 404)

    created = client.post(url, json={"max_per_week": 1}, headers=owner.headers)
    assert created.status_code == 201, created.text
    assert created.headers["etag"] == '"1"'
    assert (created.json()["measure"], created.json()["max_per_week"]) == ("engagement_rate", 1)
    assert_problem(client.post(url, json={}, headers=owner.headers), 409)
    change = {"min_age_days": 14}
    assert_problem(client.patch(url, json=change, headers=owner.headers), 428)
    stale = client.patch(url, json=change, headers={**owner.headers, "If-Match": '"7"'})
    assert_problem(stale, 412)
    changed = client.patch(url, json=change, headers={**owner.headers, "If-Match": '"1"'})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["min_age_days"], changed.json()["max_per_week"]) == (14, 1)

    ran = client.post(f"{url}/run", headers=owner.headers)
    assert ran.status_code == 200, ran.text
    (pick,) = ran.json()["picked"]
    assert (pick["content_id"], pick["rank"], pick["value"]) == (piece["id"], 1, 0.1)
    assert pick["measure"] == "engagement_rate"
    scheduled = client.get(
        f"{API}/publications", params={"content_id": piece["id"]}, headers=owner.headers
    ).json()["items"]
    assert [p["id"] for p in scheduled if p["status"] == "scheduled"] == [pick["publication_id"]]
    rule = client.get(url, headers=owner.headers)
    assert rule.json()["picks"] == [pick]

    assert_problem(client.delete(url, headers=owner.headers), 428)
    removed = client.delete(url, headers={**owner.headers, "If-Match": rule.headers["etag"]})
    assert removed.status_code == 200, removed.text
    assert_problem(client.get(url, headers=owner.headers), 404)


def test_bad_settings_and_other_tenants(
    client: Client, owner: Account, other_owner: Account
) -> None:
    brand = create_brand(client, owner)
    url = f"{API}/brands/{brand['id']}/evergreen-rule"
    for body, field in (
        ({"max_per_week": 0}, "max_per_week"),
        ({"measure": "likes_per_fortnight"}, "measure"),
        ({"channel_account_ids": ["0193a3c2-4444-7c4a-9a51-1f6c0f3e2a10"]}, None),
        ({"cadence": "often"}, None),
    ):
        assert_problem(client.post(url, json=body, headers=owner.headers), 422, field=field)
    assert_problem(client.get(url, headers=owner.headers), 404)
    assert client.post(url, json={}, headers=owner.headers).status_code == 201
    bad = client.patch(url, json={"max_per_week": 0}, headers={**owner.headers, "If-Match": "*"})
    assert_problem(bad, 422, field="max_per_week")
    assert client.get(url, headers=owner.headers).json()["max_per_week"] == 2
    assert_problem(client.get(url, headers=other_owner.headers), 404)
    assert_problem(client.post(url, json={}, headers=other_owner.headers), 404)
    other = {**other_owner.headers, "If-Match": "*"}
    assert_problem(client.patch(url, json={"active": False}, headers=other), 404)
    assert_problem(client.post(f"{url}/run", headers=other_owner.headers), 404)
    assert_problem(client.delete(url, headers=other), 404)
    # and A's rule is untouched by all of B's tries
    assert client.get(url, headers=owner.headers).json()["active"] is True
