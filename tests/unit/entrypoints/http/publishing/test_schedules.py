"""Recurring schedules over HTTP: created and expanded at once, changed with If-Match, deleted
(what waits is cancelled); bad rules are 422 problems; another tenant's schedule is absent."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, Account, assert_problem, create_brand
from tests.unit.entrypoints.http.publishing_helpers import (
    approved_piece,
    channel_account,
    created_schedule,
)

Client = TestClient[Litestar]


def test_create_change_and_delete(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    schedule = created_schedule(client, owner, brand["id"])
    assert (schedule["frequency"], schedule["weekdays"], schedule["local_time"]) == (
        "weekly",
        [0, 3],
        "09:00",
    )
    made = client.get(
        f"{API}/publications", params={"schedule_id": schedule["id"]}, headers=owner.headers
    ).json()["items"]
    assert made
    assert {p["local_time"][11:] for p in made} == {"09:00:00"}
    url = f"{API}/schedules/{schedule['id']}"
    assert_problem(client.patch(url, json={"local_time": "10:00"}, headers=owner.headers), 428)
    changed = client.patch(
        url,
        json={"local_time": "10:00"},
        headers={**owner.headers, "If-Match": f'"{schedule["version"]}"'},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["local_time"] == "10:00"
    removed = client.delete(url, headers={**owner.headers, "If-Match": changed.headers["etag"]})
    assert removed.status_code == 200, removed.text
    assert_problem(client.get(url, headers=owner.headers), 404)
    after = client.get(
        f"{API}/publications",
        params={"schedule_id": schedule["id"], "status": "scheduled"},
        headers=owner.headers,
    ).json()["items"]
    assert after == []


def test_bad_rules_and_other_tenants(client: Client, owner: Account, other_owner: Account) -> None:
    brand = create_brand(client, owner)
    piece = approved_piece(client, owner, brand["id"])
    account_id = channel_account(client, owner, brand["id"])
    body = {"content_id": piece["id"], "channel_account_ids": [account_id], "local_time": "09:00"}
    weekly = client.post(
        f"{API}/schedules", json={**body, "frequency": "weekly"}, headers=owner.headers
    )
    assert_problem(weekly, 422, "schedule_invalid", "weekdays")
    zone = client.post(
        f"{API}/schedules",
        json={**body, "frequency": "daily", "time_zone": "Mars/Olympus"},
        headers=owner.headers,
    )
    assert_problem(zone, 422, field="time_zone")
    assert client.get(f"{API}/schedules", headers=owner.headers).json()["items"] == []
    schedule = created_schedule(client, owner, brand["id"])
    url = f"{API}/schedules/{schedule['id']}"
    assert_problem(client.get(url, headers=other_owner.headers), 404)
    assert_problem(client.delete(url, headers={**other_owner.headers, "If-Match": "*"}), 404)
    assert client.get(f"{API}/schedules", headers=other_owner.headers).json()["items"] == []
