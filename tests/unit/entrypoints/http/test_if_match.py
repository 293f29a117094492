"""If-Match is required on every PATCH, PUT and DELETE of a versioned resource: without it the
answer is 428 with a problem saying how to send it, and nothing changes; an If-Match that is not
an entity tag is a 400, not a 412. The OpenAPI document says so on each of those operations."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    World,
    assert_problem,
    create_experiment,
    etag_version,
)

Client = TestClient[Litestar]
WRITES = {"patch", "put", "delete"}
# PATCH/PUT/DELETE operations on resources that carry no version (no ETag to send back)
NOT_VERSIONED = {
    ("delete", "/api/v1/api-keys/{api_key_id}"),
    ("delete", "/api/v1/integrations/{integration_id}"),
    ("delete", "/api/v1/invitations/{invitation_id}"),
    ("patch", "/api/v1/members/{user_id}"),
    ("delete", "/api/v1/members/{user_id}"),
    ("put", "/api/v1/organization/generation-budget"),
    ("put", "/api/v1/budget-caps"),
    ("delete", "/api/v1/budget-caps"),
}


def _write_operations(schema: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method, path): operation
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in WRITES
    }


def test_every_versioned_write_documents_a_required_if_match_and_428(
    shared_client: Client,
) -> None:
    schema = shared_client.get("/schema/openapi.json").json()
    writes = _write_operations(schema)
    assert set(writes) >= NOT_VERSIONED, NOT_VERSIONED - set(writes)
    for key, operation in writes.items():
        if_match = [p for p in operation.get("parameters", []) if p["name"] == "If-Match"]
        if key in NOT_VERSIONED:
            assert not if_match, key
            continue
        assert if_match, key
        assert if_match[0]["required"] is True, key
        assert "428" in operation["responses"], key
        assert operation["responses"]["428"]["content"].keys() == {"application/problem+json"}


def _piece(client: Client, world: World) -> tuple[str, dict[str, Any]]:
    url = f"{API}/content/{world.content_id}"
    return url, {"title": "Overwritten"}


def _experiment(client: Client, world: World) -> tuple[str, dict[str, Any]]:
    created = create_experiment(client, world.account, world.brand_id)
    return f"{API}/experiments/{created['id']}", {"name": "Overwritten"}


def _brand(client: Client, world: World) -> tuple[str, dict[str, Any]]:
    return f"{API}/brands/{world.brand_id}", {"name": "Overwritten"}


@pytest.mark.parametrize(
    "target", [_brand, _piece, _experiment], ids=["brand", "content", "experiment"]
)
def test_a_patch_without_if_match_is_428_and_changes_nothing(
    shared_client: Client, shared_world: World, target: Any
) -> None:
    url, change = target(shared_client, shared_world)
    headers = shared_world.account.headers
    before = shared_client.get(url, headers=headers)
    response = shared_client.patch(url, json=change, headers=headers)
    problem = assert_problem(response, 428, "precondition_required")
    assert "If-Match" in problem["detail"], problem
    assert "ETag" in problem["detail"], problem
    after = shared_client.get(url, headers=headers)
    assert after.json() == before.json()
    assert after.headers["etag"] == before.headers["etag"]
    # and with the ETag just read, the same change goes through
    accepted = shared_client.patch(
        url, json=change, headers={**headers, "If-Match": before.headers["etag"]}
    )
    assert accepted.status_code == 200, accepted.text
    assert etag_version(accepted) == etag_version(before) + 1


@pytest.mark.parametrize("value", ["banana", "3", '"3', "W/3", '"3" "4"', ""])
def test_a_malformed_if_match_is_400_not_412(
    shared_client: Client, shared_world: World, value: str
) -> None:
    url = f"{API}/brands/{shared_world.brand_id}"
    headers = {**shared_world.account.headers, "If-Match": value}
    response = shared_client.patch(url, json={"name": "Never"}, headers=headers)
    problem = assert_problem(response, 400, "malformed_if_match")
    assert "entity tag" in problem["detail"], problem


def test_if_match_star_changes_whatever_version_is_current(
    shared_client: Client, shared_world: World
) -> None:
    url = f"{API}/brands/{shared_world.brand_id}"
    headers = {**shared_world.account.headers, "If-Match": "*"}
    response = shared_client.patch(url, json={"description": "any version"}, headers=headers)
    assert response.status_code == 200, response.text
