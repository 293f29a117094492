"""What an API key may do to the organization and for how long: the attacks on it, over HTTP.

- A key never grants, changes or removes the owner role, whatever its creator's role and
  scopes; granting the owner role takes an owner in person who gives their password again.
- A key acts with its scopes intersected with its creator's current permissions and brand
  scope, on every request; a member's keys are revoked when they leave.
- A key that mints a key gives it no more than its own effective rights, nor a longer life.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    PASSWORD,
    Account,
    add_member,
    assert_problem,
    create_api_key,
    create_brand,
    unique_email,
)
from tests.unit.entrypoints.http.members_helpers import accept, bearer, token_for

from umt.domain.identity.permissions import Role

Client = TestClient[Litestar]
MEMBERS_KEY = ["members:manage", "members:read"]


def key_headers(created: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {created['key']}"}


def in_days(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def roles(client: Client, account: Account) -> dict[str, str]:
    response = client.get(f"{API}/members", headers=account.headers)
    assert response.status_code == 200, response.text
    return {m["user_id"]: m["role"] for m in response.json()["items"]}


def invitations(client: Client, account: Account) -> list[dict[str, Any]]:
    response = client.get(f"{API}/invitations", headers=account.headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


# --- a members:manage key cannot take the organization over ---------------------------------


def test_the_takeover_by_a_members_key_is_refused_at_its_first_step(
    client: Client, owner: Account
) -> None:
    key = key_headers(create_api_key(client, owner, scopes=MEMBERS_KEY))
    before = roles(client, owner)
    email = unique_email("intruder")
    # step 1 of the attack: the key invites an accomplice as owner
    invited = client.post(f"{API}/invitations", json={"email": email, "role": "owner"}, headers=key)
    assert_problem(invited, 403, "owner_role_reserved")
    assert invitations(client, owner) == []
    # nothing else a key does with the owner role works either
    admin = add_member(client, owner, Role.ADMIN)
    promote = client.patch(f"{API}/members/{admin.user_id}", json={"role": "owner"}, headers=key)
    assert_problem(promote, 403, "owner_role_reserved")
    demote = client.patch(f"{API}/members/{owner.user_id}", json={"role": "viewer"}, headers=key)
    assert_problem(demote, 403, "owner_role_reserved")
    rescope = client.patch(f"{API}/members/{owner.user_id}", json={"brand_ids": []}, headers=key)
    assert_problem(rescope, 403, "owner_role_reserved")
    removal = client.delete(f"{API}/members/{owner.user_id}", headers=key)
    assert_problem(removal, 403, "owner_role_reserved")
    assert roles(client, owner) == {**before, admin.user_id: "admin"}
    # the key still manages everyone else, within what an admin may
    assert (
        client.patch(
            f"{API}/members/{admin.user_id}", json={"role": "analyst"}, headers=key
        ).status_code
        == 200
    )


def test_a_key_cannot_transfer_ownership(client: Client, owner: Account) -> None:
    key = key_headers(create_api_key(client, owner, scopes=["organization:manage", "members:read"]))
    heir = add_member(client, owner, Role.ADMIN)
    # the key's creator is an owner, but a key is not a person: no password makes it one
    response = client.post(
        f"{API}/organization/ownership", json={"user_id": heir.user_id}, headers=key
    )
    assert_problem(response, 403, "owner_role_reserved")
    assert roles(client, owner)[owner.user_id] == "owner"


def test_granting_the_owner_role_takes_the_owners_password(client: Client, owner: Account) -> None:
    viewer = add_member(client, owner, Role.VIEWER)
    email = unique_email("co-owner")
    for body in ({}, {"password": "not the password at all"}):
        invited = client.post(
            f"{API}/invitations",
            json={"email": email, "role": "owner", **body},
            headers=owner.headers,
        )
        assert_problem(invited, 403, "reauthentication_required", field="password")
        promoted = client.patch(
            f"{API}/members/{viewer.user_id}", json={"role": "owner", **body}, headers=owner.headers
        )
        assert_problem(promoted, 403, "reauthentication_required", field="password")
        transfer = client.post(
            f"{API}/organization/ownership",
            json={"user_id": viewer.user_id, **body},
            headers=owner.headers,
        )
        assert_problem(transfer, 403, "reauthentication_required", field="password")
    assert invitations(client, owner) == []
    assert roles(client, owner)[viewer.user_id] == "viewer"
    # with the password, an owner grants it
    invited = client.post(
        f"{API}/invitations",
        json={"email": email, "role": "owner", "password": PASSWORD},
        headers=owner.headers,
    )
    assert invited.status_code == 201, invited.text
    promoted = client.patch(
        f"{API}/members/{viewer.user_id}",
        json={"role": "owner", "password": PASSWORD},
        headers=owner.headers,
    )
    assert promoted.status_code == 200, promoted.text
    # other changes need no password
    analyst = add_member(client, owner, Role.ANALYST)
    assert (
        client.patch(
            f"{API}/members/{analyst.user_id}", json={"role": "viewer"}, headers=owner.headers
        ).status_code
        == 200
    )


def test_an_owner_invited_by_a_person_still_works(client: Client, owner: Account) -> None:
    email = unique_email("partner")
    response = client.post(
        f"{API}/invitations",
        json={"email": email, "role": "owner", "password": PASSWORD},
        headers=owner.headers,
    )
    assert response.status_code == 201, response.text
    accepted = accept(client, token_for(client, email))
    assert accepted.status_code == 200, accepted.text
    listed = client.get(f"{API}/members", headers=bearer(accepted.json()))
    assert {m["role"] for m in listed.json()["items"]} == {"owner"}


# --- a key lives within its creator's current rights ---------------------------------------


def test_a_removed_members_keys_stop_working(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    admin = add_member(client, owner, Role.ADMIN)
    created = create_api_key(client, admin, scopes=["brand:read"])
    url = f"{API}/brands/{brand['id']}"
    assert client.get(url, headers=key_headers(created)).status_code == 200
    assert client.delete(f"{API}/members/{admin.user_id}", headers=owner.headers).status_code == 204
    assert_problem(client.get(url, headers=key_headers(created)), 401, "authentication_failed")
    (listed,) = client.get(f"{API}/api-keys", headers=owner.headers).json()["items"]
    assert listed["id"] == created["id"]
    assert listed["revoked_at"] is not None


def test_a_demoted_members_key_shrinks_to_the_new_role(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    admin = add_member(client, owner, Role.ADMIN)
    created = create_api_key(
        client, admin, scopes=["webhooks:manage", "api_keys:manage", "brand:read", "brand:update"]
    )
    key = key_headers(created)
    demoted = client.patch(
        f"{API}/members/{admin.user_id}", json={"role": "viewer"}, headers=owner.headers
    )
    assert demoted.status_code == 200, demoted.text
    subscription = client.post(
        f"{API}/webhook-subscriptions",
        json={"url": "https://hooks.example.com/umt", "event_types": ["*"]},
        headers=key,
    )
    assert_problem(subscription, 403, "permission_denied")
    minted = client.post(
        f"{API}/api-keys",
        json={"name": "longer", "scopes": ["brand:read"], "expires_at": in_days(366)},
        headers=key,
    )
    assert_problem(minted, 403, "permission_denied")
    update = client.patch(
        f"{API}/brands/{brand['id']}",
        json={"description": "by a viewer's key"},
        headers={**key, "If-Match": "*"},
    )
    assert_problem(update, 403, "permission_denied")
    # what the viewer still may do, the key still does
    assert client.get(f"{API}/brands/{brand['id']}", headers=key).status_code == 200
    assert client.get(f"{API}/webhook-subscriptions", headers=owner.headers).json()["items"] == []
    assert len(client.get(f"{API}/api-keys", headers=owner.headers).json()["items"]) == 1


def test_a_key_follows_its_creators_brand_scope(client: Client, owner: Account) -> None:
    kept = create_brand(client, owner)
    hidden = create_brand(client, owner)
    admin = add_member(client, owner, Role.ADMIN)
    key = key_headers(create_api_key(client, admin, scopes=["brand:read"]))
    listed = client.get(f"{API}/brands", headers=key).json()["items"]
    assert {b["id"] for b in listed} == {kept["id"], hidden["id"]}
    # the admin becomes a brand manager of one brand: the key reaches that brand only
    narrowed = client.patch(
        f"{API}/members/{admin.user_id}",
        json={"role": "brand_manager", "brand_ids": [kept["id"]]},
        headers=owner.headers,
    )
    assert narrowed.status_code == 200, narrowed.text
    listed = client.get(f"{API}/brands", headers=key).json()["items"]
    assert [b["id"] for b in listed] == [kept["id"]]
    assert_problem(client.get(f"{API}/brands/{hidden['id']}", headers=key), 404, "not_found")
    assert client.get(f"{API}/brands/{kept['id']}", headers=key).status_code == 200


def test_a_key_minted_by_a_key_has_no_more_than_its_parent(client: Client, owner: Account) -> None:
    parent = create_api_key(
        client, owner, scopes=["api_keys:manage", "brand:read"], expires_at=in_days(2)
    )
    key = key_headers(parent)
    wider = {"name": "wider", "scopes": ["brand:update"], "expires_at": in_days(1)}
    assert_problem(client.post(f"{API}/api-keys", json=wider, headers=key), 403)
    longer = {"name": "longer", "scopes": ["brand:read"], "expires_at": in_days(366)}
    assert_problem(
        client.post(f"{API}/api-keys", json=longer, headers=key), 422, field="expires_at"
    )
    within = {"name": "within", "scopes": ["brand:read"], "expires_at": in_days(1)}
    assert client.post(f"{API}/api-keys", json=within, headers=key).status_code == 201


def test_after_a_transfer_the_former_owners_key_acts_as_an_admin(
    client: Client, owner: Account
) -> None:
    key = key_headers(create_api_key(client, owner, scopes=["organization:manage", "members:read"]))
    budget = f"{API}/organization/generation-budget"
    assert client.put(budget, json={"token_limit": 1000}, headers=key).status_code == 200
    heir = add_member(client, owner, Role.ADMIN)
    transfer = client.post(
        f"{API}/organization/ownership",
        json={"user_id": heir.user_id, "password": PASSWORD},
        headers=owner.headers,
    )
    assert transfer.status_code == 200, transfer.text
    # organization:manage belongs to owners: the former owner's key lost it with the role
    refused = client.put(budget, json={"token_limit": 5}, headers=key)
    assert_problem(refused, 403, "permission_denied")
    back = client.post(
        f"{API}/organization/ownership", json={"user_id": owner.user_id}, headers=key
    )
    assert_problem(back, 403)
    # reading the members, which an admin may, still works
    listed = client.get(f"{API}/members", headers=key).json()["items"]
    assert {m["user_id"]: m["role"] for m in listed} == {
        owner.user_id: "admin",
        heir.user_id: "owner",
    }


def test_revoking_a_key_revokes_the_keys_it_made(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    url = f"{API}/brands/{brand['id']}"
    parent = create_api_key(client, owner, scopes=["api_keys:manage", "brand:read"])
    child = client.post(
        f"{API}/api-keys",
        json={
            "name": "child",
            "scopes": ["api_keys:manage", "brand:read"],
            "expires_at": in_days(5),
        },
        headers=key_headers(parent),
    )
    assert child.status_code == 201, child.text
    grandchild = client.post(
        f"{API}/api-keys",
        json={"name": "grandchild", "scopes": ["brand:read"], "expires_at": in_days(4)},
        headers=key_headers(child.json()),
    )
    assert grandchild.status_code == 201, grandchild.text
    unrelated = create_api_key(client, owner, scopes=["brand:read"])
    assert client.get(url, headers=key_headers(grandchild.json())).status_code == 200
    revoked = client.delete(f"{API}/api-keys/{parent['id']}", headers=owner.headers)
    assert revoked.status_code == 204
    for made in (child.json(), grandchild.json()):
        assert_problem(client.get(url, headers=key_headers(made)), 401, "authentication_failed")
    assert client.get(url, headers=key_headers(unrelated)).status_code == 200
    listed = client.get(f"{API}/api-keys", headers=owner.headers).json()["items"]
    assert {k["name"]: k["revoked_at"] is not None for k in listed} == {
        parent["name"]: True,
        "child": True,
        "grandchild": True,
        unrelated["name"]: False,
    }
