"""The analytics routes (on the module's app: each test has a brand of its own): a JSON
batch and a CSV file ingested (once by the sample key; every bad row a field error of one 422
that stores nothing), the same batch as an agent task, and the brand dashboard read from the
rollups they made."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.agents.test_jobs import finished_job
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    add_member,
    assert_problem,
    create_brand,
)

from umt.domain.identity.permissions import Role
from umt.entrypoints.http.schemas.analytics import EXAMPLE_SAMPLES

Client = TestClient[Litestar]


def rows(post: str, *values: int) -> list[dict[str, Any]]:
    """A post's impressions: ``values`` on the days before today, the last one today."""
    today = datetime.now(UTC).replace(hour=0, minute=30, second=0, microsecond=0)
    return [
        {
            "subject_kind": "publication",
            "subject_id": post,
            "channel": "linkedin",
            "metric": "impressions",
            "value": value,
            "observed_at": (today - timedelta(days=len(values) - 1 - i)).isoformat(),
        }
        for i, value in enumerate(values)
    ]


def test_a_batch_is_stored_once_and_shows_on_the_dashboard(
    shared_client: Client, shared_owner: Account
) -> None:
    brand = create_brand(shared_client, shared_owner)  # UTC
    url = f"{API}/brands/{brand['id']}/analytics"
    batch = {"samples": rows(str(uuid.uuid4()), 100, 130, 190)}
    first = shared_client.post(f"{url}/samples", json=batch, headers=shared_owner.headers)
    assert first.status_code == 200, first.text
    assert first.json() == {"received": 3, "stored": 3, "duplicates": 0, "late": 0}
    again = shared_client.post(f"{url}/samples", json=batch, headers=shared_owner.headers)
    assert again.json() == {"received": 3, "stored": 0, "duplicates": 3, "late": 0}

    today = datetime.now(UTC).date()
    board = shared_client.get(
        f"{url}/dashboard",
        params={
            "from": str(today - timedelta(days=1)),
            "to": str(today),
            "metric": ["impressions", "likes"],
        },
        headers=shared_owner.headers,
    )
    assert board.status_code == 200, board.text
    body = board.json()
    assert body["period"] == {"from": str(today - timedelta(days=1)), "to": str(today)}
    assert body["previous"]["to"] == str(today - timedelta(days=2))
    assert body["days"] == [str(today - timedelta(days=1)), str(today)]
    impressions, likes = body["metrics"]
    assert impressions == {
        "metric": "impressions",
        "currency": None,
        "daily": ["30", "60"],
        "total": "90",
        "previous_total": "100",
        "change": "-0.1",
        "channels": [
            {"channel": "linkedin", "daily": ["30", "60"], "total": "90", "previous_total": "100"}
        ],
    }
    assert (likes["metric"], likes["daily"], likes["channels"]) == ("likes", ["0", "0"], [])


def test_a_bad_batch_lists_every_bad_row_and_stores_nothing(
    shared_client: Client, shared_owner: Account
) -> None:
    brand = create_brand(shared_client, shared_owner)
    url = f"{API}/brands/{brand['id']}/analytics/samples"
    good = rows(str(uuid.uuid4()), 5)[0]
    batch = {"samples": [good, {**good, "metric": "followers"}, {**good, "value": "-3"}]}
    problem = assert_problem(
        shared_client.post(url, json=batch, headers=shared_owner.headers), 422, "invalid_samples"
    )
    assert [e["field"] for e in problem["errors"]] == ["samples[1].metric", "samples[2].value"]
    board = shared_client.get(
        f"{API}/brands/{brand['id']}/analytics/dashboard", headers=shared_owner.headers
    )
    assert board.json()["metrics"][0]["total"] == "0"
    # the shape of the body is checked before: an unknown field, no rows
    assert_problem(
        shared_client.post(url, json={**batch, "x": 1}, headers=shared_owner.headers), 422
    )
    assert_problem(shared_client.post(url, json={"samples": []}, headers=shared_owner.headers), 422)
    assert_problem(
        shared_client.post(
            f"{API}/brands/{uuid.uuid4()}/analytics/samples",
            json=batch,
            headers=shared_owner.headers,
        ),
        404,
        "not_found",
    )


def test_a_csv_file_is_ingested_and_a_bad_line_named(
    shared_client: Client, shared_owner: Account
) -> None:
    brand = create_brand(shared_client, shared_owner)
    url = f"{API}/brands/{brand['id']}/analytics/samples/csv"
    row = rows(str(uuid.uuid4()), 40)[0]
    header = ",".join(row)
    line = ",".join(str(v) for v in row.values())
    headers = {**shared_owner.headers, "Content-Type": "text/csv"}
    response = shared_client.post(
        url, content=f"{header}\n{line}\n", headers=headers, params={"source": "tiktok_export"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["stored"] == 1
    bad = f"{header}\n{line}\n{line.replace('impressions', 'views')}\n"
    problem = assert_problem(
        shared_client.post(url, content=bad, headers=headers), 422, "invalid_samples"
    )
    assert problem["errors"] == [
        {"field": "line 3.metric", "message": problem["errors"][0]["message"]}
    ]
    assert_problem(
        shared_client.post(url, content=b"\xff\xfe", headers=headers), 422, "invalid_samples"
    )
    assert_problem(shared_client.post(url, content="", headers=headers), 422, "invalid_samples")
    assert_problem(
        shared_client.post(
            url, content=f"{header}\n{line}\n", headers=headers, params={"source": "No!"}
        ),
        422,
    )


def test_the_same_batch_as_an_agent_task(shared_client: Client, shared_owner: Account) -> None:
    brand = create_brand(shared_client, shared_owner)
    task = {
        "task_type": "analytics.ingest",
        "input": {"brand_id": brand["id"], "samples": rows(str(uuid.uuid4()), 7, 9)},
    }
    accepted = shared_client.post(f"{API}/jobs", json=task, headers=shared_owner.headers)
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["agent"] == "content-strategy"
    job = finished_job(shared_client, shared_owner, accepted.json()["id"])
    assert job["status"] == "succeeded", job
    assert job["result"] == {"received": 2, "stored": 2, "duplicates": 0, "late": 0}


def test_bad_dashboard_queries_are_problems(shared_client: Client, shared_owner: Account) -> None:
    brand = create_brand(shared_client, shared_owner)
    url = f"{API}/brands/{brand['id']}/analytics/dashboard"
    for params in (
        {"from": "2026-03-02", "to": "2026-03-01"},
        {"from": "2024-01-01", "to": "2026-03-01"},
        {"metric": "followers"},
        {"channel": "myspace"},
        {"from": "yesterday"},
    ):
        assert_problem(shared_client.get(url, params=params, headers=shared_owner.headers), 422)


def test_the_openapi_example_batch_is_accepted(
    shared_client: Client, shared_owner: Account
) -> None:
    brand = create_brand(shared_client, shared_owner)
    url = f"{API}/brands/{brand['id']}/analytics/samples"
    body = {"samples": EXAMPLE_SAMPLES, "source": "tiktok_export"}
    response = shared_client.post(url, json=body, headers=shared_owner.headers)
    assert response.status_code == 200, response.text
    assert response.json()["stored"] == len(EXAMPLE_SAMPLES)


def test_a_denied_or_foreign_batch_stores_nothing(
    shared_client: Client, shared_owner: Account, shared_other_owner: Account
) -> None:
    """The role and tenancy matrices snapshot no dashboard (a request per brand costs them
    minutes): a viewer's (403) and another organization's (404) batch and file are checked
    here to change nothing."""
    brand = create_brand(shared_client, shared_owner)
    base = f"{API}/brands/{brand['id']}/analytics"
    viewer = add_member(shared_client, shared_owner, Role.VIEWER)
    batch = {"samples": rows(str(uuid.uuid4()), 3, 8)}
    row = batch["samples"][0]
    csv = f"{','.join(row)}\n{','.join(str(v) for v in row.values())}\n"
    for caller, status in ((viewer, 403), (shared_other_owner, 404)):
        json_batch = shared_client.post(f"{base}/samples", json=batch, headers=caller.headers)
        assert_problem(json_batch, status)
        headers = {**caller.headers, "Content-Type": "text/csv"}
        assert_problem(
            shared_client.post(f"{base}/samples/csv", content=csv, headers=headers), status
        )
    board = shared_client.get(f"{base}/dashboard", headers=shared_owner.headers).json()
    assert {m["total"] for m in board["metrics"]} == {"0"}
