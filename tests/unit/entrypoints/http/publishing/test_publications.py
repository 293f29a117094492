"""The publishing calendar over HTTP: scheduling, the calendar's reads, reschedule (If-Match),
cancel and retry; bad input is a problem that changes nothing; another tenant's publication
is absent."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, Account, assert_problem, create_brand
from tests.unit.entrypoints.http.publishing_helpers import (
    LATER,
    approved_piece,
    channel_account,
    failed_publication,
    schedule,
    scheduled_publication,
)

from umt.domain.brand.channels import Channel
from umt.domain.publishing.channel_kinds import ChannelKind

Client = TestClient[Litestar]


def listed(client: Client, account: Account, **params: Any) -> list[dict[str, Any]]:
    response = client.get(f"{API}/publications", params=params, headers=account.headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_schedule_then_read_the_calendar(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    piece = approved_piece(client, owner, brand["id"])
    berlin = channel_account(client, owner, brand["id"])
    x = channel_account(
        client,
        owner,
        brand["id"],
        kind=ChannelKind.X_ACCOUNT,
        channel=Channel.X,
        time_zone="America/New_York",
    )
    response = schedule(
        client,
        owner,
        {"content_id": piece["id"], "channel_account_ids": [berlin, x], "local_time": LATER},
    )
    assert response.status_code == 201, response.text
    items = response.json()["items"]
    assert [(p["due_at"], p["time_zone"], p["local_time"]) for p in items] == [
        ("2030-01-07T08:00:00Z", "Europe/Berlin", "2030-01-07T09:00:00"),
        ("2030-01-07T14:00:00Z", "America/New_York", "2030-01-07T09:00:00"),
    ]
    assert {p["status"] for p in items} == {"scheduled"}
    first = client.get(f"{API}/publications/{items[0]['id']}", headers=owner.headers)
    assert first.status_code == 200
    assert first.headers["etag"] == '"1"'
    assert first.json()["attempts"] == []
    assert first.json()["rendering"]["text"].startswith("Our spring roast")
    calendar = listed(client, owner, brand_id=brand["id"], **{"from": "2030-01-07T10:00:00Z"})
    assert [p["id"] for p in calendar] == [items[1]["id"]]
    assert [p["id"] for p in listed(client, owner, channel="x")] == [items[1]["id"]]
    assert listed(client, owner, status="cancelled") == []
    content = client.get(f"{API}/content/{piece['id']}", headers=owner.headers).json()
    assert content["status"] == "scheduled"


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"at": "2020-01-01T09:00:00Z"}, 422, "publication_invalid", "at"),
        ({"local_time": LATER, "time_zone": "Mars/Olympus"}, 422, "invalid_value", "time_zone"),
        ({"local_time": "next tuesday"}, 422, "invalid_value", "local_time"),
        ({}, 422, "invalid_value", "at"),
    ],
)
def test_bad_times_are_problems_that_change_nothing(
    client: Client, owner: Account, body: dict[str, Any], status: int, code: str, field: str
) -> None:
    brand = create_brand(client, owner)
    piece = approved_piece(client, owner, brand["id"])
    account_id = channel_account(client, owner, brand["id"])
    response = schedule(
        client, owner, {"content_id": piece["id"], "channel_account_ids": [account_id], **body}
    )
    assert_problem(response, status, code, field)
    assert listed(client, owner) == []


def test_an_unapproved_piece_is_a_409(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    draft = client.post(
        f"{API}/brands/{brand['id']}/content",
        json={"content_type": "social_post", "channel": "linkedin", "body": "Soon."},
        headers=owner.headers,
    ).json()
    account_id = channel_account(client, owner, brand["id"])
    response = schedule(
        client,
        owner,
        {"content_id": draft["id"], "channel_account_ids": [account_id], "local_time": LATER},
    )
    assert_problem(response, 409, "version_not_approved", "content_id")
    assert listed(client, owner) == []


def test_conflicts_and_violations_are_listed_field_by_field(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    piece = approved_piece(client, owner, brand["id"])
    spaced = channel_account(client, owner, brand["id"], min_spacing_minutes=120)
    body = {"content_id": piece["id"], "channel_account_ids": [spaced], "local_time": LATER}
    assert schedule(client, owner, body).status_code == 201
    clash = schedule(client, owner, {**body, "local_time": "2030-01-07T10:00:00"})
    problem = assert_problem(clash, 409, "publication_conflicts")
    assert [e["field"] for e in problem["errors"]] == ["channel_account_ids[0]"]
    assert problem["errors"][0]["message"].startswith("min_spacing:")

    long_piece = client.post(
        f"{API}/brands/{brand['id']}/content",
        # fine for LinkedIn, where it was approved; too long for X (280 characters)
        json={"content_type": "social_post", "channel": "linkedin", "body": "word " * 200},
        headers=owner.headers,
    ).json()
    for action in ("submit", "approve"):
        done = client.post(f"{API}/content/{long_piece['id']}/{action}", headers=owner.headers)
        assert done.status_code == 200, done.text
    x = channel_account(client, owner, brand["id"], kind=ChannelKind.X_ACCOUNT, channel=Channel.X)
    refused = schedule(
        client,
        owner,
        {"content_id": long_piece["id"], "channel_account_ids": [x], "local_time": LATER},
    )
    problem = assert_problem(refused, 422, "publication_not_compliant")
    assert problem["errors"]
    assert len(listed(client, owner)) == 1


def test_reschedule_needs_if_match_and_cancel_takes_it_off(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    created = scheduled_publication(client, owner, brand["id"])
    url = f"{API}/publications/{created['id']}"
    body = {"local_time": "2030-01-09T18:30:00"}
    assert_problem(client.patch(url, json=body, headers=owner.headers), 428)
    stale = client.patch(url, json=body, headers={**owner.headers, "If-Match": '"7"'})
    assert_problem(stale, 412, "stale_version")
    moved = client.patch(url, json=body, headers={**owner.headers, "If-Match": '"1"'})
    assert moved.status_code == 200, moved.text
    assert (moved.json()["due_at"], moved.headers["etag"]) == ("2030-01-09T17:30:00Z", '"2"')
    cancelled = client.delete(url, headers={**owner.headers, "If-Match": '"2"'})
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    again = client.patch(url, json=body, headers={**owner.headers, "If-Match": '"3"'})
    assert_problem(again, 409, "publication_not_reschedulable")
    content = client.get(f"{API}/content/{created['content_id']}", headers=owner.headers).json()
    assert content["status"] == "approved"


def test_a_failed_publication_shows_its_attempt_and_is_retried(
    client: Client, owner: Account
) -> None:
    brand = create_brand(client, owner)
    created = failed_publication(client, owner, brand["id"])
    url = f"{API}/publications/{created['id']}"
    failed = client.get(url, headers=owner.headers).json()
    assert failed["status"] == "failed"
    assert failed["failure"] == {"reason": "token_expired", "rejection": None, "detail": "401"}
    assert [(a["number"], a["outcome"]) for a in failed["attempts"]] == [(1, "failed")]
    retried = client.post(f"{url}/retry", headers=owner.headers)
    assert retried.status_code == 200, retried.text
    assert retried.json()["status"] == "scheduled"
    assert_problem(client.post(f"{url}/retry", headers=owner.headers), 409)


def test_another_tenants_publication_is_absent(
    client: Client, owner: Account, other_owner: Account
) -> None:
    brand = create_brand(client, owner)
    created = scheduled_publication(client, owner, brand["id"])
    url = f"{API}/publications/{created['id']}"
    headers = {**other_owner.headers, "If-Match": "*"}
    assert_problem(client.get(url, headers=other_owner.headers), 404, "not_found")
    assert_problem(client.patch(url, json={"local_time": LATER}, headers=headers), 404)
    assert_problem(client.delete(url, headers=headers), 404)
    assert_problem(client.post(f"{url}/retry", headers=other_owner.headers), 404)
    assert listed(client, other_owner) == []
    assert listed(client, other_owner, brand_id=brand["id"]) == []
    other_brand = create_brand(client, other_owner)
    piece = approved_piece(client, other_owner, other_brand["id"])
    mine = channel_account(client, owner, brand["id"])
    response = schedule(
        client,
        other_owner,
        {"content_id": piece["id"], "channel_account_ids": [mine], "local_time": LATER},
    )
    assert_problem(response, 422, "account_not_publishable", "channel_account_ids[0]")
    assert client.get(url, headers=owner.headers).json()["version"] == 1


def test_bulk_import_reports_each_row(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    piece = approved_piece(client, owner, brand["id"])
    account_id = channel_account(client, owner, brand["id"])
    csv = (
        "content_id,channel_account_id,local_time\n"
        f"{piece['id']},{account_id},2030-01-07T09:00:00\n"
        f"{piece['id']},{account_id},2030-01-07T25:00:00\n"
    )
    response = client.post(f"{API}/publications/import", json={"csv": csv}, headers=owner.headers)
    assert response.status_code == 200, response.text
    report = response.json()
    assert [p["local_time"] for p in report["scheduled"]] == ["2030-01-07T09:00:00"]
    assert [(r["row"], r["field"]) for r in report["rejected"]] == [(2, "local_time")]
    unreadable = client.post(
        f"{API}/publications/import",
        json={"csv": "content_id,channel_account_id,colour\n"},
        headers=owner.headers,
    )
    assert_problem(unreadable, 422, "invalid_value", "csv")
    both = client.post(
        f"{API}/publications/import", json={"csv": csv, "rows": [{}]}, headers=owner.headers
    )
    assert_problem(both, 422, "invalid_value", "csv")
    assert len(listed(client, owner)) == 1
