"""API keys over HTTP: shown once, scoped, expiring, revocable, never leaked, rate-limited."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    add_member,
    assert_problem,
    build_app,
    create_api_key,
    create_brand,
    register,
)

from umt.domain.identity.permissions import Role

Client = TestClient[Litestar]


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def in_days(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def test_a_key_is_shown_once_and_works_on_a_brand_route(
    client: Client,
    owner: Account,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    brand = create_brand(client, owner)
    created = create_api_key(client, owner, name="ci", scopes=["brand:read", "brand:update"])
    key = created["key"]
    assert key.startswith(created["prefix"])
    assert len(key.rsplit("_", 1)[1]) == 64  # 256 bits of hex
    assert created["scopes"] == ["brand:read", "brand:update"]

    response = client.get(f"{API}/brands/{brand['id']}", headers=bearer(key))
    assert response.status_code == 200, response.text
    patched = client.patch(
        f"{API}/brands/{brand['id']}",
        json={"description": "by a key"},
        headers={**bearer(key), "If-Match": "*"},
    )
    assert patched.status_code == 200, patched.text

    listed = client.get(f"{API}/api-keys", headers=owner.headers)
    assert listed.status_code == 200
    (item,) = listed.json()["items"]
    assert item["id"] == created["id"]
    assert item["last_used_at"] is not None
    secret = key.rsplit("_", 1)[1]
    assert secret not in listed.text
    assert "key" not in item
    entries = client.get(f"{API}/audit-log", headers=owner.headers).text
    assert secret not in entries
    # a rejected (tampered) key is logged and audited without its secret either
    forged = key[:-1] + ("1" if key[-1] == "0" else "0")
    assert client.get(f"{API}/brands", headers=bearer(forged)).status_code == 401
    assert secret not in caplog.text
    captured = capsys.readouterr()
    assert secret not in captured.out + captured.err
    # the change names the key and the person behind it
    audit = client.get(
        f"{API}/audit-log", params={"action": "brand.updated"}, headers=owner.headers
    ).json()["items"]
    assert audit[0]["actor"] == {
        "type": "api_key",
        "id": created["id"],
        "on_behalf_of": owner.user_id,
    }


def test_a_key_without_the_scope_gets_403(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    key = create_api_key(client, owner, scopes=["brand:read"])["key"]
    response = client.patch(
        f"{API}/brands/{brand['id']}",
        json={"description": "nope"},
        headers={**bearer(key), "If-Match": "*"},
    )
    assert_problem(response, 403, "permission_denied")
    assert_problem(client.post(f"{API}/brands", json={"name": "X"}, headers=bearer(key)), 403)
    # and it never acts on a person's own account
    assert_problem(client.get(f"{API}/me", headers=bearer(key)), 403, "permission_denied")
    assert_problem(client.post(f"{API}/me/sessions/revoke-all", headers=bearer(key)), 403)


def test_no_key_can_hold_more_than_its_creator(client: Client, owner: Account) -> None:
    admin = add_member(client, owner, Role.ADMIN)
    body = {"name": "wide", "scopes": ["organization:manage"], "expires_at": in_days(1)}
    response = client.post(f"{API}/api-keys", json=body, headers=admin.headers)
    assert_problem(response, 403, "permission_denied")
    narrow = create_api_key(client, owner, scopes=["api_keys:manage", "brand:read"])["key"]
    wider = {"name": "wider", "scopes": ["brand:delete"], "expires_at": in_days(1)}
    assert_problem(client.post(f"{API}/api-keys", json=wider, headers=bearer(narrow)), 403)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scopes": ["brand:fly"]}, "scopes"),
        ({"scopes": []}, "scopes"),
        ({"expires_at": "2020-01-01T00:00:00Z"}, "expires_at"),
        ({"expires_at": "2999-01-01T00:00:00Z"}, "expires_at"),
    ],
)
def test_bad_keys_are_refused(
    client: Client, owner: Account, body: dict[str, Any], field: str
) -> None:
    full = {"name": "k", "scopes": ["brand:read"], "expires_at": in_days(1), **body}
    response = client.post(f"{API}/api-keys", json=full, headers=owner.headers)
    assert_problem(response, 422, field=field)
    without_expiry = {"name": "k", "scopes": ["brand:read"]}
    assert client.post(
        f"{API}/api-keys", json=without_expiry, headers=owner.headers
    ).is_client_error
    assert client.get(f"{API}/api-keys", headers=owner.headers).json()["items"] == []


def test_expired_and_revoked_keys_get_401(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    url = f"{API}/brands/{brand['id']}"
    short = create_api_key(client, owner, expires_at=in_days(1.5 / 86400))["key"]
    revoked = create_api_key(client, owner)
    assert client.get(url, headers=bearer(revoked["key"])).status_code == 200
    response = client.delete(f"{API}/api-keys/{revoked['id']}", headers=owner.headers)
    assert response.status_code == 204
    assert_problem(client.get(url, headers=bearer(revoked["key"])), 401, "authentication_failed")
    time.sleep(1.6)
    assert_problem(client.get(url, headers=bearer(short)), 401, "authentication_failed")
    rejected = client.get(
        f"{API}/audit-log", params={"action": "auth.api_key_rejected"}, headers=owner.headers
    ).json()["items"]
    assert {e["after"]["reason"] for e in rejected} == {
        "the API key has been revoked",
        "the API key has expired",
    }
    # revoking again changes nothing; another organization's key is not there
    assert (
        client.delete(f"{API}/api-keys/{revoked['id']}", headers=owner.headers).status_code == 204
    )
    other = register(client, organization_name="Other")
    assert_problem(
        client.delete(f"{API}/api-keys/{revoked['id']}", headers=other.headers), 404, "not_found"
    )


def test_tampering_with_one_character_fails(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    key = create_api_key(client, owner)["key"]
    url = f"{API}/brands/{brand['id']}"
    assert client.get(url, headers=bearer(key)).status_code == 200
    for position in (len("umt_") + 3, len(key) - 1, len(key) - 30):
        flipped = "0" if key[position] != "0" else "1"
        forged = key[:position] + flipped + key[position + 1 :]
        assert_problem(client.get(url, headers=bearer(forged)), 401, "authentication_failed")
    assert_problem(client.get(url, headers=bearer(key + "0")), 401)
    assert_problem(client.get(url, headers=bearer("umt_nonsense")), 401)


def test_each_key_has_its_own_rate_limit_bucket(tmp_path: Path) -> None:
    app = build_app(
        tmp_path, rate_limits=True, rate_limit_api_key_per_minute=2, rate_limit_user_per_minute=50
    )
    with TestClient(app) as limited:
        owner = register(limited, organization_name="Limited")
        first = create_api_key(limited, owner)["key"]
        second = create_api_key(limited, owner)["key"]
        url = f"{API}/brands"
        assert [limited.get(url, headers=bearer(first)).status_code for _ in range(3)] == [
            200,
            200,
            429,
        ]
        assert limited.get(url, headers=bearer(second)).status_code == 200
        assert limited.get(url, headers=owner.headers).status_code == 200


def test_a_key_s_job_runs_with_its_scopes_only(client: Client, owner: Account) -> None:
    reader = create_api_key(client, owner, scopes=["brand:read"])["key"]
    body = {"task_type": "brand.create", "input": {"name": "Not allowed"}}
    assert_problem(client.post(f"{API}/jobs", json=body, headers=bearer(reader)), 403)
    # submitting any job needs organization:read (the jobs route), running it the task's own
    writer = create_api_key(
        client, owner, scopes=["organization:read", "brand:read", "brand:create"]
    )
    job = client.post(f"{API}/jobs", json=body, headers=bearer(writer["key"])).json()
    deadline = time.monotonic() + 10
    while (status := client.get(f"{API}/jobs/{job['id']}", headers=owner.headers).json())[
        "status"
    ] not in ("succeeded", "failed"):
        assert time.monotonic() < deadline, "the job never finished"
        time.sleep(0.02)
    assert status["status"] == "succeeded", status
    entries = client.get(
        f"{API}/audit-log",
        params={"action": "brand.created", "resource_id": status["result"]["id"]},
        headers=owner.headers,
    ).json()["items"]
    assert entries[0]["actor"]["type"] == "api_key"
    assert entries[0]["actor"]["id"] == writer["id"]


def test_idempotency_keys_of_api_keys_never_cross(client: Client, owner: Account) -> None:
    other = register(client, organization_name="Other tenant")
    mine = create_api_key(client, owner, scopes=["brand:create"])["key"]
    theirs = create_api_key(client, other, scopes=["brand:create"])["key"]
    body = {"name": "Same request"}
    replayable = {"Idempotency-Key": "same-key"}
    first = client.post(f"{API}/brands", json=body, headers={**bearer(mine), **replayable})
    second = client.post(f"{API}/brands", json=body, headers={**bearer(theirs), **replayable})
    assert first.status_code == second.status_code == 201
    assert "idempotent-replayed" not in second.headers
    assert first.json()["id"] != second.json()["id"]
    replay = client.post(f"{API}/brands", json=body, headers={**bearer(mine), **replayable})
    assert replay.headers.get("idempotent-replayed") == "true"
    assert replay.json()["id"] == first.json()["id"]
    forged = mine[:-1] + ("1" if mine[-1] == "0" else "0")
    refused = client.post(f"{API}/brands", json=body, headers={**bearer(forged), **replayable})
    assert_problem(refused, 401)
