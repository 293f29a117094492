"""Jobs over HTTP: work handed to the in-process agents, answered 202, polled to its end."""

from __future__ import annotations

import time
from typing import Any

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, Account, assert_problem, submit_job

Client = TestClient[Litestar]


def finished_job(client: Client, account: Account, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        response = client.get(f"{API}/jobs/{job_id}", headers=account.headers)
        assert response.status_code == 200, response.text
        job: dict[str, Any] = response.json()
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} never finished")


def test_a_job_runs_on_its_agent_and_reports_the_result(client: Client, owner: Account) -> None:
    response = client.post(
        f"{API}/jobs",
        json={"task_type": "brand.create", "input": {"name": "Queued Coffee"}},
        headers=owner.headers,
    )
    assert response.status_code == 202, response.text
    accepted = response.json()
    assert response.headers["location"] == f"{API}/jobs/{accepted['id']}"
    assert accepted["agent"] == "brand-project"
    assert accepted["status"] in ("queued", "running", "succeeded")
    job = finished_job(client, owner, accepted["id"])
    assert job["status"] == "succeeded", job
    assert job["error"] is None
    assert job["result"]["name"] == "Queued Coffee"
    assert job["finished_at"] is not None
    brand = client.get(f"{API}/brands/{job['result']['id']}", headers=owner.headers)
    assert brand.status_code == 200
    assert brand.json()["slug"] == "queued-coffee"


def test_a_job_whose_task_fails_reports_a_typed_error(client: Client, owner: Account) -> None:
    accepted = submit_job(client, owner, "brand.create", name="")  # an empty name is invalid
    job = finished_job(client, owner, accepted["id"])
    assert job["status"] == "failed"
    assert job["result"] is None
    assert job["error"]["code"] == "invalid_value"
    assert job["error"]["retryable"] is False
    brands = client.get(f"{API}/brands", headers=owner.headers).json()
    assert brands["items"] == []


def test_a_task_no_agent_serves_is_refused_at_once(client: Client, owner: Account) -> None:
    response = client.post(
        f"{API}/jobs", json={"task_type": "content.generate", "input": {}}, headers=owner.headers
    )
    assert_problem(response, 422, "task_not_implemented")


def test_a_job_is_visible_to_its_organization_only(
    client: Client, owner: Account, other_owner: Account
) -> None:
    job = submit_job(client, owner, "brand.list")
    response = client.get(f"{API}/jobs/{job['id']}", headers=other_owner.headers)
    assert_problem(response, 404, "not_found")


def test_the_agents_list_shows_every_agent_and_its_live_instance(
    client: Client, owner: Account
) -> None:
    deadline = time.monotonic() + 5
    while True:
        response = client.get(f"{API}/agents", headers=owner.headers)
        assert response.status_code == 200, response.text
        agents = {a["name"]: a for a in response.json()["items"]}
        if all(a["instances"] for a in agents.values()) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert set(agents) == {
        "auth-integration",
        "brand-project",
        "content-strategy",
        "content-creation",
        "content-ad-management",
    }
    brand_project = agents["brand-project"]
    assert brand_project["status"] == "up"
    assert "brand.create" in brand_project["tasks"]
    (instance,) = brand_project["instances"]
    assert instance["status"] == "running"
    assert instance["stale"] is False
    assert "content.create" in agents["content-creation"]["tasks"]  # the content library
    assert "attribution.report" in agents["content-strategy"]["tasks"]
    assert {"research.crawl", "research.topic_gaps"} <= set(agents["content-strategy"]["tasks"])


def test_the_agents_list_needs_a_token(client: Client) -> None:
    assert_problem(client.get(f"{API}/agents"), 401)


def test_domain_events_reach_the_broker_through_the_outbox_relay(
    client: Client, owner: Account
) -> None:
    """The embedded default relays the outbox too: a created brand's event gets published."""
    container = client.app.state.container
    store = container.memory_store()
    response = client.post(f"{API}/brands", json={"name": "Relayed"}, headers=owner.headers)
    assert response.status_code == 201
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        created = [m for m in store.outbox if m.event_type == "brand.created"]
        if created and all(m.published_at is not None for m in created):
            break
        time.sleep(0.02)
    created = [m for m in store.outbox if m.event_type == "brand.created"]
    assert created
    assert all(m.published_at is not None for m in created), created
