"""The web app's sign-in: the refresh token only in an HttpOnly cookie, refresh and logout
guarded against cross-site requests, organization switching without the password."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, Account, assert_problem, register
from tests.unit.entrypoints.http.members_helpers import accept, invite, token_for

Client = TestClient[Litestar]
ORIGIN = "https://testserver.local"
GUARD = {"Origin": ORIGIN, "X-UMT-CSRF": "1"}
SESSION = f"{API}/auth/session"


@pytest.fixture
def web(client: Client) -> Client:
    """The test client as the app's page sees the API: over HTTPS (the cookie is Secure)."""
    client.base_url = ORIGIN  # httpx converts it to a URL
    return client


def sign_in(client: Client, account: Account, **body: Any) -> dict[str, Any]:
    answer = client.post(
        SESSION, json={"email": account.email, "password": account.password, **body}
    )
    assert answer.status_code == 200, answer.text
    document: dict[str, Any] = answer.json()
    return document


def bearer(document: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {document['access_token']}"}


def test_sign_in_sets_an_http_only_strict_cookie_and_keeps_the_refresh_token_out_of_the_body(
    web: Client,
) -> None:
    account = register(web, organization_name="Web")
    answer = web.post(SESSION, json={"email": account.email, "password": account.password})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "organization_id"}
    assert answer.headers["cache-control"] == "no-store"
    cookie = answer.headers["set-cookie"]
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "secure", "samesite", "path", "max-age"} <= attributes, cookie
    assert "samesite=strict" in cookie.lower()
    assert f"path={SESSION}" in cookie.lower()
    token = web.cookies.get("umt_refresh")
    assert token
    assert token.startswith("umtr_")
    assert token not in answer.text
    assert web.get(f"{API}/me", headers=bearer(body)).status_code == 200


def test_refresh_rotates_the_cookie_and_the_old_one_is_spent(web: Client) -> None:
    account = register(web, organization_name="Web")
    sign_in(web, account)
    first = web.cookies.get("umt_refresh")
    refreshed = web.post(f"{SESSION}/refresh", headers=GUARD, json={})
    assert refreshed.status_code == 200, refreshed.text
    assert "refresh_token" not in refreshed.json()
    second = web.cookies.get("umt_refresh")
    assert second
    assert second != first
    assert web.get(f"{API}/me", headers=bearer(refreshed.json())).status_code == 200
    # the spent cookie presented again is reuse: the whole sign-in ends
    web.cookies.set("umt_refresh", first or "", domain="testserver.local", path=SESSION)
    assert_problem(web.post(f"{SESSION}/refresh", headers=GUARD, json={}), 401)


@pytest.mark.parametrize(
    "headers",
    [
        {},  # neither: a form post from another page
        {"X-UMT-CSRF": "1"},  # no Origin
        {"Origin": "https://evil.example", "X-UMT-CSRF": "1"},
        {"Origin": "null", "X-UMT-CSRF": "1"},  # a sandboxed frame
        {"Origin": ORIGIN},  # the custom header missing
        {"Origin": ORIGIN, "X-UMT-CSRF": "0"},
    ],
)
def test_cookie_calls_from_elsewhere_are_refused_and_change_nothing(
    web: Client, headers: dict[str, str]
) -> None:
    account = register(web, organization_name="Web")
    sign_in(web, account)
    cookie = web.cookies.get("umt_refresh")
    for path in ("refresh", "logout"):
        assert_problem(
            web.post(f"{SESSION}/{path}", headers=headers, json={}), 403, "cross_site_request"
        )
    assert web.cookies.get("umt_refresh") == cookie
    # the session still works: nothing was spent or ended
    assert web.post(f"{SESSION}/refresh", headers=GUARD, json={}).status_code == 200


def test_refresh_without_a_cookie_is_unauthorized(web: Client) -> None:
    assert_problem(web.post(f"{SESSION}/refresh", headers=GUARD, json={}), 401)


def test_logout_ends_the_sign_in_and_clears_the_cookie(web: Client) -> None:
    account = register(web, organization_name="Web")
    document = sign_in(web, account)
    cookie = web.cookies.get("umt_refresh")
    out = web.post(f"{SESSION}/logout", headers=GUARD)
    assert out.status_code == 204, out.text
    assert "max-age=0" in out.headers["set-cookie"].lower()
    assert web.cookies.get("umt_refresh") is None
    web.cookies.set("umt_refresh", cookie or "", domain="testserver.local", path=SESSION)
    assert_problem(web.post(f"{SESSION}/refresh", headers=GUARD, json={}), 401)
    # the access token of the ended sign-in stops working too
    assert_problem(web.get(f"{API}/me", headers=bearer(document)), 401)


def test_switching_organization_needs_no_password_but_a_membership(web: Client) -> None:
    owner = register(web, organization_name="Acme")
    other = register(web, organization_name="Globex")
    invite(web, owner, other.email, "analyst")
    assert accept(web, token_for(web, other.email), password=other.password).status_code == 200
    sign_in(web, other)
    switched = web.post(
        f"{SESSION}/refresh", headers=GUARD, json={"organization_id": owner.organization_id}
    )
    assert switched.status_code == 200, switched.text
    assert switched.json()["organization_id"] == owner.organization_id
    me = web.get(f"{API}/me", headers=bearer(switched.json())).json()
    assert me["organization"]["id"] == owner.organization_id
    assert me["membership"]["role"] == "analyst"
    # the organization switcher shows names: every membership carries its organization's
    names = {m["organization_id"]: m["organization_name"] for m in me["memberships"]}
    assert names == {owner.organization_id: "Acme", other.organization_id: "Globex"}
    assert me["membership"]["organization_name"] == "Acme"
    # an organization the user is not a member of: refused, and the cookie still redeemable
    stranger = register(web, organization_name="Initech")
    cookie = web.cookies.get("umt_refresh")
    refused = web.post(
        f"{SESSION}/refresh", headers=GUARD, json={"organization_id": stranger.organization_id}
    )
    assert_problem(refused, 401)
    assert web.cookies.get("umt_refresh") == cookie
    back = web.post(
        f"{SESSION}/refresh", headers=GUARD, json={"organization_id": other.organization_id}
    )
    assert back.status_code == 200, back.text
    assert back.json()["organization_id"] == other.organization_id


def test_the_api_refresh_can_switch_organization_too(web: Client) -> None:
    owner = register(web, organization_name="Acme")
    other = register(web, organization_name="Globex")
    invite(web, owner, other.email, "viewer")
    assert accept(web, token_for(web, other.email), password=other.password).status_code == 200
    answer = web.post(
        f"{API}/auth/refresh",
        json={"refresh_token": other.refresh_token, "organization_id": owner.organization_id},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["organization_id"] == owner.organization_id
    assert answer.json()["refresh_token"]


def test_accepting_an_invitation_in_the_browser_signs_in_with_the_cookie_only(
    web: Client,
) -> None:
    owner = register(web, organization_name="Acme")
    invite(web, owner, "newcomer@example.com", "content_creator")
    token = token_for(web, "newcomer@example.com")
    answer = web.post(
        f"{SESSION}/invitation",
        json={"token": token, "password": "a new long passphrase", "display_name": "Nia"},
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "organization_id"}
    assert body["organization_id"] == owner.organization_id
    assert answer.headers["cache-control"] == "no-store"
    assert "httponly" in answer.headers["set-cookie"].lower()
    cookie = web.cookies.get("umt_refresh")
    assert cookie
    assert cookie not in answer.text
    me = web.get(f"{API}/me", headers=bearer(body)).json()
    assert me["user"]["email"] == "newcomer@example.com"
    assert me["membership"]["role"] == "content_creator"
    # the cookie is a real session: it refreshes like one set by POST /auth/session
    refreshed = web.post(f"{SESSION}/refresh", headers=GUARD, json={})
    assert refreshed.status_code == 200, refreshed.text
    # the token is spent: a second accept is refused and sets no cookie
    web.cookies.clear()
    again = web.post(f"{SESSION}/invitation", json={"token": token, "password": "whatever x"})
    assert_problem(again, 400)
    assert web.cookies.get("umt_refresh") is None


def test_an_existing_user_accepts_in_the_browser_only_with_their_password(web: Client) -> None:
    owner = register(web, organization_name="Acme")
    other = register(web, organization_name="Globex")
    invite(web, owner, other.email, "analyst")
    token = token_for(web, other.email)
    web.cookies.clear()
    wrong = web.post(f"{SESSION}/invitation", json={"token": token, "password": "not theirs!"})
    assert_problem(wrong, 401)
    assert web.cookies.get("umt_refresh") is None
    right = web.post(f"{SESSION}/invitation", json={"token": token, "password": other.password})
    assert right.status_code == 200, right.text
    assert right.json()["organization_id"] == owner.organization_id
    assert web.cookies.get("umt_refresh")


def test_a_new_user_must_choose_a_password_and_a_bad_token_changes_nothing(
    web: Client,
) -> None:
    owner = register(web, organization_name="Acme")
    invite(web, owner, "later@example.com", "viewer")
    token = token_for(web, "later@example.com")
    web.cookies.clear()
    assert_problem(web.post(f"{SESSION}/invitation", json={"token": token}), 422, field="password")
    assert_problem(web.post(f"{SESSION}/invitation", json={"token": "umti_nope"}), 400)
    assert_problem(web.post(f"{SESSION}/invitation", json={"token": ""}), 422)
    assert web.cookies.get("umt_refresh") is None
    # the invitation is still pending: it was not spent by the refused attempts
    listed = web.get(f"{API}/invitations", headers=owner.headers).json()["items"]
    assert [i["email"] for i in listed] == ["later@example.com"]
