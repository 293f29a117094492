"""Campaigns and ad rules over HTTP on the embedded sandbox: plan, launch, pace, steer, define
and judge rules; bad input is a 4xx problem that changes nothing; another tenant gets 404;
and the role matrix of every advertising route, derived from each route's own rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    add_member,
    assert_problem,
    build_app,
    create_brand,
    etag_version,
    register,
    route_calls,
    sandbox_channel_accounts,
    snapshot,
)

from umt.domain.identity.permissions import ROLE_PERMISSIONS, Permission, Role
from umt.domain.shared.ids import BrandId

Client = TestClient[Litestar]
NOWHERE = "00000000-0000-4000-8000-000000000000"
ROUTES = [
    c
    for c in route_calls(build_app(Path("advertising-routes-are-only-listed")))
    if c.path.startswith((f"{API}/campaigns", f"{API}/ad-rules"))
]


def piece(client: Client, owner: Account, brand_id: str, *, approved: bool = True) -> str:
    created = client.post(
        f"{API}/brands/{brand_id}/content",
        json={
            "content_type": "ad_copy",
            "channel": "meta_ads",
            "title": "Ship faster",
            "body": "The planner your team will actually open.",
            "fields": {"headlines": ["Ship faster"], "links": ["https://example.com/spring"]},
        },
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    content_id: str = created.json()["id"]
    if approved:
        for action in ("submit", "approve"):
            done = client.post(f"{API}/content/{content_id}/{action}", headers=owner.headers)
            assert done.status_code == 200, done.text
    return content_id


def ad_account(client: Client, owner: Account, brand_id: str) -> dict[str, Any]:
    found = sandbox_channel_accounts(client, owner, brand_id)
    account: dict[str, Any] = next(a for a in found["items"] if a["role"] == "advertise")
    return account


def campaign_body(brand_id: str, account: dict[str, Any], content_id: str) -> dict[str, Any]:
    starts = datetime.now(UTC).replace(microsecond=0)
    return {
        "brand_id": brand_id,
        "ad_account_id": account["id"],
        "name": "Spring launch",
        "objective": "traffic",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(days=10)).isoformat(),
        "ad_sets": [
            {
                "name": "Founders",
                "budget": {"kind": "daily", "amount": "50.00", "currency": account["currency"]},
                "countries": ["US"],
                "ads": [{"content_id": content_id}],
            }
        ],
    }


@pytest.fixture
def setting(client: Client, owner: Account) -> dict[str, Any]:
    brand = create_brand(client, owner)
    account = ad_account(client, owner, brand["id"])
    return {"brand": brand, "account": account, "content": piece(client, owner, brand["id"])}


def planned(client: Client, owner: Account, setting: dict[str, Any]) -> dict[str, Any]:
    body = campaign_body(setting["brand"]["id"], setting["account"], setting["content"])
    response = client.post(f"{API}/campaigns", json=body, headers=owner.headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def launched(client: Client, owner: Account, setting: dict[str, Any]) -> dict[str, Any]:
    campaign = planned(client, owner, setting)
    response = client.post(f"{API}/campaigns/{campaign['id']}/launch", headers=owner.headers)
    assert response.status_code == 200, response.text
    done: dict[str, Any] = response.json()
    return done


def test_plan_launch_steer_and_pace_a_campaign(
    client: Client, owner: Account, setting: dict[str, Any]
) -> None:
    campaign = planned(client, owner, setting)
    currency = setting["account"]["currency"]
    assert (campaign["status"], campaign["currency"]) == ("draft", currency)
    assert campaign["daily_ceiling"] == {"amount": "50.00", "currency": currency}
    url = f"{API}/campaigns/{campaign['id']}"
    extra = client.post(
        f"{url}/ad-sets",
        json={"name": "Lookalikes", "budget": {"amount": "20.00", "currency": currency},
              "ads": [{"content_id": setting["content"]}]},
        headers=owner.headers,
    )  # fmt: skip
    assert extra.status_code == 201, extra.text
    assert len(extra.json()["ad_sets"]) == 2
    stale = client.post(f"{url}/launch", headers={**owner.headers, "If-Match": '"1"'})
    assert_problem(stale, 412, "stale_version")
    version = etag_version(extra)
    live = client.post(f"{url}/launch", headers={**owner.headers, "If-Match": f'"{version}"'})
    assert live.status_code == 200, live.text
    body = live.json()
    assert body["status"] == "active"
    assert all(s["remote_id"] and s["status"] == "active" for s in body["ad_sets"])
    first = body["ad_sets"][0]["id"]
    budget = client.post(
        f"{url}/budget",
        json={"ad_set_id": first, "budget": {"amount": "40.00", "currency": currency}},
        headers=owner.headers,
    )
    assert budget.status_code == 200, budget.text
    assert budget.json()["ad_sets"][0]["budget"]["amount"] == "40.00"
    pacing = client.get(f"{url}/pacing", headers=owner.headers)
    assert pacing.status_code == 200, pacing.text
    states = {item["state"] for item in pacing.json()["ad_sets"]}
    assert states <= {"warming_up", "not_started"}
    paused = client.post(f"{url}/pause", headers=owner.headers)
    assert paused.json()["status"] == "paused"
    resumed = client.post(f"{url}/resume", headers=owner.headers)
    assert resumed.json()["status"] == "active"
    listed = client.get(f"{API}/campaigns", params={"status": "active"}, headers=owner.headers)
    assert [c["id"] for c in listed.json()["items"]] == [campaign["id"]]
    archived = client.post(f"{url}/archive", headers=owner.headers)
    assert (archived.json()["status"], etag_version(archived)) == (
        "archived",
        archived.json()["version"],
    )


def test_rules_are_defined_judged_in_dry_run_and_listed(
    client: Client, owner: Account, setting: dict[str, Any]
) -> None:
    campaign = launched(client, owner, setting)
    created = client.post(
        f"{API}/ad-rules",
        json={
            "campaign_id": campaign["id"],
            "name": "Notify on spend",
            "action": "notify",
            "condition": {"metric": "spend", "comparison": "gte", "threshold": "0"},
        },
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    rule = created.json()
    assert rule["condition"]["threshold"] == "0"
    url = f"{API}/ad-rules/{rule['id']}"
    judged = client.post(f"{url}/evaluate", json={"dry_run": True}, headers=owner.headers)
    assert judged.status_code == 200, judged.text
    [evaluation] = judged.json()["items"]
    assert evaluation["outcome"] == "dry_run"
    history = client.get(f"{url}/evaluations", headers=owner.headers).json()["items"]
    assert [e["id"] for e in history] == [evaluation["id"]]
    changed = client.patch(
        url, json={"enabled": False}, headers={**owner.headers, "If-Match": '"1"'}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["enabled"] is False
    stale = client.patch(url, json={"dry_run": True}, headers={**owner.headers, "If-Match": '"1"'})
    assert_problem(stale, 412)
    listed = client.get(
        f"{API}/ad-rules", params={"campaign_id": campaign["id"]}, headers=owner.headers
    )
    assert [r["id"] for r in listed.json()["items"]] == [rule["id"]]
    assert_problem(client.delete(url, headers=owner.headers), 428)  # without If-Match
    assert_problem(client.delete(url, headers={**owner.headers, "If-Match": '"1"'}), 412)
    version = changed.json()["version"]
    gone = client.delete(url, headers={**owner.headers, "If-Match": f'"{version}"'})
    assert gone.status_code == 204, gone.text
    assert_problem(client.get(url, headers=owner.headers), 404, "not_found")


def test_bad_input_is_a_problem_and_changes_nothing(
    client: Client, owner: Account, setting: dict[str, Any]
) -> None:
    brand_id, account = setting["brand"]["id"], setting["account"]
    good = campaign_body(brand_id, account, setting["content"])
    other = "EUR" if account["currency"] != "EUR" else "USD"

    def with_budget(amount: str, currency: str) -> dict[str, Any]:
        body = campaign_body(brand_id, account, setting["content"])
        body["ad_sets"][0]["budget"] = {"amount": amount, "currency": currency}
        return body

    draft = piece(client, owner, brand_id, approved=False)
    cases: list[tuple[dict[str, Any], int, str | None, str | None]] = [
        (with_budget("50.00", other), 422, "budget_currency_mismatch", None),
        (with_budget("-5", account["currency"]), 422, "budget_not_positive", None),
        (with_budget("0", account["currency"]), 422, "budget_not_positive", None),
        ({**good, "ad_account_id": NOWHERE}, 422, "ad_account_invalid", "ad_account_id"),
        (campaign_body(brand_id, account, draft), 422, "creative_not_approved", None),
        ({**good, "objective": "fame"}, 422, None, None),
        ({**good, "ends_at": "2020-01-01T00:00:00Z"}, 422, None, None),
        ({**good, "ad_sets": [{**good["ad_sets"][0], "budget": {"amount": 5.5}}]}, 422, None, None),
    ]
    for body, status, code, field in cases:
        response = client.post(f"{API}/campaigns", json=body, headers=owner.headers)
        assert_problem(response, status, code, field)
    # over the organization's cap
    cap = {"currency": account["currency"], "daily": "40"}
    assert client.put(f"{API}/budget-caps", json=cap, headers=owner.headers).status_code == 200
    over = client.post(f"{API}/campaigns", json=good, headers=owner.headers)
    assert_problem(over, 422, "budget_cap_exceeded")
    assert client.get(f"{API}/campaigns", headers=owner.headers).json()["items"] == []
    rule = client.post(
        f"{API}/ad-rules",
        json={"campaign_id": NOWHERE, "name": "x", "action": "pause",
              "condition": {"metric": "cpa", "comparison": "gt", "threshold": "1"}},
        headers=owner.headers,
    )  # fmt: skip
    assert_problem(rule, 404, "not_found")
    assert BrandId(UUID(brand_id))


def test_another_tenant_gets_404_and_changes_nothing(
    client: Client, owner: Account, setting: dict[str, Any]
) -> None:
    campaign = launched(client, owner, setting)
    rule = client.post(
        f"{API}/ad-rules",
        json={"campaign_id": campaign["id"], "name": "x", "action": "notify",
              "condition": {"metric": "spend", "comparison": "gt", "threshold": "1"}},
        headers=owner.headers,
    ).json()  # fmt: skip
    stranger = register(client, organization_name="Globex")
    ids = {"campaign_id": campaign["id"], "ad_set_id": campaign["ad_sets"][0]["id"],
           "rule_id": rule["id"]}  # fmt: skip
    before = snapshot(client, owner)
    for call in ROUTES:
        if not call.params:
            continue
        body = _body(call.body_type, ids, campaign)
        headers = {**stranger.headers, "If-Match": "*"}  # PATCH needs one (428 without)
        response = client.request(call.method, call.url(ids), json=body, headers=headers)
        assert_problem(response, 404, "not_found")
    assert snapshot(client, owner) == before
    assert client.get(f"{API}/campaigns", headers=stranger.headers).json()["items"] == []


@pytest.mark.parametrize("role", [Role.VIEWER, Role.CONTENT_CREATOR, Role.ANALYST])
def test_the_role_matrix_refuses_what_a_role_lacks(
    client: Client, owner: Account, setting: dict[str, Any], role: Role
) -> None:
    campaign = launched(client, owner, setting)
    rule = client.post(
        f"{API}/ad-rules",
        json={"campaign_id": campaign["id"], "name": "x", "action": "notify",
              "condition": {"metric": "spend", "comparison": "gt", "threshold": "1"}},
        headers=owner.headers,
    ).json()  # fmt: skip
    ids = {"campaign_id": campaign["id"], "ad_set_id": campaign["ad_sets"][0]["id"],
           "rule_id": rule["id"]}  # fmt: skip
    member = add_member(client, owner, role)
    held = ROLE_PERMISSIONS[role]
    for call in ROUTES:
        permission = Permission(call.rule["permission"])
        if permission in held:
            continue
        body = _body(call.body_type, ids, campaign)
        headers = {**member.headers, "If-Match": "*"}
        response = client.request(call.method, call.url(ids), json=body, headers=headers)
        assert_problem(response, 403, "permission_denied")
    reads = [c for c in ROUTES if c.method == "GET"]
    if Permission.ADS_READ in held:
        for call in reads:
            assert client.get(call.url(ids), headers=member.headers).status_code == 200
    after = client.get(f"{API}/campaigns/{campaign['id']}", headers=owner.headers).json()
    assert (after["status"], after["version"]) == (campaign["status"], campaign["version"])


def _body(body_type: type | None, ids: dict[str, str], campaign: dict[str, Any]) -> Any:
    if body_type is None:
        return None
    from tests.unit.entrypoints.http.helpers import sample_body

    return sample_body(body_type, {**ids, "brand_id": campaign["brand_id"], "user_id": NOWHERE})
