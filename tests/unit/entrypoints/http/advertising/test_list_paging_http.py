"""The lists of channel accounts, campaigns, ad rules and budget caps page like every other
list: ``limit``, ``cursor`` (the previous page's ``next_cursor``) and ``sort``; walking the
pages one item at a time gives the whole list once, in order; a bad sort or cursor is a 422."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.advertising.test_advertising_http import planned, setting
from tests.unit.entrypoints.http.helpers import API, Account, assert_problem

Client = TestClient[Litestar]

__all__ = ["setting"]  # the fixture, shared with the other advertising tests


def walk(client: Client, owner: Account, url: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of the list, one page of one item at a time."""
    seen: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        query = {**params, "limit": 1, **({"cursor": cursor} if cursor else {})}
        response = client.get(url, params=query, headers=owner.headers)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= 1
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen


def test_each_list_pages_by_cursor(client: Client, owner: Account, setting: dict[str, Any]) -> None:
    brand_id = setting["brand"]["id"]
    campaigns = [planned(client, owner, setting) for _ in range(3)]
    for n in range(3):
        rule = {
            "campaign_id": campaigns[0]["id"],
            "name": f"Notify {n}",
            "action": "notify",
            "condition": {"metric": "spend", "comparison": "gte", "threshold": "0"},
        }
        assert client.post(f"{API}/ad-rules", json=rule, headers=owner.headers).status_code == 201
    for body in (
        {"currency": "USD", "daily": "30.00"},
        {"currency": "EUR", "daily": "20.00"},
        {"currency": "USD", "daily": "10.00", "brand_id": brand_id},
    ):
        assert client.put(f"{API}/budget-caps", json=body, headers=owner.headers).status_code == 200

    for url, params, least in (
        (f"{API}/channel-accounts", {"brand_id": brand_id}, 2),
        (f"{API}/campaigns", {"brand_id": brand_id}, 3),
        (f"{API}/ad-rules", {"campaign_id": campaigns[0]["id"]}, 3),
        (f"{API}/budget-caps", {}, 3),
    ):
        whole = client.get(url, params=params, headers=owner.headers).json()
        assert whole["next_cursor"] is None  # fewer than the default 50
        assert len(whole["items"]) >= least, url
        assert walk(client, owner, url, **params) == whole["items"], url
        assert_problem(client.get(url, params={"sort": "colour"}, headers=owner.headers), 422)
        garbage = client.get(url, params={"cursor": "not-a-cursor"}, headers=owner.headers)
        assert_problem(garbage, 422, field="cursor")

    newest_first = walk(client, owner, f"{API}/campaigns", brand_id=brand_id, sort="-created_at")
    assert [c["id"] for c in newest_first] == [c["id"] for c in reversed(campaigns)]
    caps = [(c["brand_id"], c["currency"]) for c in walk(client, owner, f"{API}/budget-caps")]
    assert caps == [(None, "EUR"), (None, "USD"), (brand_id, "USD")]  # the organization's first
