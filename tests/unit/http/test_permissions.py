"""Roles: viewers and analysts read; content creators also work on projects; owners, admins and
brand managers do everything. The routes come from the app, so new routes are covered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.http.helpers import (
    API,
    Account,
    RouteCall,
    World,
    add_member,
    assert_problem,
    build_app,
    route_calls,
    sample_body,
    scratch_world,
    send,
    set_project_status,
    snapshot,
)

from umt.domain.identity.permissions import Role

Client = TestClient[Litestar]
PUBLIC_PREFIXES = ("/health", "/metrics", "/schema", f"{API}/auth")
# -- integrations (issue 4 §2-3) -------------------------------------------------------------
# Their permissions (integrations:read/manage) are not every role's and their resources need a
# connected platform: tests/unit/http/test_integrations.py runs the same role and tenant
# matrices over them, reading each route's opt.
PUBLIC_PREFIXES += (f"{API}/integrations", f"{API}/platforms")
# ---------------------------------------------------------------------------------------------
CALLS = route_calls(
    build_app(Path("permission-routes-are-only-listed")), skip_prefixes=PUBLIC_PREFIXES
)
# Changes to one's own account, which every role may make (tested in test_flow.py).
SELF_SERVICE = {"POST /api/v1/me/sessions/revoke-all"}
READS = [c for c in CALLS if c.method == "GET"]
WRITES = [c for c in CALLS if c.method != "GET" and c.id not in SELF_SERVICE]

# What a content creator may change: the work on projects, nothing else.
CREATOR_WRITES = {
    "PATCH /api/v1/projects/{project_id}",
    "PATCH /api/v1/brands/{brand_id}/projects/{project_id}",
    "POST /api/v1/projects/{project_id}/status",
    "PUT /api/v1/projects/{project_id}/assignee",
}
READ_ONLY_ROLES = [Role.VIEWER, Role.ANALYST]
FULL_ROLES = [Role.OWNER, Role.ADMIN, Role.BRAND_MANAGER]


@pytest.fixture(scope="module")
def members(shared_client: Client, shared_owner: Account) -> dict[Role, Account]:
    made: dict[Role, Account] = {Role.OWNER: shared_owner}
    for role in Role:
        if role is not Role.OWNER:
            made[role] = add_member(shared_client, shared_owner, role)
    return made


def _ids(world: World, account: Account) -> dict[str, str]:
    return {**world.ids(), "user_id": account.user_id}


def _body(call: RouteCall, ids: dict[str, str]) -> Any:
    return sample_body(call.body_type, ids) if call.body_type else None


def test_the_route_table_is_complete(shared_client: Client) -> None:
    assert route_calls(shared_client.app, skip_prefixes=PUBLIC_PREFIXES) == CALLS
    assert len(READS) >= 10
    assert len(WRITES) >= 20
    assert {c.id for c in WRITES} >= CREATOR_WRITES, "a project route was renamed"


@pytest.mark.parametrize("role", [*READ_ONLY_ROLES, Role.CONTENT_CREATOR, *FULL_ROLES])
@pytest.mark.parametrize("call", READS, ids=lambda c: c.id)
def test_every_role_reads(
    shared_client: Client,
    shared_world: World,
    members: dict[Role, Account],
    role: Role,
    call: RouteCall,
) -> None:
    account = members[role]
    response = send(shared_client, call, _ids(shared_world, account), account.headers)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
@pytest.mark.parametrize("call", WRITES, ids=lambda c: c.id)
def test_read_only_roles_cannot_write(
    shared_client: Client,
    shared_world: World,
    members: dict[Role, Account],
    role: Role,
    call: RouteCall,
) -> None:
    account = members[role]
    before = snapshot(shared_client, members[Role.OWNER])
    ids = _ids(shared_world, account)
    response = send(shared_client, call, ids, account.headers, _body(call, ids))
    assert_problem(response, 403, "permission_denied")
    assert snapshot(shared_client, members[Role.OWNER]) == before


@pytest.mark.parametrize("call", WRITES, ids=lambda c: c.id)
def test_content_creator_works_on_projects_only(
    shared_client: Client, members: dict[Role, Account], call: RouteCall
) -> None:
    owner, creator = members[Role.OWNER], members[Role.CONTENT_CREATOR]
    world = scratch_world(shared_client, owner)
    ids = _ids(world, creator)
    before = snapshot(shared_client, owner)
    response = send(shared_client, call, ids, creator.headers, _body(call, ids))
    if call.id in CREATOR_WRITES:
        assert response.status_code == 200, response.text
        assert snapshot(shared_client, owner) != before
    else:
        assert_problem(response, 403, "permission_denied")
        assert snapshot(shared_client, owner) == before


def _prepare(client: Client, owner: Account, world: World, call: RouteCall) -> None:
    """Put the world where the call is legal, so only a permission could refuse it."""
    if call.id == "POST /api/v1/projects/{project_id}/archive":
        set_project_status(client, owner, world.project_id, "active", "completed")
    if call.id == "DELETE /api/v1/brands/{brand_id}":  # refused while it has projects
        response = client.delete(f"{API}/projects/{world.project_id}", headers=owner.headers)
        assert response.status_code == 204, response.text


@pytest.mark.parametrize("role", FULL_ROLES)
@pytest.mark.parametrize("call", WRITES, ids=lambda c: c.id)
def test_full_roles_can_do_everything(
    shared_client: Client, members: dict[Role, Account], role: Role, call: RouteCall
) -> None:
    owner, account = members[Role.OWNER], members[role]
    world = scratch_world(shared_client, owner)
    _prepare(shared_client, owner, world, call)
    ids = _ids(world, account)
    response = send(shared_client, call, ids, account.headers, _body(call, ids))
    assert 200 <= response.status_code < 300, response.text


def test_me_lists_each_roles_permissions(
    shared_client: Client, members: dict[Role, Account]
) -> None:
    expected = {
        Role.VIEWER: ["brand:read", "members:read", "organization:read", "project:read"],
        Role.CONTENT_CREATOR: [
            "brand:read",
            "members:read",
            "organization:read",
            "project:read",
            "project:update",
        ],
    }
    for role, permissions in expected.items():
        me = shared_client.get(f"{API}/me", headers=members[role].headers).json()
        assert me["membership"]["role"] == role.value
        assert me["membership"]["permissions"] == permissions
    admin = shared_client.get(f"{API}/me", headers=members[Role.ADMIN].headers).json()
    assert "organization:manage" not in admin["membership"]["permissions"]
    assert "brand:delete" in admin["membership"]["permissions"]


def test_content_creator_cannot_archive_a_completed_project(
    shared_client: Client, members: dict[Role, Account]
) -> None:
    """Archiving needs project:archive, which a content creator lacks even via /status."""
    owner, creator = members[Role.OWNER], members[Role.CONTENT_CREATOR]
    world = scratch_world(shared_client, owner)
    set_project_status(shared_client, creator, world.project_id, "active", "completed")
    url = f"{API}/projects/{world.project_id}"
    for response in (
        shared_client.post(f"{url}/archive", headers=creator.headers),
        shared_client.post(f"{url}/status", json={"status": "archived"}, headers=creator.headers),
    ):
        assert_problem(response, 403, "permission_denied")
    assert shared_client.get(url, headers=owner.headers).json()["status"] == "completed"
