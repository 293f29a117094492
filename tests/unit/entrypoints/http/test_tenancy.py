"""Tenant isolation: organization B cannot see or touch anything of organization A.

For every route with an id, B's token gets 404 problem+json for A's ids, exactly as for ids
nobody ever issued (guessing is no better than knowing), and nothing of A changes; no answer
to any of B's reads (lists included) mentions an id of A.

The routes come from the app itself, so a route added later is covered (or fails for want of a
sample body) without anyone having to remember this file.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    WEBHOOK_PUBLIC_PREFIX,
    Account,
    RouteCall,
    World,
    assert_problem,
    build_app,
    build_world,
    is_webhook_route,
    register,
    route_calls,
    sample_body,
    scratch_world,
    send,
    snapshot,
    webhook_ids,
    webhook_snapshot,
)

Client = TestClient[Litestar]

# Routes that are not about an organization's resources.
PUBLIC_PREFIXES = (
    "/health",
    "/metrics",
    "/schema",
    f"{API}/auth",
    "/sandbox",
    f"{API}/invitations/accept",
    WEBHOOK_PUBLIC_PREFIX,
    # integrations: their own tenant matrix in test_integrations.py
    f"{API}/integrations",
    f"{API}/platforms",
    # experiments: their own tenant matrix in test_experiments.py (the assignment needs a query)
    f"{API}/experiments",
    # channel accounts: their own tenant matrix in channels/test_channel_accounts.py (an
    # account needs a connected integration); GET /channel-accounts/{id}/sync is the metrics'
    # (below)
    f"{API}/channel-accounts",
    # advertising: their own tenant matrix in advertising/test_advertising_http.py (a campaign
    # needs an ad account and approved content)
    f"{API}/campaigns",
    f"{API}/ad-rules",
    # metrics: the sync names its account or brand in the body and the samples their subject
    # in the query: their tenant test, with GET /channel-accounts/{id}/sync, is
    # metrics/test_metric_sync_end_to_end.py
    f"{API}/metrics",
    # publications: their own tenant matrices (the calendar's in publishing/test_publications.py,
    # the publish engine's in publishing_dispatch/test_reconcile_route.py)
    f"{API}/publications",
    f"{API}/schedules",  # with the calendar's, in publishing/test_schedules.py
    # scheduled reports by id: their tenant test is analytics/test_report_schedule_routes.py
    f"{API}/report-schedules",
    f"{API}/report-deliveries",
)
RESOURCE_PARAMS = {
    "brand_id",
    "audience_id",
    "competitor_id",
    "project_id",
    "job_id",
    "api_key_id",  # API keys
}
RESOURCE_PARAMS |= {"user_id", "invitation_id"}  # members and invitations
RESOURCE_PARAMS |= {
    "content_id",
    "comment_id",
    "number",
    "template_id",
}  # the content library: pieces, comments, versions, templates
RESOURCE_PARAMS |= {"enrichment_id"}  # a brand enrichment
RESOURCE_PARAMS |= {"insight_id", "alert_rule_id"}  # analytics insights and alert rules


# ids with a tenant matrix of their own: a brand's recommendations and calendar proposals
# (strategy/test_recommendations_http.py, strategy/test_calendar_proposals_http.py), which
# only a run over the brand's data makes
OWN_MATRIX_PARAMS = {"recommendation_id", "proposal_id"}
# a brand's evergreen rule exists only once made: its tenant test is
# publishing/test_evergreen_http.py
OWN_MATRIX_PATHS = ("/evergreen-rule",)


def _own_matrix(call: RouteCall) -> bool:
    return bool(OWN_MATRIX_PARAMS & set(call.params)) or any(
        part in call.path for part in OWN_MATRIX_PATHS
    )


def _here(call: RouteCall) -> bool:
    return bool(call.params) and not _own_matrix(call)


def _resource_calls() -> list[RouteCall]:
    # Building the app does not start it: no store, no secret, nothing on disk yet.
    app = build_app(Path("tenancy-routes-are-only-listed"))
    return [c for c in route_calls(app, skip_prefixes=PUBLIC_PREFIXES) if _here(c)]


# webhook routes have ids of their own (a subscription, a delivery): tested at the end
WEBHOOK_CALLS = [c for c in _resource_calls() if is_webhook_route(c)]
RESOURCE_CALLS = [c for c in _resource_calls() if not is_webhook_route(c)]
READS = [
    c
    for c in route_calls(build_app(Path("tenancy-routes-are-only-listed")))
    if c.method == "GET"
    and c.rule.get("public") is not True
    and not is_webhook_route(c)
    and not c.path.startswith(PUBLIC_PREFIXES)  # integrations: test_integrations.py
    and not _own_matrix(c)
]


@pytest.fixture(scope="module")
def world_a(shared_client: Client, shared_owner: Account) -> World:
    return build_world(shared_client, shared_owner)


@pytest.fixture(scope="module")
def world_b(shared_client: Client, shared_other_owner: Account) -> World:
    """B has resources of its own, so a leak cannot hide behind an empty organization."""
    return build_world(shared_client, shared_other_owner)


def test_the_route_table_is_complete(shared_client: Client) -> None:
    """Guard against the derivation silently finding nothing, or drifting from the running app."""
    running = route_calls(shared_client.app, skip_prefixes=PUBLIC_PREFIXES)
    assert [c for c in running if _here(c) and not is_webhook_route(c)] == RESOURCE_CALLS
    ids = {call.id for call in RESOURCE_CALLS}
    assert len(RESOURCE_CALLS) >= 25
    assert "DELETE /api/v1/brands/{brand_id}" in ids
    assert "PUT /api/v1/projects/{project_id}/assignee" in ids
    assert "POST /api/v1/brands/{brand_id}/audiences/{audience_id}/archive" in ids
    for call in RESOURCE_CALLS:
        assert set(call.params) <= RESOURCE_PARAMS, f"{call.id}: teach this test the new id"


@pytest.mark.parametrize("call", RESOURCE_CALLS, ids=lambda call: call.id)
def test_other_tenant_gets_404_on_every_resource_route(
    shared_client: Client, world_a: World, world_b: World, call: RouteCall
) -> None:
    a, b = world_a.account, world_b.account
    # a mutating call gets a fresh world of A, so one leak cannot mask the next route's
    target = world_a if call.method == "GET" else scratch_world(shared_client, a)
    before = snapshot(shared_client, a)
    # every id is A's; then the parent brand is B's own while the child ids stay A's
    variants: list[dict[str, str]] = [target.ids()]
    if "brand_id" in call.params and len(call.params) > 1:
        variants.append({**target.ids(), "brand_id": world_b.brand_id})
    for ids in variants:
        body: Any = sample_body(call.body_type, {"user_id": b.user_id}) if call.body_type else None
        response = send(shared_client, call, ids, b.headers, body)
        assert_problem(response, 404, "not_found")
    assert snapshot(shared_client, a) == before


@pytest.mark.parametrize("call", RESOURCE_CALLS, ids=lambda call: call.id)
def test_owner_reaches_every_resource_route(
    shared_client: Client, world_a: World, call: RouteCall
) -> None:
    """The control for the test above: with A's own token, the same URLs exist (not 404), so the
    404s B gets are about tenancy and not about wrong URLs. Mutating calls use a fresh world."""
    a = world_a.account
    ids = world_a.ids() if call.method == "GET" else scratch_world(shared_client, a).ids()
    body: Any = sample_body(call.body_type, {"user_id": a.user_id}) if call.body_type else None
    response = send(shared_client, call, ids, a.headers, body)
    assert response.status_code != 404, response.text
    assert response.status_code < 500, response.text


def test_options_reveal_nothing_about_other_tenants_ids(
    shared_client: Client, world_a: World, world_b: World
) -> None:
    b = world_b.account
    nowhere = "00000000-0000-4000-8000-000000000000"
    for call in RESOURCE_CALLS:
        real = shared_client.options(call.url(world_a.ids()), headers=b.headers)
        fake = shared_client.options(
            call.url(dict.fromkeys(world_a.ids(), nowhere)), headers=b.headers
        )
        assert (real.status_code, real.content) == (fake.status_code, fake.content), call.id


def test_other_tenants_lists_are_empty_of_a(
    shared_client: Client, world_a: World, world_b: World
) -> None:
    b = world_b.account
    h = b.headers

    def listed(path: str, **params: str) -> list[dict[str, Any]]:
        response = shared_client.get(path, params={"limit": 200, **params}, headers=h)
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    assert [x["id"] for x in listed(f"{API}/brands")] == [world_b.brand_id]
    assert [x["id"] for x in listed(f"{API}/brands", status="active")] == [world_b.brand_id]
    assert listed(f"{API}/brands", industry="coffee") == [
        shared_client.get(f"{API}/brands/{world_b.brand_id}", headers=h).json()
    ]
    assert [x["id"] for x in listed(f"{API}/projects")] == [world_b.project_id]
    assert listed(f"{API}/projects", assignee_id=world_a.account.user_id) == []
    assert listed(f"{API}/projects", status="planned") == listed(f"{API}/projects")
    # filtering B's projects by A's brand is as if the brand did not exist
    assert_problem(
        shared_client.get(f"{API}/projects", params={"brand_id": world_a.brand_id}, headers=h),
        404,
        "not_found",
    )
    me = shared_client.get(f"{API}/me", headers=h).json()
    assert me["organization"]["id"] == b.organization_id
    assert [m["organization_id"] for m in me["memberships"]] == [b.organization_id]


def test_a_cannot_assign_a_project_to_bs_user(
    shared_client: Client, world_a: World, world_b: World
) -> None:
    a = world_a.account
    before = snapshot(shared_client, a)
    response = shared_client.put(
        f"{API}/projects/{world_a.project_id}/assignee",
        json={"assignee_id": world_b.account.user_id},
        headers={**a.headers, "If-Match": "*"},
    )
    assert_problem(response, 422, "assignee_not_member", "assignee_id")
    assert snapshot(shared_client, a) == before


def test_b_can_use_the_same_slug_and_names_as_a(
    shared_client: Client, world_a: World, world_b: World
) -> None:
    """Uniqueness is per organization: both worlds hold a brand with slug 'world'."""
    a_brand = shared_client.get(f"{API}/brands/{world_a.brand_id}", headers=world_a.account.headers)
    b_brand = shared_client.get(f"{API}/brands/{world_b.brand_id}", headers=world_b.account.headers)
    assert a_brand.json()["slug"] == b_brand.json()["slug"] == "world"
    assert a_brand.json()["id"] != b_brand.json()["id"]


def test_a_fresh_organization_sees_nothing(shared_client: Client, world_a: World) -> None:
    newcomer = register(shared_client, organization_name="Initech")
    h = newcomer.headers
    for path in (f"{API}/brands", f"{API}/projects"):
        response = shared_client.get(path, headers=h)
        assert response.status_code == 200, response.text
        assert response.json() == {"items": [], "next_cursor": None}
    for path in (
        f"{API}/brands/{world_a.brand_id}/audiences",
        f"{API}/brands/{world_a.brand_id}/competitors",
        f"{API}/brands/{world_a.brand_id}/projects",
    ):
        assert_problem(shared_client.get(path, headers=h), 404, "not_found")


def _comparable(response: Any, ids: dict[str, str]) -> dict[str, Any]:
    """A 404 problem with the ids it names (and the request's own id) blanked out."""
    body = assert_problem(response, 404, "not_found")
    text = body.get("detail", "")
    for value in ids.values():
        text = text.replace(value, "<id>")
    return {
        "status": body["status"],
        "code": body["code"],
        "title": body["title"],
        "type": body["type"],
        "detail": re.sub(r"[0-9a-f-]{36}", "<id>", text),
        "fields": sorted(body),
    }


@pytest.mark.parametrize("call", RESOURCE_CALLS, ids=lambda call: call.id)
def test_guessed_ids_answer_exactly_like_another_tenants(
    shared_client: Client, world_a: World, world_b: World, call: RouteCall
) -> None:
    """Random UUIDs and A's real ids are indistinguishable to B: same 404 problem, nothing
    of A changed. With B's own brand as the parent, random child ids are 404 too."""
    a, b = world_a.account, world_b.account
    target = world_a if call.method == "GET" else scratch_world(shared_client, a)
    before = snapshot(shared_client, a)
    guessed = {name: str(uuid.uuid4()) for name in target.ids()}
    # (A's real ids, guessed ones in the same places)
    pairs = [(target.ids(), guessed)]
    if "brand_id" in call.params and len(call.params) > 1:
        mine = {"brand_id": world_b.brand_id}
        pairs.append(({**target.ids(), **mine}, {**guessed, **mine}))
    for real_ids, guessed_ids in pairs:
        answers = []
        for ids in (real_ids, guessed_ids):
            body = sample_body(call.body_type, {"user_id": b.user_id}) if call.body_type else None
            answers.append(_comparable(send(shared_client, call, ids, b.headers, body), ids))
        assert answers[0] == answers[1]
    assert snapshot(shared_client, a) == before


@pytest.mark.parametrize("call", READS, ids=lambda call: call.id)
def test_no_read_of_b_mentions_anything_of_a(
    shared_client: Client, world_a: World, world_b: World, call: RouteCall
) -> None:
    """Every GET route (lists included), with B's token and B's own ids: not one of A's ids in
    the answer. The control: the same route read by A shows A's ids where it lists any."""
    b = world_b.account
    a_ids = {*world_a.ids().values(), world_a.account.user_id, world_a.account.organization_id}
    response = send(shared_client, call, world_b.ids(), b.headers)
    assert response.status_code == 200, response.text
    leaked = {value for value in a_ids if value in response.text}
    assert leaked == set(), (call.id, leaked)
    own = send(shared_client, call, world_a.ids(), world_a.account.headers)
    assert own.status_code == 200, own.text
    if call.path.endswith(("/brands", "/projects", "/audiences", "/competitors")):
        assert any(value in own.text for value in a_ids), call.id


# -- webhooks ------------------------------------------------------------------------------------


@pytest.mark.parametrize("call", WEBHOOK_CALLS, ids=lambda call: call.id)
def test_other_tenant_gets_404_on_every_webhook_route(
    shared_client: Client, world_a: World, world_b: World, call: RouteCall
) -> None:
    a, b = world_a.account, world_b.account
    ids = webhook_ids(shared_client, a)
    before = webhook_snapshot(shared_client, a)
    body: Any = sample_body(call.body_type, {"user_id": b.user_id}) if call.body_type else None
    assert_problem(send(shared_client, call, ids, b.headers, body), 404, "not_found")
    assert webhook_snapshot(shared_client, a) == before


@pytest.mark.parametrize("call", WEBHOOK_CALLS, ids=lambda call: call.id)
def test_owner_reaches_every_webhook_route(
    shared_client: Client, world_a: World, call: RouteCall
) -> None:
    a = world_a.account
    body: Any = sample_body(call.body_type, {"user_id": a.user_id}) if call.body_type else None
    response = send(shared_client, call, webhook_ids(shared_client, a), a.headers, body)
    assert 200 <= response.status_code < 300, response.text
    assert {"subscription_id", "delivery_id"} >= set(call.params)
