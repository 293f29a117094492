"""PATCH /api/v1/campaigns/{id}: If-Match required (428, 412 when stale), renaming and moving
a draft, the invariants as 422 problems that change nothing, and a launched campaign renamed
and moved on the sandbox ad network first."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import msgspec
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.advertising.test_advertising_http import (
    launched,
    planned,
    setting,
)
from tests.unit.entrypoints.http.helpers import API, Account, assert_problem

from umt.adapters.platforms.sandbox.records import AdCampaign

Client = TestClient[Litestar]
__all__ = ["setting"]  # the fixture, shared with the other advertising tests


def patch(client: Client, owner: Account, campaign: dict[str, Any], body: Any, tag: str | None):
    headers = dict(owner.headers)
    if tag is not None:
        headers["If-Match"] = tag
    return client.patch(f"{API}/campaigns/{campaign['id']}", json=body, headers=headers)


def remote_campaign(client: Client, remote_id: str) -> AdCampaign:
    network = client.app.state.container.sandbox_network()
    raw = client.blocking_portal.call(network.store.get, "ad_campaign", remote_id)
    assert raw is not None
    return msgspec.json.decode(raw, type=AdCampaign)


def test_a_draft_is_renamed_moved_and_given_another_objective(
    client: Client, owner: Account, setting: dict[str, Any]
) -> None:
    campaign = planned(client, owner, setting)
    assert_problem(patch(client, owner, campaign, {"name": "Later"}, None), 428)
    assert_problem(patch(client, owner, campaign, {"name": "Later"}, '"99"'), 412)
    ends = datetime.fromisoformat(campaign["ends_at"]) + timedelta(days=5)
    body = {"name": "Spring launch (extended)", "objective": "sales",
            "ends_at": ends.isoformat()}  # fmt: skip
    done = patch(client, owner, campaign, body, f'"{campaign["version"]}"')
    assert done.status_code == 200, done.text
    out = done.json()
    assert (out["name"], out["objective"]) == ("Spring launch (extended)", "sales")
    assert datetime.fromisoformat(out["ends_at"]) == ends
    assert out["version"] == campaign["version"] + 1
    assert done.headers["ETag"] == f'"{out["version"]}"'
    same = patch(client, owner, out, {"name": out["name"]}, "*")
    assert same.json()["version"] == out["version"]  # nothing changed: no new version


def test_bad_changes_are_problems_and_change_nothing(
    client: Client, owner: Account, setting: dict[str, Any]
) -> None:
    campaign = planned(client, owner, setting)
    starts = datetime.fromisoformat(campaign["starts_at"])
    cases: list[tuple[dict[str, Any], int, str | None, str | None]] = [
        ({"ends_at": (starts - timedelta(days=1)).isoformat()}, 422, "campaign_dates_invalid",
         "ends_at"),
        ({"ends_at": "2020-01-01T00:00:00Z", "starts_at": "2019-01-01T00:00:00Z"}, 422,
         "campaign_end_in_past", "ends_at"),
        ({"objective": "fame"}, 422, None, None),
        ({"name": ""}, 422, None, None),
        ({"starts_at": None}, 422, None, "starts_at"),
    ]  # fmt: skip
    for body, status, code, field in cases:
        assert_problem(patch(client, owner, campaign, body, "*"), status, code, field)
    after = client.get(f"{API}/campaigns/{campaign['id']}", headers=owner.headers).json()
    assert after == campaign


def test_a_lifetime_budget_keeps_an_end_date(
    client: Client, owner: Account, setting: dict[str, Any]
) -> None:
    campaign = planned(client, owner, setting)
    currency = setting["account"]["currency"]
    added = client.post(
        f"{API}/campaigns/{campaign['id']}/ad-sets",
        json={"name": "Flight", "budget": {"kind": "lifetime", "amount": "300.00",
              "currency": currency}, "ads": [{"content_id": setting["content"]}]},
        headers=owner.headers,
    )  # fmt: skip
    assert added.status_code == 201, added.text
    refused = patch(client, owner, added.json(), {"ends_at": None}, "*")
    assert_problem(refused, 422, "lifetime_budget_needs_end_date")
    after = client.get(f"{API}/campaigns/{campaign['id']}", headers=owner.headers).json()
    assert after["ends_at"] == campaign["ends_at"]


def test_a_launched_campaign_is_changed_on_the_ad_network_first(
    client: Client, owner: Account, setting: dict[str, Any]
) -> None:
    campaign = launched(client, owner, setting)
    assert campaign["status"] == "active"
    refused = patch(client, owner, campaign, {"objective": "sales"}, "*")
    assert_problem(refused, 409, "campaign_not_editable", "objective")
    later = datetime.fromisoformat(campaign["starts_at"]) + timedelta(days=2)
    moved = patch(client, owner, campaign, {"starts_at": later.isoformat()}, "*")
    assert_problem(moved, 422, "campaign_dates_invalid", "starts_at")  # it has started
    ends = datetime.fromisoformat(campaign["ends_at"]) + timedelta(days=3)
    body = {"name": "Spring launch (extended)", "ends_at": ends.isoformat()}
    done = patch(client, owner, campaign, body, f'"{campaign["version"]}"')
    assert done.status_code == 200, done.text
    remote = remote_campaign(client, campaign["remote_id"])
    assert remote.name.startswith("Spring launch (extended) [umt:cmp-")
    assert remote.ends_at == ends
    open_ended = patch(client, owner, done.json(), {"ends_at": None}, "*")
    assert open_ended.status_code == 200, open_ended.text
    assert open_ended.json()["ends_at"] is None
    assert remote_campaign(client, campaign["remote_id"]).ends_at is None


def test_a_refusal_on_the_ad_network_changes_nothing(
    client: Client, owner: Account, setting: dict[str, Any]
) -> None:
    campaign = launched(client, owner, setting)
    network = client.app.state.container.sandbox_network()
    before = remote_campaign(client, campaign["remote_id"])
    network.faults.outage(True)
    try:
        down = patch(client, owner, campaign, {"name": "Never sent"}, "*")
    finally:
        network.faults.outage(False)
    assert down.status_code == 503, down.text
    assert down.headers["content-type"].startswith("application/problem+json")
    after = client.get(f"{API}/campaigns/{campaign['id']}", headers=owner.headers).json()
    assert (after["name"], after["version"]) == (campaign["name"], campaign["version"])
    assert remote_campaign(client, campaign["remote_id"]).name == before.name
