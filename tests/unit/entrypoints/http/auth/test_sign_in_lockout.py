"""Sign-in lockout through HTTP: failures per email lock it with a growing delay, and an unknown
email is answered exactly like a known one with a wrong password."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, PASSWORD, assert_problem, build_app, register

Client = TestClient[Litestar]
VOLATILE = {"x-request-id", "date", "content-length"}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Client]:
    app = build_app(
        tmp_path,
        sign_in_lockout_threshold=3,
        sign_in_lockout_base_seconds=1.0,
        sign_in_lockout_max_seconds=4.0,
    )
    with TestClient(app=app) as test_client:
        yield test_client


def sign_in(client: Client, email: str, password: str) -> httpx.Response:
    return client.post(f"{API}/auth/token", json={"email": email, "password": password})


def comparable(response: httpx.Response) -> tuple[int, dict[str, Any], dict[str, str]]:
    body = dict(response.json())
    body.pop("request_id", None)
    headers = {k: v for k, v in response.headers.items() if k not in VOLATILE}
    return response.status_code, body, headers


def test_unknown_and_known_emails_are_answered_alike_until_and_while_locked(
    client: Client,
) -> None:
    known = register(client).email
    unknown = "nobody-here@example.com"
    for _ in range(3):
        a, b = sign_in(client, known, "wrong password!!"), sign_in(client, unknown, "x" * 14)
        assert_problem(a, 401, "authentication_failed")
        assert comparable(a) == comparable(b)
    a, b = sign_in(client, known, PASSWORD), sign_in(client, unknown, PASSWORD)
    assert_problem(a, 429, "sign_in_locked")
    assert a.headers["retry-after"] == "1"
    assert comparable(a) == comparable(b)


def test_the_right_password_is_refused_while_locked_and_resets_after(client: Client) -> None:
    account = register(client)
    for _ in range(3):
        assert sign_in(client, account.email, "wrong password!!").status_code == 401
    assert_problem(sign_in(client, account.email, PASSWORD), 429, "sign_in_locked")
    time.sleep(1.05)
    assert sign_in(client, account.email, PASSWORD).status_code == 200
    # the success cleared the count: two failures do not lock again
    for _ in range(2):
        assert sign_in(client, account.email, "wrong password!!").status_code == 401
    assert sign_in(client, account.email, PASSWORD).status_code == 200


def test_the_lock_doubles_and_is_keyed_by_the_normalized_email(client: Client) -> None:
    account = register(client)
    variants = [account.email.upper(), f"  {account.email}", account.email]
    for email in variants:
        assert sign_in(client, email, "wrong password!!").status_code == 401
    assert sign_in(client, account.email, PASSWORD).headers["retry-after"] == "1"
    time.sleep(1.05)
    assert sign_in(client, account.email, "wrong password!!").status_code == 401
    assert sign_in(client, account.email, PASSWORD).headers["retry-after"] == "2"
    # another email is not affected
    other = register(client)
    assert sign_in(client, other.email, PASSWORD).status_code == 200
