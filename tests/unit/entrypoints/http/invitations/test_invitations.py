"""Invitations through HTTP: mailed single-use tokens, accepted by new and existing users."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    PASSWORD,
    Account,
    add_member,
    assert_problem,
    create_brand,
    register,
    unique_email,
)
from tests.unit.entrypoints.http.members_helpers import accept, bearer, invite, mails, token_for

from umt.domain.identity.permissions import Role

Client = TestClient[Litestar]


def test_an_invitee_accepts_and_is_signed_in_with_the_invited_role(
    client: Client, owner: Account
) -> None:
    email = unique_email("invitee")
    created = invite(client, owner, email, "content_creator")
    assert "token" not in str(created).lower().replace("token_", "")
    assert created["mail_sent"] is True
    assert created["role"] == "content_creator"
    assert created["brand_ids"] is None
    [mail] = [m for m in mails(client) if m["To"] != owner.email]  # not the welcome
    assert mail["To"] == email
    assert "Acme" in mail["Subject"]
    token = token_for(client, email)
    assert token not in str(created)

    pending = client.get(f"{API}/invitations", headers=owner.headers).json()["items"]
    assert [i["email"] for i in pending] == [email]

    response = accept(client, token, display_name="Ivy")
    assert response.status_code == 200, response.text
    me = client.get(f"{API}/me", headers=bearer(response.json())).json()
    assert me["user"]["email"] == email
    assert me["user"]["display_name"] == "Ivy"
    assert me["organization"]["id"] == owner.organization_id
    assert me["membership"]["role"] == "content_creator"
    assert client.get(f"{API}/invitations", headers=owner.headers).json()["items"] == []
    members = client.get(f"{API}/members", headers=owner.headers).json()["items"]
    assert [m["email"] for m in members] == [owner.email, email]
    # the new account signs in like any other
    login = client.post(f"{API}/auth/token", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200


def test_a_token_works_once(client: Client, owner: Account) -> None:
    email = unique_email("invitee")
    invite(client, owner, email)
    token = token_for(client, email)
    assert accept(client, token).status_code == 200
    before = client.get(f"{API}/members", headers=owner.headers).json()
    assert_problem(accept(client, token), 400, "invitation_invalid")
    assert_problem(accept(client, "umti_made-up"), 400, "invitation_invalid")
    assert client.get(f"{API}/members", headers=owner.headers).json() == before


def test_reinviting_replaces_the_token_and_revoking_ends_it(client: Client, owner: Account) -> None:
    email = unique_email("invitee")
    first = invite(client, owner, email, "viewer")
    old = token_for(client, email)
    second = invite(client, owner, email, "analyst")
    new = token_for(client, email)
    assert first["id"] == second["id"]
    assert old != new
    assert_problem(accept(client, old), 400, "invitation_invalid")
    pending = client.get(f"{API}/invitations", headers=owner.headers).json()["items"]
    assert [(i["email"], i["role"]) for i in pending] == [(email, "analyst")]

    revoked = client.delete(f"{API}/invitations/{second['id']}", headers=owner.headers)
    assert revoked.status_code == 204
    assert_problem(accept(client, new), 400, "invitation_invalid")
    again = client.delete(f"{API}/invitations/{second['id']}", headers=owner.headers)
    assert_problem(again, 404, "not_found")
    assert client.get(f"{API}/invitations", headers=owner.headers).json()["items"] == []


def test_inviting_a_member_conflicts_and_only_owners_invite_owners(
    client: Client, owner: Account
) -> None:
    admin = add_member(client, owner, Role.ADMIN)
    response = client.post(
        f"{API}/invitations", json={"email": admin.email, "role": "viewer"}, headers=owner.headers
    )
    assert_problem(response, 409, "already_member", "email")
    response = client.post(
        f"{API}/invitations",
        json={"email": unique_email("boss"), "role": "owner"},
        headers=admin.headers,
    )
    assert_problem(response, 403, "owner_role_reserved")
    response = client.post(
        f"{API}/invitations",
        json={"email": unique_email("admin"), "role": "admin", "brand_ids": []},
        headers=owner.headers,
    )
    assert_problem(response, 422, "brand_scope_not_allowed", "brand_ids")
    response = client.post(
        f"{API}/invitations", json={"email": unique_email(), "role": "king"}, headers=owner.headers
    )
    assert_problem(response, 422, "invalid_value", "role")
    assert [m["To"] for m in mails(client)] == [owner.email]  # its welcome mail only
    # an owner may invite an owner, giving their password again (test_api_key_authority.py)
    invited = invite(client, owner, unique_email("co-owner"), "owner", password=owner.password)
    assert invited["role"] == "owner"


def test_an_existing_user_proves_their_password_to_join(
    client: Client, owner: Account, other_owner: Account
) -> None:
    invite(client, owner, other_owner.email, "analyst")
    token = token_for(client, other_owner.email)
    assert_problem(accept(client, token, password=None), 401, "authentication_failed")
    assert_problem(accept(client, token, password="not the password"), 401)
    response = accept(client, token, password=other_owner.password)
    assert response.status_code == 200, response.text
    assert response.json()["organization_id"] == owner.organization_id
    login = client.post(
        f"{API}/auth/token",
        json={
            "email": other_owner.email,
            "password": other_owner.password,
            "organization_id": owner.organization_id,
        },
    )
    assert login.status_code == 200, login.text
    me = client.get(f"{API}/me", headers=bearer(login.json())).json()
    assert sorted(m["role"] for m in me["memberships"]) == ["analyst", "owner"]


def test_a_new_user_must_choose_a_good_password(client: Client, owner: Account) -> None:
    email = unique_email("invitee")
    invite(client, owner, email)
    token = token_for(client, email)
    assert_problem(accept(client, token, password=None), 422, None, "password")
    assert_problem(accept(client, token, password="short"), 422, None, "password")
    assert accept(client, token).status_code == 200


def test_a_brand_scoped_invitation_limits_the_new_member(client: Client, owner: Account) -> None:
    mine, other = create_brand(client, owner), create_brand(client, owner)
    email = unique_email("scoped")
    created = invite(client, owner, email, "brand_manager", brand_ids=[mine["id"]])
    assert created["brand_ids"] == [mine["id"]]
    tokens = accept(client, token_for(client, email)).json()
    headers = bearer(tokens)
    listed = client.get(f"{API}/brands", headers=headers).json()["items"]
    assert [b["id"] for b in listed] == [mine["id"]]
    assert_problem(client.get(f"{API}/brands/{other['id']}", headers=headers), 404, "not_found")
    members = client.get(f"{API}/members", headers=owner.headers).json()["items"]
    assert [m["brand_ids"] for m in members if m["email"] == email] == [[mine["id"]]]


def test_invitations_name_only_brands_of_the_organization(
    client: Client, owner: Account, other_owner: Account
) -> None:
    theirs = create_brand(client, other_owner)
    response = client.post(
        f"{API}/invitations",
        json={"email": unique_email(), "role": "viewer", "brand_ids": [theirs["id"]]},
        headers=owner.headers,
    )
    assert_problem(response, 422, "invalid_value", "brand_ids")


def test_registering_still_works_next_to_invitations(client: Client) -> None:
    assert register(client).role == "owner"
