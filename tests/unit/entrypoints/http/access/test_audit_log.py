"""The audit log over HTTP: what a change and a failed sign-in leave, who may read it, filters.

The app runs on SQLite with tracing into an in-memory exporter, so the entries are the ones the
SQL unit of work writes, with a real trace id continued from the caller's ``traceparent``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from opentelemetry.sdk.trace import TracerProvider
from tests.unit.entrypoints.http.helpers import (
    API,
    PASSWORD,
    Account,
    add_member,
    assert_problem,
    create_brand,
    register,
)

from umt.adapters.sql.migrate import upgrade_to_head
from umt.domain.identity.permissions import Role
from umt.entrypoints.container import build_container
from umt.entrypoints.http.app import create_app
from umt.entrypoints.settings import Settings

Client = TestClient[Litestar]
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    tmp_path = tmp_path_factory.mktemp("audit")
    url = f"sqlite+aiosqlite:///{tmp_path / 'umt.db'}"
    asyncio.run(upgrade_to_head(url))
    settings = Settings(
        _env_file=None,
        database_url=url,
        data_dir=tmp_path,
        environment="development",
        jwt_secret=None,
        broker_url="",
        redis_url="",
        run_agents="auto",
        rate_limits=False,
    )
    container = build_container(settings, tracer_provider=TracerProvider())
    with TestClient(app=create_app(settings, container=container)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def owner(client: Client) -> Account:
    return register(client, organization_name="Audited")


@pytest.fixture(scope="module")
def outsider(client: Client) -> Account:
    return register(client, organization_name="Elsewhere")


def audit(client: Client, account: Account, **params: Any) -> list[dict[str, Any]]:
    response = client.get(f"{API}/audit-log", params=params, headers=account.headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_a_brand_update_leaves_one_entry_with_before_after_and_origin(
    client: Client, owner: Account
) -> None:
    brand = create_brand(client, owner, name="Before", industry="tea")
    response = client.patch(
        f"{API}/brands/{brand['id']}",
        json={"name": "After", "industry": "tea"},
        headers={
            **owner.headers,
            "User-Agent": "audit-test/1.0",
            "traceparent": TRACEPARENT,
            "If-Match": "*",
        },
    )
    assert response.status_code == 200, response.text
    entries = audit(client, owner, action="brand.updated", resource_id=brand["id"])
    assert len(entries) == 1
    entry = entries[0]
    assert entry["before"] == {"name": "Before"}
    assert entry["after"] == {"name": "After"}
    assert entry["resource_type"] == "brand"
    assert entry["actor"] == {"type": "user", "id": owner.user_id, "on_behalf_of": None}
    assert entry["ip"] == "testclient"
    assert entry["user_agent"] == "audit-test/1.0"
    assert entry["trace_id"] == TRACE_ID
    assert entry["request_id"] == response.headers["x-request-id"]


def test_a_failed_sign_in_is_audited_without_the_password(client: Client, owner: Account) -> None:
    guess = "a wrong guess that must never be stored"
    response = client.post(f"{API}/auth/token", json={"email": owner.email, "password": guess})
    assert_problem(response, 401, "authentication_failed")
    entries = audit(client, owner, action="auth.sign_in_failed")
    assert len(entries) == 1
    assert entries[0]["resource_id"] == owner.user_id
    assert entries[0]["actor"]["type"] == "anonymous"
    assert entries[0]["after"]["email"] == owner.email
    assert guess not in str(entries)
    assert PASSWORD not in str(entries)
    assert audit(client, owner, action="auth.signed_in"), "successful sign-ins are there too"


def test_another_organization_never_sees_it(
    client: Client, owner: Account, outsider: Account
) -> None:
    create_brand(client, owner, name="Private")
    theirs = audit(client, outsider, limit=200)
    assert theirs, "the outsider has entries of its own (its registration)"
    assert {e["resource_id"] for e in theirs}.isdisjoint(
        {e["resource_id"] for e in audit(client, owner, limit=200)}
    )
    assert audit(client, outsider, actor_id=owner.user_id) == []


def test_filters_and_pages(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner, name="Paged")
    for n in range(3):
        client.patch(
            f"{API}/brands/{brand['id']}",
            json={"description": f"v{n}"},
            headers={**owner.headers, "If-Match": "*"},
        )
    mine = audit(client, owner, resource_id=brand["id"])
    assert [e["action"] for e in mine] == ["brand.updated"] * 3 + ["brand.created"]
    assert [e["after"] for e in mine[:3]] == [{"description": f"v{n}"} for n in (2, 1, 0)]
    first = client.get(
        f"{API}/audit-log", params={"resource_id": brand["id"], "limit": 2}, headers=owner.headers
    ).json()
    second = client.get(
        f"{API}/audit-log",
        params={"resource_id": brand["id"], "limit": 2, "cursor": first["next_cursor"]},
        headers=owner.headers,
    ).json()
    assert [e["id"] for e in first["items"] + second["items"]] == [e["id"] for e in mine]
    assert second["next_cursor"] is None
    since = mine[1]["occurred_at"]
    assert [e["id"] for e in audit(client, owner, resource_id=brand["id"], since=since)] == [
        e["id"] for e in mine[:2]
    ]
    assert audit(client, owner, resource_id=brand["id"], until=mine[-1]["occurred_at"]) == []
    assert audit(client, owner, actor_id=owner.user_id, resource_type="brand")
    assert audit(client, owner, resource_type="nothing") == []


def test_bad_filters_are_422(client: Client, owner: Account) -> None:
    for params in (
        {"since": "2026-01-01T00:00:00"},  # no zone
        {"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"},
        {"cursor": "not-a-cursor"},
    ):
        response = client.get(f"{API}/audit-log", params=params, headers=owner.headers)
        assert_problem(response, 422)
    response = client.get(f"{API}/audit-log", params={"sort": "action"}, headers=owner.headers)
    assert 400 <= response.status_code < 500


def test_only_owners_and_admins_read_it(client: Client, owner: Account) -> None:
    admin = add_member(client, owner, Role.ADMIN)
    assert audit(client, admin)
    manager = add_member(client, owner, Role.BRAND_MANAGER)
    response = client.get(f"{API}/audit-log", headers=manager.headers)
    assert_problem(response, 403, "permission_denied")


def test_every_authentication_event_is_there(client: Client) -> None:
    person = register(client, organization_name="Sessions")
    refreshed = client.post(f"{API}/auth/refresh", json={"refresh_token": person.refresh_token})
    assert refreshed.status_code == 200, refreshed.text
    # the spent token again: reuse, the whole sign-in is revoked
    reused = client.post(f"{API}/auth/refresh", json={"refresh_token": person.refresh_token})
    assert_problem(reused, 401)
    again = client.post(f"{API}/auth/token", json={"email": person.email, "password": PASSWORD})
    headers = {"Authorization": f"Bearer {again.json()['access_token']}"}
    logout = client.post(
        f"{API}/auth/logout", json={"refresh_token": again.json()["refresh_token"]}
    )
    assert logout.status_code == 204
    # the logged-out sign-in's access token is refused at once: revoke-all from a new one
    third = client.post(f"{API}/auth/token", json={"email": person.email, "password": PASSWORD})
    headers = {"Authorization": f"Bearer {third.json()['access_token']}"}
    assert client.post(f"{API}/me/sessions/revoke-all", headers=headers).status_code == 200
    # every sign-in has ended: read the log from a new one
    reader = client.post(f"{API}/auth/token", json={"email": person.email, "password": PASSWORD})
    person = replace(person, access_token=reader.json()["access_token"])
    actions = [
        e["action"] for e in audit(client, person, limit=200) if e["action"].startswith("auth.")
    ][1:]  # the reader's own sign-in first
    assert actions == [
        "auth.sessions_revoked",
        "auth.signed_in",
        "auth.logged_out",
        "auth.signed_in",
        "auth.refresh_token_reuse_detected",
        "auth.token_refreshed",
        "auth.signed_in",
    ]
    entries = str(audit(client, person, limit=200))
    assert person.refresh_token not in entries
    assert person.access_token not in entries


def test_a_task_run_by_an_agent_names_who_submitted_it(client: Client, owner: Account) -> None:
    job = client.post(
        f"{API}/jobs",
        json={"task_type": "brand.create", "input": {"name": "By an agent"}},
        headers=owner.headers,
    ).json()
    deadline = time.monotonic() + 10
    while client.get(f"{API}/jobs/{job['id']}", headers=owner.headers).json()["status"] != (
        "succeeded"
    ):
        assert time.monotonic() < deadline, "the job never finished"
        time.sleep(0.02)
    result = client.get(f"{API}/jobs/{job['id']}", headers=owner.headers).json()["result"]
    (created,) = audit(client, owner, action="brand.created", resource_id=result["id"])
    assert created["actor"] == {"type": "user", "id": owner.user_id, "on_behalf_of": None}
    assert created["after"]["name"] == "By an agent"
