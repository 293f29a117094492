"""The metrics routes: what they answer, and bad input as a clear problem that changes
nothing (the sync itself, end to end on the sandbox, is tested through the bus in
tests/unit/application/metrics)."""

from __future__ import annotations

import uuid

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, Account, assert_problem, create_brand

Client = TestClient[Litestar]


def test_a_brand_without_accounts_syncs_nothing(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    response = client.post(
        f"{API}/metrics/sync", json={"brand_id": brand["id"]}, headers=owner.headers
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"outcomes": []}


def test_sync_requests_name_one_account_or_one_brand(client: Client, owner: Account) -> None:
    url = f"{API}/metrics/sync"
    assert_problem(client.post(url, json={}, headers=owner.headers), 422, "invalid_value")
    both = {"channel_account_id": str(uuid.uuid4()), "brand_id": str(uuid.uuid4())}
    assert_problem(client.post(url, json=both, headers=owner.headers), 422, "invalid_value")
    unknown = {"channel_account_id": str(uuid.uuid4())}
    assert_problem(client.post(url, json=unknown, headers=owner.headers), 404, "not_found")
    extra = {"brand_id": str(uuid.uuid4()), "cursor": "x"}
    assert_problem(client.post(url, json=extra, headers=owner.headers), 422, "validation_failed")
    state = client.get(f"{API}/channel-accounts/{uuid.uuid4()}/sync", headers=owner.headers)
    assert_problem(state, 404, "not_found")


def test_samples_of_a_subject_with_none_yet(client: Client, owner: Account) -> None:
    subject = str(uuid.uuid4())
    response = client.get(
        f"{API}/metrics/samples",
        params={"subject_kind": "publication", "subject_id": subject, "metric": "clicks"},
        headers=owner.headers,
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "subject_kind": "publication",
        "subject_id": subject,
        "latest": [],
        "series": [],
        "next_cursor": None,
    }


def test_bad_sample_queries_are_problems(client: Client, owner: Account) -> None:
    url = f"{API}/metrics/samples"
    base = {"subject_kind": "publication", "subject_id": str(uuid.uuid4())}
    cases = [
        ({**base, "cursor": "not-a-cursor"}, 422),
        ({**base, "from": "2026-03-02T00:00:00Z", "to": "2026-03-01T00:00:00Z"}, 422),
        ({**base, "from": "2026-03-01T00:00:00"}, 422),  # no time zone
        ({**base, "subject_kind": "tweet"}, 422),
        ({**base, "metric": "followers"}, 422),
        ({**base, "limit": "0"}, 422),
        ({"subject_kind": "publication"}, 422),
    ]
    for params, status in cases:
        response = client.get(url, params=params, headers=owner.headers)
        assert_problem(response, status)
