"""POST /auth/register tells no one which emails have accounts: a new and a taken email get
the same status, headers and body; the taken email's owner gets a mail instead."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, PASSWORD, Account, login, unique_email
from tests.unit.entrypoints.http.members_helpers import mails

Client = TestClient[Litestar]
_VARYING = {"date", "x-request-id", "content-length"}


def register(client: Client, email: str, password: str = PASSWORD, org: str = "Acme") -> Any:
    return client.post(
        f"{API}/auth/register",
        json={"email": email, "password": password, "organization_name": org},
    )


def shape(response: Any) -> tuple[int, list[str], list[str]]:
    headers = sorted(h for h in response.headers if h not in _VARYING)
    return response.status_code, headers, sorted(response.json())


def test_a_taken_email_gets_the_answer_a_new_one_gets(client: Client, owner: Account) -> None:
    new_email = unique_email("new")
    new = register(client, new_email, org="Globex")
    taken = register(client, owner.email, password="someone else's passphrase", org="Globex")
    assert new.status_code == taken.status_code == 202, taken.text
    assert shape(new) == shape(taken)
    assert taken.json()["email"] == owner.email
    assert {**new.json(), "email": owner.email} == taken.json()  # the email is all that differs
    assert "already" not in taken.text

    # the new account signs in; the taken one is unchanged and kept its own password
    assert login(client, new_email)["organization_id"]
    refused = client.post(
        f"{API}/auth/token",
        json={"email": owner.email, "password": "someone else's passphrase"},
    )
    assert refused.status_code == 401
    me = client.get(f"{API}/me", headers=owner.headers).json()
    assert [m["organization_id"] for m in me["memberships"]] == [owner.organization_id]


def test_the_owner_of_a_taken_email_is_mailed_and_a_new_one_welcomed(
    client: Client, owner: Account
) -> None:
    before = len(mails(client))
    register(client, owner.email.upper(), password="someone else's passphrase", org="Phish Ltd")
    new_email = unique_email("new")
    register(client, new_email, org="Phish Ltd")
    taken_mail, welcome = mails(client)[before:]
    assert taken_mail["To"] == owner.email
    assert welcome["To"] == new_email
    for mail in (taken_mail, welcome):
        body = mail.get_body(("plain",))
        assert body is not None
        text = body.get_content()
        assert "Phish" not in text + mail["Subject"]  # nothing the caller chose
        assert PASSWORD not in text
    taken_body = taken_mail.get_body(("plain",))
    assert taken_body is not None
    assert "already has an account" in taken_body.get_content()


def test_a_refusal_is_the_same_for_a_new_and_a_taken_email(client: Client, owner: Account) -> None:
    """Refusals come before the email is looked up, so they cannot differ either."""
    new = register(client, unique_email("new"), password="123456789012")
    taken = register(client, owner.email, password="123456789012")
    assert new.status_code == taken.status_code == 422
    assert new.json()["errors"] == taken.json()["errors"]
    bad_org_new = register(client, unique_email("new"), org="   ")
    bad_org_taken = register(client, owner.email, org="   ")
    assert bad_org_new.status_code == bad_org_taken.status_code == 422
