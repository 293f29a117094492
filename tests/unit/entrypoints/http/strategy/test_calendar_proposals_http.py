"""The calendar proposal routes end to end: a proposal for a project on the brand's sandbox
account, read with its ETag, accepted once with If-Match (412 when stale; a second accept
creates nothing), its slots planned and scheduled once a piece is approved; a viewer may read
but not propose or accept; another tenant gets 404."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from uuid import uuid4

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.agents.test_jobs import finished_job
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    add_member,
    assert_problem,
    build_app,
    create_brand,
    create_project,
    register,
    sandbox_channel_accounts,
)

from umt.domain.identity.permissions import Role

Client = TestClient[Litestar]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    with TestClient(app=build_app(tmp_path_factory.mktemp("calendar"))) as running:
        yield running


@pytest.fixture(scope="module")
def owner(client: Client) -> Account:
    return register(client, organization_name="Calendar Co")


def test_propose_read_and_accept_once(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner, name="Planned", time_zone="Europe/Berlin")
    project = create_project(client, owner, brand["id"], name="Q1", project_type="content_series")
    found = sandbox_channel_accounts(client, owner, brand["id"])
    account_id = next(a["id"] for a in found["items"] if a["kind"] == "sandbox_account")
    url = f"{API}/brands/{brand['id']}/strategy/calendar-proposals"

    made = client.post(
        url, json={"project_id": project["id"], "weeks": 2, "per_week": 2}, headers=owner.headers
    )

    assert made.status_code == 201, made.text
    proposal = made.json()
    assert (proposal["status"], made.headers["etag"]) == ("proposed", '"1"')
    assert len(proposal["slots"]) == 4
    assert {s["channel_account_id"] for s in proposal["slots"]} == {account_id}
    assert {s["timing"] for s in proposal["slots"]} == {"default"}  # no posts measured yet
    assert [s["local_time"][11:] for s in proposal["slots"]] == ["09:00"] * 4
    assert proposal["pieces"] == []
    listed = client.get(url, headers=owner.headers).json()["items"]
    assert [p["id"] for p in listed] == [proposal["id"]]

    accept = f"{url}/{proposal['id']}/accept"
    assert_problem(client.post(accept, headers={**owner.headers, "If-Match": '"5"'}), 412)
    accepted = client.post(accept, headers={**owner.headers, "If-Match": '"1"'})
    assert accepted.status_code == 200, accepted.text
    body = accepted.json()
    assert (body["status"], accepted.headers["etag"]) == ("accepted", '"2"')
    assert [p["slot"] for p in body["pieces"]] == [0, 1, 2, 3]
    again = client.post(accept, headers=owner.headers)
    assert again.json()["pieces"] == body["pieces"]  # nothing created twice
    drafts = client.get(
        f"{API}/content", params={"brand_id": brand["id"]}, headers=owner.headers
    ).json()["items"]
    assert sorted(d["id"] for d in drafts) == sorted(p["content_id"] for p in body["pieces"])


def test_roles_bad_input_and_tenants(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner, name="Guarded plan")
    url = f"{API}/brands/{brand['id']}/strategy/calendar-proposals"
    viewer = add_member(client, owner, Role.VIEWER)
    assert_problem(client.post(url, json={}, headers=viewer.headers), 403, "permission_denied")
    proposal = client.post(url, json={"weeks": 1}, headers=owner.headers).json()
    one = f"{url}/{proposal['id']}"
    assert client.get(one, headers=viewer.headers).json()["id"] == proposal["id"]
    assert_problem(client.post(f"{one}/accept", headers=viewer.headers), 403, "permission_denied")

    assert_problem(client.post(url, json={"weeks": 13}, headers=owner.headers), 422)
    assert_problem(
        client.post(url, json={"content_type": "hologram"}, headers=owner.headers),
        422,
        field="content_type",
    )
    unknown = {"channel_account_ids": [str(uuid4())]}
    assert_problem(client.post(url, json=unknown, headers=owner.headers), 404)
    assert_problem(client.get(f"{url}/{uuid4()}", headers=owner.headers), 404)

    stranger = register(client, organization_name="Elsewhere plans")
    for method, path in (("POST", url), ("GET", url), ("GET", one), ("POST", f"{one}/accept")):
        body = {} if (method, path) == ("POST", url) else None
        response = client.request(method, path, json=body, headers=stranger.headers)
        assert_problem(response, 404, "not_found")
    theirs = create_brand(client, stranger, name="Their plan")
    other = f"{API}/brands/{theirs['id']}/strategy/calendar-proposals/{proposal['id']}"
    assert_problem(client.post(f"{other}/accept", headers=stranger.headers), 404, "not_found")
    assert client.get(one, headers=owner.headers).json()["status"] == "proposed"


def test_the_content_strategy_agent_serves_the_tasks(client: Client, owner: Account) -> None:
    """strategy.propose_calendar, strategy.recommend and strategy.best_times as jobs."""
    brand = create_brand(client, owner, name="Tasked")
    sandbox_channel_accounts(client, owner, brand["id"])
    results = {}
    for task, extra in (
        ("strategy.propose_calendar", {"weeks": 1, "per_week": 2}),
        ("strategy.recommend", {}),
        ("strategy.best_times", {"top": 1}),
    ):
        body = {"task_type": task, "input": {"brand_id": brand["id"], **extra}}
        accepted = client.post(f"{API}/jobs", json=body, headers=owner.headers)
        assert accepted.status_code in (200, 202), accepted.text
        job = finished_job(client, owner, accepted.json()["id"])
        assert job["status"] == "succeeded", job
        results[task] = job["result"]
    assert len(results["strategy.propose_calendar"]["slots"]) == 2
    assert results["strategy.recommend"] == {"value": []}  # nothing measured, nothing advised
    assert results["strategy.best_times"]["accounts"][0]["status"] == "not_enough_data"
    listed = client.get(
        f"{API}/brands/{brand['id']}/strategy/calendar-proposals", headers=owner.headers
    ).json()["items"]
    assert [p["id"] for p in listed] == [results["strategy.propose_calendar"]["id"]]


def _plans(client: Client, who: Account, brand_id: str, **params: str) -> list[dict[str, Any]]:
    response = client.get(
        f"{API}/brands/{brand_id}/planned-publications", params=params, headers=who.headers
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_accepted_slots_are_planned_and_scheduled_once_approved(
    client: Client, owner: Account
) -> None:
    """The embedded content-ad-management agent follows content.approved: the approved
    piece's plan becomes a publication at its slot; the others keep waiting."""
    brand = create_brand(client, owner, name="Planned ahead", time_zone="Europe/Berlin")
    sandbox_channel_accounts(client, owner, brand["id"])
    url = f"{API}/brands/{brand['id']}/strategy/calendar-proposals"
    proposal = client.post(url, json={"weeks": 1, "per_week": 2}, headers=owner.headers).json()
    accepted = client.post(f"{url}/{proposal['id']}/accept", headers=owner.headers).json()
    client.post(f"{url}/{proposal['id']}/accept", headers=owner.headers)  # twice: harmless

    plans = _plans(client, owner, brand["id"], proposal_id=proposal["id"])
    assert [(p["slot"], p["status"]) for p in plans] == [(0, "planned"), (1, "planned")]
    assert [p["due_at"] for p in plans] == [s["due_at"] for s in proposal["slots"]]
    piece = accepted["pieces"][0]["content_id"]
    for step in ("submit", "approve"):
        done = client.post(f"{API}/content/{piece}/{step}", headers=owner.headers)
        assert done.status_code == 200, done.text

    deadline = time.monotonic() + 20
    while (first := _plans(client, owner, brand["id"])[0])["status"] == "planned":
        assert time.monotonic() < deadline, "the approval was never followed"
        time.sleep(0.02)
    assert first["status"] == "scheduled", first
    publication = client.get(
        f"{API}/publications/{first['publication_id']}", headers=owner.headers
    ).json()
    assert (publication["content_id"], publication["status"]) == (piece, "scheduled")
    assert datetime.fromisoformat(publication["due_at"]) == datetime.fromisoformat(
        proposal["slots"][0]["due_at"]
    )
    assert [p["status"] for p in _plans(client, owner, brand["id"], status="planned")] == [
        "planned"
    ]

    assert_problem(
        client.get(
            f"{API}/brands/{brand['id']}/planned-publications",
            params={"status": "someday"},
            headers=owner.headers,
        ),
        422,
        field="status",
    )
    stranger = register(client, organization_name="Elsewhere planned")
    assert_problem(
        client.get(
            f"{API}/brands/{brand['id']}/planned-publications",
            headers=stranger.headers,
        ),
        404,
    )


def test_reject_once(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner, name="Not now")
    sandbox_channel_accounts(client, owner, brand["id"])
    url = f"{API}/brands/{brand['id']}/strategy/calendar-proposals"
    proposal = client.post(url, json={"weeks": 1}, headers=owner.headers).json()
    reject = f"{url}/{proposal['id']}/reject"
    viewer = add_member(client, owner, Role.VIEWER)
    assert_problem(client.post(reject, json={}, headers=viewer.headers), 403, "permission_denied")
    too_long = {"reason": "x" * 501}
    assert_problem(client.post(reject, json=too_long, headers=owner.headers), 422)

    done = client.post(
        reject, json={"reason": "not this quarter"}, headers={**owner.headers, "If-Match": '"1"'}
    )

    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["status"], body["rejection_reason"], done.headers["etag"]) == (
        "rejected",
        "not this quarter",
        '"2"',
    )
    assert_problem(
        client.post(reject, json={}, headers=owner.headers), 409, "calendar_proposal_decided"
    )
    accept = client.post(f"{url}/{proposal['id']}/accept", headers=owner.headers)
    assert_problem(accept, 409, "calendar_proposal_decided")
    assert client.get(f"{url}/{proposal['id']}", headers=owner.headers).json()["pieces"] == []
