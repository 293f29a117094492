"""/api/v1/budget-caps: owners and admins set and remove the daily caps, every member with
ads:read reads them; bad input is a 4xx problem that stores nothing; campaigns already over a
lowered cap are reported and left as they are; a cap bounds the budgets planned after it."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.advertising.test_advertising_http import (
    campaign_body,
    planned,
    setting,
)
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    add_member,
    assert_problem,
    create_brand,
)

from umt.domain.identity.permissions import Permission, Role, permissions_for

Client = TestClient[Litestar]
URL = f"{API}/budget-caps"
NO_SUCH_ID = "00000000-0000-4000-8000-000000000000"
__all__ = ["setting"]  # the fixture, shared with the other advertising tests


def caps(client: Client, account: Account) -> list[dict[str, Any]]:
    response = client.get(URL, headers=account.headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def put(client: Client, account: Account, body: dict[str, Any]) -> Any:
    return client.put(URL, json=body, headers=account.headers)


def test_only_owners_and_admins_set_caps_and_brand_managers_read_them(
    client: Client, owner: Account
) -> None:
    assert Permission.BUDGET_CAPS_MANAGE in permissions_for(Role.ADMIN)
    assert Permission.BUDGET_CAPS_MANAGE not in permissions_for(Role.BRAND_MANAGER)
    manager = add_member(client, owner, Role.BRAND_MANAGER)
    admin = add_member(client, owner, Role.ADMIN)
    refused = put(client, manager, {"currency": "EUR", "daily": "999.00"})
    assert_problem(refused, 403, "permission_denied")
    gone = client.delete(URL, params={"currency": "EUR"}, headers=manager.headers)
    assert_problem(gone, 403, "permission_denied")
    assert caps(client, owner) == []
    done = put(client, admin, {"currency": "eur", "daily": "400.00"})
    assert done.status_code == 200, done.text
    assert done.json()["cap"]["daily"] == {"amount": "400.00", "currency": "EUR"}
    assert done.json()["over_cap"] == []
    seen = caps(client, manager)
    assert [(c["brand_id"], c["currency"], c["daily"]["amount"]) for c in seen] == [
        (None, "EUR", "400.00")
    ]


def test_bad_input_is_a_problem_and_stores_nothing(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    cases: list[tuple[dict[str, Any], int, str | None, str | None]] = [
        ({"currency": "EUR", "daily": "-5"}, 422, "budget_not_positive", "daily"),
        ({"currency": "EUR", "lifetime": "-5"}, 422, "budget_not_positive", "lifetime"),
        ({"currency": "EUR"}, 422, "campaign_invalid", "daily"),  # neither maximum
        ({"currency": "EUR", "daily": "0"}, 422, "budget_not_positive", "daily"),
        ({"currency": "XQQ", "daily": "10"}, 422, None, "currency"),
        ({"currency": "EUR", "daily": "ten"}, 422, None, "daily"),
        ({"currency": "EUR", "daily": "10.001"}, 422, None, "daily"),  # finer than cents
        ({"currency": "EUR", "daily": 10.5}, 422, "validation_failed", "daily"),  # never a float
        ({"currency": "EUR", "daily": "10", "brand_id": NO_SUCH_ID}, 404, "not_found", None),
    ]
    for body, status, code, field in cases:
        assert_problem(put(client, owner, body), status, code, field)
    assert caps(client, owner) == []
    missing = client.delete(
        URL, params={"currency": "EUR", "brand_id": brand["id"]}, headers=owner.headers
    )
    assert_problem(missing, 404, "not_found")
    good = put(client, owner, {"currency": "EUR", "daily": "10", "brand_id": brand["id"]})
    assert good.status_code == 200, good.text  # the same body with a real brand is stored


def test_a_lowered_cap_reports_campaigns_over_it_and_changes_none(
    client: Client, owner: Account, setting: dict[str, Any]
) -> None:
    campaign = planned(client, owner, setting)  # one ad set at 50.00 a day
    currency = setting["account"]["currency"]
    brand_id = setting["brand"]["id"]
    other_brand = create_brand(client, owner)
    # the other brand's own cap keeps it out of what the organization's cap reports
    own = put(client, owner, {"currency": currency, "daily": "5", "brand_id": other_brand["id"]})
    assert own.status_code == 200, own.text
    done = put(client, owner, {"currency": currency, "daily": "30.00"})
    assert done.status_code == 200, done.text
    over = done.json()["over_cap"]
    assert [(o["campaign_id"], o["daily_ceiling"]["amount"]) for o in over] == [
        (campaign["id"], "50.00")
    ]
    after = client.get(f"{API}/campaigns/{campaign['id']}", headers=owner.headers).json()
    assert after == campaign  # reported, not changed
    brand_cap = put(client, owner, {"currency": currency, "daily": "60", "brand_id": brand_id})
    assert brand_cap.json()["over_cap"] == []  # the brand's own cap wins
    body = campaign_body(brand_id, setting["account"], setting["content"])
    body["ad_sets"][0]["budget"]["amount"] = "70.00"
    assert_problem(client.post(f"{API}/campaigns", json=body, headers=owner.headers), 422,
                   "budget_cap_exceeded")  # fmt: skip
    removed = client.delete(
        URL, params={"currency": currency, "brand_id": brand_id}, headers=owner.headers
    )
    assert removed.status_code == 204
    body["ad_sets"][0]["budget"]["amount"] = "25.00"  # under the organization's 30
    assert client.post(f"{API}/campaigns", json=body, headers=owner.headers).status_code == 201
    left = [(c["brand_id"], c["daily"]["amount"]) for c in caps(client, owner)]
    assert sorted(left, key=str) == sorted([(None, "30.00"), (other_brand["id"], "5.00")], key=str)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.CONTENT_CREATOR, Role.ANALYST])
def test_roles_without_ads_read_or_caps_manage_are_refused(
    client: Client, owner: Account, role: Role
) -> None:
    member = add_member(client, owner, role)
    assert_problem(put(client, member, {"currency": "EUR", "daily": "10"}), 403)
    listed = client.get(URL, headers=member.headers)
    expected = 200 if Permission.ADS_READ in permissions_for(role) else 403
    assert listed.status_code == expected
    assert caps(client, owner) == []


def test_a_lifetime_cap_bounds_the_whole_flight(
    client: Client, owner: Account, setting: dict[str, Any]
) -> None:
    campaign = planned(client, owner, setting)  # 50.00 a day for ten days: 500.00
    currency = setting["account"]["currency"]
    done = put(client, owner, {"currency": currency, "lifetime": "400.00"})
    assert done.status_code == 200, done.text
    assert (done.json()["cap"]["daily"], done.json()["cap"]["lifetime"]["amount"]) == (
        None, "400.00",
    )  # fmt: skip
    (over,) = done.json()["over_cap"]
    assert (over["campaign_id"], over["total"]["amount"]) == (campaign["id"], "500.00")
    body = campaign_body(setting["brand"]["id"], setting["account"], setting["content"])
    body["ad_sets"][0]["budget"]["amount"] = "45.00"  # 450.00 in all
    assert_problem(client.post(f"{API}/campaigns", json=body, headers=owner.headers), 422,
                   "budget_cap_exceeded")  # fmt: skip
    body["ad_sets"][0]["budget"]["amount"] = "35.00"  # 350.00 in all
    made = client.post(f"{API}/campaigns", json=body, headers=owner.headers)
    assert made.status_code == 201, made.text
    longer = client.patch(
        f"{API}/campaigns/{made.json()['id']}", json={"ends_at": None},
        headers={**owner.headers, "If-Match": "*"},
    )  # fmt: skip
    assert_problem(longer, 422, "budget_cap_exceeded", "ends_at")  # no end: no total


def test_setting_changing_and_removing_a_cap_are_audited_events(
    client: Client, owner: Account
) -> None:
    brand = create_brand(client, owner)
    scope = {"currency": "EUR", "brand_id": brand["id"]}
    assert put(client, owner, {**scope, "daily": "400"}).status_code == 200
    assert put(client, owner, {**scope, "daily": "400.00"}).status_code == 200  # the same
    assert put(client, owner, {**scope, "daily": "450", "lifetime": "9000"}).status_code == 200
    gone = client.delete(URL, params=scope, headers=owner.headers)
    assert gone.status_code == 204
    response = client.get(
        f"{API}/audit-log",
        params={"resource_type": "budget_cap", "resource_id": brand["id"]},
        headers=owner.headers,
    )
    assert response.status_code == 200, response.text
    entries = sorted(response.json()["items"], key=lambda e: e["occurred_at"])
    assert [e["action"] for e in entries] == [
        "budget_cap.created",  # the unchanged second set recorded nothing
        "budget_cap.updated",
        "budget_cap.removed",
    ]
    assert {e["actor"]["id"] for e in entries} == {owner.user_id}
    created, updated, removed = entries
    assert created["after"] == {
        "brand_id": brand["id"],
        "currency": "EUR",
        "daily": "400.00",
        "lifetime": None,
    }
    assert updated["before"]["daily"] == "400.00"
    assert (updated["after"]["daily"], updated["after"]["lifetime"]) == ("450.00", "9000.00")
    assert removed["before"]["daily"] == "450.00"
