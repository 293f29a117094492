"""Choosing a password over HTTP: guessable, blank and personal passwords are refused with a
field-level 422 that names the reason, wherever a password is set (register, accept an
invitation); a long passphrase is welcome."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, Account, assert_problem, unique_email
from tests.unit.entrypoints.http.members_helpers import accept, invite, token_for

Client = TestClient[Litestar]


def register_with(client: Client, password: str, email: str | None = None) -> Any:
    return client.post(
        f"{API}/auth/register",
        json={
            "email": email or unique_email("pw"),
            "password": password,
            "organization_name": "Acme Coffee Roasters",
        },
    )


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("aaaaaaaaaaaa", "too easy to guess"),
        ("123456789012", "too easy to guess"),
        ("password1234", "too easy to guess"),
        (" " * 12, "only spaces"),
        ("acme coffee roasters", "organization"),
    ],
)
def test_register_refuses_weak_passwords_with_the_reason(
    shared_client: Client, password: str, reason: str
) -> None:
    email = unique_email("weak")
    body = assert_problem(register_with(shared_client, password, email), 422, "weak_password")
    assert body["errors"][0]["field"] == "password"
    assert reason in body["errors"][0]["message"]
    signed_in = shared_client.post(f"{API}/auth/token", json={"email": email, "password": password})
    assert signed_in.status_code == 401  # nothing was created


def test_the_email_itself_is_refused(shared_client: Client) -> None:
    email = unique_email("self") + ".example"
    problem = assert_problem(register_with(shared_client, email, email), 422, "weak_password")
    assert "email" in problem["errors"][0]["message"]


def test_a_long_passphrase_is_accepted(shared_client: Client) -> None:
    passphrase = "the kettle sings while the rain keeps time on the old tin roof " * 8
    assert len(passphrase) > 500
    email = unique_email("long")
    assert register_with(shared_client, passphrase, email).status_code < 300
    signed_in = shared_client.post(
        f"{API}/auth/token", json={"email": email, "password": passphrase}
    )
    assert signed_in.status_code == 200, signed_in.text


def test_accepting_an_invitation_refuses_a_weak_password(client: Client, owner: Account) -> None:
    email = unique_email("invitee")
    invite(client, owner, email)
    token = token_for(client, email)
    refused = accept(client, token, password="123456789012")
    problem = assert_problem(refused, 422, "weak_password", "password")
    assert "too easy to guess" in problem["detail"]
    same_as_email = accept(client, token, password=email)
    assert_problem(same_as_email, 422, "weak_password", "password")
    assert accept(client, token).status_code == 200  # the token still works: nothing changed
