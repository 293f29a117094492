"""Members through HTTP: roles, brand scopes, removal and ownership, with the owner rules."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    PASSWORD,
    Account,
    add_member,
    assert_problem,
    create_brand,
    login,
)

from umt.domain.identity.permissions import Role

Client = TestClient[Litestar]


def members(client: Client, account: Account) -> dict[str, dict[str, Any]]:
    response = client.get(f"{API}/members", headers=account.headers)
    assert response.status_code == 200, response.text
    return {m["user_id"]: m for m in response.json()["items"]}


def patch(client: Client, by: Account, target: Account, **body: Any) -> Any:
    return client.patch(f"{API}/members/{target.user_id}", json=body, headers=by.headers)


def refresh(client: Client, account: Account) -> Any:
    return client.post(f"{API}/auth/refresh", json={"refresh_token": account.refresh_token})


def test_every_member_lists_the_members(client: Client, owner: Account) -> None:
    viewer = add_member(client, owner, Role.VIEWER)
    listed = members(client, viewer)
    assert set(listed) == {owner.user_id, viewer.user_id}
    assert listed[owner.user_id]["role"] == "owner"
    assert listed[viewer.user_id]["brand_ids"] is None
    assert "members:read" in listed[viewer.user_id]["permissions"]


def test_changing_a_role_takes_effect_at_the_next_sign_in(client: Client, owner: Account) -> None:
    member = add_member(client, owner, Role.VIEWER)
    response = patch(client, owner, member, role="brand_manager")
    assert response.status_code == 200, response.text
    assert response.json()["role"] == "brand_manager"
    assert_problem(refresh(client, member), 401)  # their sign-ins ended
    tokens = login(client, member.email)
    me = client.get(f"{API}/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.json()["membership"]["role"] == "brand_manager"
    # the owner's own sign-in is untouched
    assert refresh(client, owner).status_code == 200


def test_scoping_a_member_to_brands(client: Client, owner: Account) -> None:
    mine, other = create_brand(client, owner), create_brand(client, owner)
    member = add_member(client, owner, Role.BRAND_MANAGER)
    response = patch(client, owner, member, brand_ids=[mine["id"]])
    assert response.json()["brand_ids"] == [mine["id"]], response.text
    headers = {"Authorization": f"Bearer {login(client, member.email)['access_token']}"}
    assert [b["id"] for b in client.get(f"{API}/brands", headers=headers).json()["items"]] == [
        mine["id"]
    ]
    assert_problem(client.get(f"{API}/brands/{other['id']}", headers=headers), 404)
    assert_problem(client.post(f"{API}/brands", json={"name": "X"}, headers=headers), 403)
    me = client.get(f"{API}/me", headers=headers).json()
    assert me["membership"]["brand_ids"] == [mine["id"]]
    # back to every brand
    assert patch(client, owner, member, brand_ids=None).json()["brand_ids"] is None
    headers = {"Authorization": f"Bearer {login(client, member.email)['access_token']}"}
    assert client.get(f"{API}/brands/{other['id']}", headers=headers).status_code == 200


def test_admins_cannot_touch_owners_or_grant_ownership(client: Client, owner: Account) -> None:
    admin = add_member(client, owner, Role.ADMIN)
    viewer = add_member(client, owner, Role.VIEWER)
    before = members(client, owner)
    assert_problem(patch(client, admin, owner, role="viewer"), 403, "owner_role_reserved")
    assert_problem(patch(client, admin, viewer, role="owner"), 403, "owner_role_reserved")
    removal = client.delete(f"{API}/members/{owner.user_id}", headers=admin.headers)
    assert_problem(removal, 403, "owner_role_reserved")
    transfer = client.post(
        f"{API}/organization/ownership", json={"user_id": admin.user_id}, headers=admin.headers
    )
    assert_problem(transfer, 403, "permission_denied")
    assert members(client, owner) == before
    # but an admin manages everyone else
    assert patch(client, admin, viewer, role="analyst").status_code == 200


def test_the_last_owner_stays(client: Client, owner: Account) -> None:
    before = members(client, owner)
    assert_problem(patch(client, owner, owner, role="admin"), 409, "last_owner")
    removal = client.delete(f"{API}/members/{owner.user_id}", headers=owner.headers)
    assert_problem(removal, 409, "last_owner")
    assert members(client, owner) == before
    # with a second owner, the first may step down
    second = add_member(client, owner, Role.VIEWER)
    promoted = patch(client, owner, second, role="owner", password=owner.password)
    assert promoted.status_code == 200, promoted.text
    assert patch(client, owner, owner, role="admin").status_code == 200
    # a changed member's sign-ins end with the role they carried: the new owner signs in again
    second = replace(second, access_token=login(client, second.email)["access_token"])
    assert members(client, second)[owner.user_id]["role"] == "admin"
    # stepping down ended the sign-in that carried the owner role
    assert_problem(client.get(f"{API}/members", headers=owner.headers), 401)


def test_a_removed_member_is_out(client: Client, owner: Account) -> None:
    member = add_member(client, owner, Role.BRAND_MANAGER)
    response = client.delete(f"{API}/members/{member.user_id}", headers=owner.headers)
    assert response.status_code == 204, response.text
    assert member.user_id not in members(client, owner)
    assert_problem(refresh(client, member), 401)
    sign_in = client.post(f"{API}/auth/token", json={"email": member.email, "password": PASSWORD})
    assert_problem(sign_in, 401)
    again = client.delete(f"{API}/members/{member.user_id}", headers=owner.headers)
    assert_problem(again, 404, "not_found")


def test_ownership_transfer(client: Client, owner: Account) -> None:
    heir = add_member(client, owner, Role.ANALYST)
    response = client.post(
        f"{API}/organization/ownership",
        json={"user_id": heir.user_id, "password": owner.password},
        headers=owner.headers,
    )
    assert response.status_code == 200, response.text
    assert response.json()["role"] == "owner"
    heir = replace(heir, access_token=login(client, heir.email)["access_token"])
    roles = {k: v["role"] for k, v in members(client, heir).items()}
    assert roles == {owner.user_id: "admin", heir.user_id: "owner"}
    # the former owner's sign-in ended with the role it carried: refresh and access refused
    assert_problem(refresh(client, owner), 401)
    assert_problem(client.get(f"{API}/members", headers=owner.headers), 401)
    # signed in again, as the admin they now are, the owner stays out of reach
    tokens = login(client, owner.email)
    admin = replace(owner, access_token=tokens["access_token"], role="admin")
    assert_problem(patch(client, admin, heir, role="viewer"), 403, "owner_role_reserved")


def test_other_tenants_members_are_not_found(
    client: Client, owner: Account, other_owner: Account
) -> None:
    member = add_member(client, owner, Role.VIEWER)
    before = members(client, owner)
    assert_problem(patch(client, other_owner, member, role="admin"), 404, "not_found")
    removal = client.delete(f"{API}/members/{member.user_id}", headers=other_owner.headers)
    assert_problem(removal, 404, "not_found")
    transfer = client.post(
        f"{API}/organization/ownership",
        json={"user_id": member.user_id},
        headers=other_owner.headers,
    )
    assert_problem(transfer, 404, "not_found")
    assert members(client, owner) == before
    assert set(members(client, other_owner)) == {other_owner.user_id}
