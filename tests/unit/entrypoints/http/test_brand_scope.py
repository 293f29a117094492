"""Brand-scoped members: outside their brands everything is as absent as another tenant's.

The routes come from the app, like test_tenancy.py: every route addressing a brand-owned
resource is called by a brand manager limited to one brand, on a brand outside it (404, nothing
changes), and on a brand inside it (the control: not 404).
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.support.strategy import (
    a_proposal,
    a_recommendation,
    store_proposal,
    store_recommendation,
)
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    RouteCall,
    World,
    add_member,
    assert_problem,
    build_app,
    build_world,
    login,
    route_calls,
    sample_body,
    scratch_world,
    send,
    snapshot,
)

from umt.domain.identity.permissions import Role

Client = TestClient[Litestar]
# the World's template belongs to its brand (templates may also be organization-wide)
BRAND_PARAMS = {
    "brand_id",
    "audience_id",
    "competitor_id",
    "project_id",
    "content_id",
    "template_id",
}


def _brand_calls() -> list[RouteCall]:
    app = build_app(Path("brand-scope-routes-are-only-listed"))
    return [c for c in route_calls(app) if BRAND_PARAMS & set(c.params)]


BRAND_CALLS = _brand_calls()


def scoped(client: Client, owner: Account, member: Account, *brand_ids: str) -> Account:
    """``member`` limited to ``brand_ids``, signed in again so the token carries the scope."""
    response = client.patch(
        f"{API}/members/{member.user_id}",
        json={"brand_ids": list(brand_ids)},
        headers=owner.headers,
    )
    assert response.status_code == 200, response.text
    tokens = login(client, member.email)
    return replace(
        member, access_token=tokens["access_token"], refresh_token=tokens["refresh_token"]
    )


@pytest.fixture(scope="module")
def inside(shared_client: Client, shared_owner: Account) -> World:
    return build_world(shared_client, shared_owner)


@pytest.fixture(scope="module")
def manager(shared_client: Client, shared_owner: Account, inside: World) -> Account:
    member = add_member(shared_client, shared_owner, Role.BRAND_MANAGER)
    return scoped(shared_client, shared_owner, member, inside.brand_id)


def _ids(client: Client, call: RouteCall, world: World) -> dict[str, str]:
    """The world's ids, with a fresh recommendation or calendar proposal of its brand when
    the call addresses one (a run over the brand's data makes them; stored directly here)."""
    ids = world.ids()
    if (
        "/evergreen-rule" in call.path
        and call.id != f"POST {API}/brands/{{brand_id}}/evergreen-rule"
    ):
        _ensure_evergreen_rule(client, world)  # so a 404 can only be the scope's
    if not {"recommendation_id", "proposal_id"} & set(call.params):
        return ids
    container = client.app.state.container
    now = container.clock().now()
    org, brand = uuid.UUID(world.account.organization_id), uuid.UUID(world.brand_id)
    uow_factory = container.unit_of_work_factory()
    if "recommendation_id" in call.params:
        recommendation = a_recommendation(org, brand, now=now)
        client.blocking_portal.call(store_recommendation, uow_factory, recommendation)
        ids["recommendation_id"] = str(recommendation.id)
    if "proposal_id" in call.params:
        proposal = a_proposal(org, brand, uuid.UUID(world.project_id), now=now)
        client.blocking_portal.call(store_proposal, uow_factory, proposal)
        ids["proposal_id"] = str(proposal.id)
    return ids


_MAKE_EVERGREEN_RULE = f"POST {API}/brands/{{brand_id}}/evergreen-rule"


def _ensure_evergreen_rule(client: Client, world: World) -> None:
    rule = f"{API}/brands/{world.brand_id}/evergreen-rule"
    if client.get(rule, headers=world.account.headers).status_code == 404:
        made = client.post(rule, json={}, headers=world.account.headers)
        assert made.status_code == 201, made.text


def _body(call: RouteCall, account: Account) -> Any:
    return sample_body(call.body_type, {"user_id": account.user_id}) if call.body_type else None


def test_the_route_table_is_complete() -> None:
    ids = {c.id for c in BRAND_CALLS}
    assert len(BRAND_CALLS) >= 25
    assert "DELETE /api/v1/brands/{brand_id}" in ids
    assert "POST /api/v1/brands/{brand_id}/projects" in ids
    assert "PUT /api/v1/projects/{project_id}/assignee" in ids


@pytest.mark.parametrize("call", BRAND_CALLS, ids=lambda c: c.id)
def test_outside_the_scope_is_not_found(
    shared_client: Client, shared_owner: Account, manager: Account, call: RouteCall
) -> None:
    outside = scratch_world(shared_client, shared_owner)
    before = snapshot(shared_client, shared_owner)
    ids = _ids(shared_client, call, outside)
    response = send(shared_client, call, ids, manager.headers, _body(call, manager))
    assert_problem(response, 404, "not_found")
    assert snapshot(shared_client, shared_owner) == before


@pytest.mark.parametrize("call", BRAND_CALLS, ids=lambda c: c.id)
def test_inside_the_scope_is_reached(
    shared_client: Client, shared_owner: Account, inside: World, manager: Account, call: RouteCall
) -> None:
    """The control: the same calls on a brand in the scope are not 404."""
    if call.method == "GET":
        world, account = inside, manager
    else:
        world = scratch_world(shared_client, shared_owner)
        # a member of its own: rescoping changes its sign-ins, which ``manager`` keeps
        member = add_member(shared_client, shared_owner, Role.BRAND_MANAGER)
        account = scoped(shared_client, shared_owner, member, world.brand_id)
    ids = _ids(shared_client, call, world)
    response = send(shared_client, call, ids, account.headers, _body(call, account))
    assert response.status_code != 404, response.text
    assert response.status_code < 500, response.text


def test_lists_show_only_the_scope(
    shared_client: Client, shared_owner: Account, inside: World, manager: Account
) -> None:
    outside = scratch_world(shared_client, shared_owner)
    h = manager.headers
    brands = shared_client.get(f"{API}/brands", params={"limit": 200}, headers=h).json()["items"]
    assert [b["id"] for b in brands] == [inside.brand_id]
    projects = shared_client.get(f"{API}/projects", params={"limit": 200}, headers=h).json()
    assert [p["id"] for p in projects["items"]] == [inside.project_id]
    by_brand = shared_client.get(
        f"{API}/projects", params={"brand_id": outside.brand_id}, headers=h
    )
    assert_problem(by_brand, 404, "not_found")
    # the owner still sees both
    all_brands = shared_client.get(
        f"{API}/brands", params={"limit": 200}, headers=shared_owner.headers
    ).json()["items"]
    assert {inside.brand_id, outside.brand_id} <= {b["id"] for b in all_brands}


def test_a_scoped_member_cannot_create_brands(
    shared_client: Client, shared_owner: Account, manager: Account
) -> None:
    before = snapshot(shared_client, shared_owner)
    response = shared_client.post(f"{API}/brands", json={"name": "Mine"}, headers=manager.headers)
    assert_problem(response, 403, "permission_denied")
    assert snapshot(shared_client, shared_owner) == before


def test_jobs_act_within_the_scope(
    shared_client: Client, shared_owner: Account, inside: World, manager: Account
) -> None:
    """A task carries the scope: an agent reaches no more brands than the member."""
    outside = scratch_world(shared_client, shared_owner)
    for brand_id, expected in ((inside.brand_id, "succeeded"), (outside.brand_id, "failed")):
        response = shared_client.post(
            f"{API}/jobs",
            json={"task_type": "brand.get", "input": {"brand_id": brand_id}},
            headers=manager.headers,
        )
        assert response.status_code == 202, response.text
        job_url = f"{API}/jobs/{response.json()['id']}"
        for _ in range(200):
            job = shared_client.get(job_url, headers=manager.headers).json()
            if job["status"] in ("succeeded", "failed"):
                break
            shared_client.blocking_portal.call(_pause)
        assert job["status"] == expected, job
        if expected == "failed":
            assert job["error"]["code"] == "not_found", job


async def _pause() -> None:
    await asyncio.sleep(0.01)
