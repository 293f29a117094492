"""Access tokens: anything but a valid, current, HS256-signed token of this issuer and audience
is a 401 problem with a WWW-Authenticate challenge. Tokens are forged with PyJWT and the
development secret the app generated under its data directory."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt
import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    assert_problem,
    build_app,
    register,
    running_client,
)

Client = TestClient[Litestar]
ME = f"{API}/me"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tokens")


@pytest.fixture(scope="module")
def token_client(data_dir: Path) -> Any:
    with running_client(data_dir) as client:
        yield client


@pytest.fixture(scope="module")
def account(token_client: Client) -> Account:
    return register(token_client, organization_name="Acme")


@pytest.fixture(scope="module")
def secret(data_dir: Path, account: Account) -> str:
    """The secret the app generated in development mode (mode 0600, 64 hex characters)."""
    path = data_dir / "jwt_secret"
    assert path.stat().st_mode & 0o777 == 0o600
    value = path.read_text().strip()
    assert len(value) >= 32
    return value


@pytest.fixture(scope="module")
def claims(account: Account) -> dict[str, Any]:
    """The claims of a real access token, as the app issued them."""
    body: dict[str, Any] = jwt.decode(account.access_token, options={"verify_signature": False})
    assert set(body) == {"iss", "aud", "sub", "org", "role", "sid", "iat", "exp"}
    return body


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unsigned(header: dict[str, Any], claims: dict[str, Any]) -> str:
    return f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}."


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_unauthorized(response: Any) -> dict[str, Any]:
    body = assert_problem(response, 401, "authentication_failed")
    challenge = response.headers.get("www-authenticate", "")
    assert challenge.lower().startswith("bearer"), response.headers
    assert "user" not in body  # nothing of /me leaks out
    return body


def test_a_forged_token_with_the_real_secret_works(
    token_client: Client, secret: str, claims: dict[str, Any]
) -> None:
    """The control: forging works, so the 401s below are about what each one changes."""
    now = int(time.time())
    token = jwt.encode({**claims, "iat": now, "exp": now + 300}, secret, algorithm="HS256")
    response = token_client.get(ME, headers=bearer(token))
    assert response.status_code == 200, response.text
    assert response.json()["user"]["id"] == claims["sub"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
        {"Authorization": "Basic YW5hOnBhc3N3b3Jk"},
        {"Authorization": "Token abc.def.ghi"},
        {"Authorization": "Bearer not-a-jwt"},
        {"Authorization": "Bearer a.b.c"},
    ],
    ids=["none", "empty", "scheme-only", "scheme-space", "basic", "token-scheme", "garbage", "abc"],
)
def test_missing_or_malformed_credentials(token_client: Client, headers: dict[str, str]) -> None:
    for path in (ME, f"{API}/brands", f"{API}/projects"):
        assert_unauthorized(token_client.get(path, headers=headers))


def _now() -> int:
    return int(time.time())


Forgery = Callable[[dict[str, Any], str], str]

FORGERIES: dict[str, Forgery] = {
    "expired": lambda c, s: jwt.encode(
        {**c, "iat": _now() - 7200, "exp": _now() - 3600}, s, algorithm="HS256"
    ),
    "other-secret": lambda c, s: jwt.encode(c, "x" * 64, algorithm="HS256"),
    "alg-none": lambda c, s: unsigned({"alg": "none", "typ": "JWT"}, c),
    "alg-none-upper": lambda c, s: unsigned({"alg": "NONE", "typ": "JWT"}, c),
    "hs512": lambda c, s: jwt.encode(c, s, algorithm="HS512"),
    "hs384": lambda c, s: jwt.encode(c, s, algorithm="HS384"),
    "wrong-audience": lambda c, s: jwt.encode({**c, "aud": "someone-else"}, s, algorithm="HS256"),
    "wrong-issuer": lambda c, s: jwt.encode({**c, "iss": "evil"}, s, algorithm="HS256"),
    "missing-org": lambda c, s: jwt.encode(
        {k: v for k, v in c.items() if k != "org"}, s, algorithm="HS256"
    ),
    "missing-sub": lambda c, s: jwt.encode(
        {k: v for k, v in c.items() if k != "sub"}, s, algorithm="HS256"
    ),
    "missing-exp": lambda c, s: jwt.encode(
        {k: v for k, v in c.items() if k != "exp"}, s, algorithm="HS256"
    ),
    "unknown-role": lambda c, s: jwt.encode({**c, "role": "superuser"}, s, algorithm="HS256"),
    "org-not-uuid": lambda c, s: jwt.encode({**c, "org": "acme"}, s, algorithm="HS256"),
}


@pytest.mark.parametrize("name", sorted(FORGERIES))
def test_forged_tokens_are_refused(
    token_client: Client, secret: str, claims: dict[str, Any], name: str
) -> None:
    token = FORGERIES[name](dict(claims), secret)
    body = assert_unauthorized(token_client.get(ME, headers=bearer(token)))
    if name == "expired":
        assert body["detail"] == "access token expired"
    # and no write gets through either
    created = token_client.post(f"{API}/brands", json={"name": "Sneaky"}, headers=bearer(token))
    assert_unauthorized(created)


def test_tampered_tokens_are_refused(token_client: Client, account: Account) -> None:
    header, payload, signature = account.access_token.split(".")
    # a different signature (the middle of it, where every character carries full bits)
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    assert_unauthorized(token_client.get(ME, headers=bearer(f"{header}.{payload}.{flipped}")))
    # a promoted role with the original signature
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    promoted = b64url(json.dumps({**claims, "role": "owner", "exp": claims["exp"] + 9999}).encode())
    assert_unauthorized(token_client.get(ME, headers=bearer(f"{header}.{promoted}.{signature}")))
    # no signature at all
    assert_unauthorized(token_client.get(ME, headers=bearer(f"{header}.{payload}.")))
    # the real token still works
    assert token_client.get(ME, headers=account.headers).status_code == 200


def test_a_refresh_token_is_not_an_access_token(token_client: Client, account: Account) -> None:
    assert_unauthorized(token_client.get(ME, headers=bearer(account.refresh_token)))
    refreshed = token_client.post(
        f"{API}/auth/refresh", json={"refresh_token": account.access_token}
    )
    # an access token is longer than any refresh token: refused by the schema or as unknown
    assert refreshed.status_code in {401, 422}, refreshed.text
    assert refreshed.headers["content-type"].startswith("application/problem+json")
    assert "access_token" not in refreshed.text


def test_wrong_password_and_unknown_email_look_the_same(
    token_client: Client, account: Account
) -> None:
    attempts = [
        {"email": account.email, "password": "not the right password"},
        {"email": "nobody@example.com", "password": "not the right password"},
        {"email": "nobody@example.com", "password": account.password},
        {"email": "not-an-email", "password": account.password},
    ]
    bodies = []
    for attempt in attempts:
        response = token_client.post(f"{API}/auth/token", json=attempt)
        body = assert_unauthorized(response)
        bodies.append((body["code"], body["detail"], body.get("errors", [])))
        assert "access_token" not in response.text
    assert len(set(map(repr, bodies))) == 1, bodies
    assert bodies[0][1] == "invalid email or password"


def test_login_into_an_organization_one_is_not_a_member_of(
    token_client: Client, account: Account
) -> None:
    response = token_client.post(
        f"{API}/auth/token",
        json={
            "email": account.email,
            "password": account.password,
            "organization_id": "00000000-0000-4000-8000-000000000000",
        },
    )
    assert_unauthorized(response)
    # naming one's own organization works
    own = token_client.post(
        f"{API}/auth/token",
        json={
            "email": account.email,
            "password": account.password,
            "organization_id": account.organization_id,
        },
    )
    assert own.status_code == 200, own.text
    assert own.json()["organization_id"] == account.organization_id


@pytest.mark.parametrize(
    "refresh_token",
    ["umtr_" + "x" * 43, "", "x" * 201],
    ids=["unknown", "empty", "too-long"],
)
def test_bad_refresh_tokens(token_client: Client, refresh_token: str) -> None:
    response = token_client.post(f"{API}/auth/refresh", json={"refresh_token": refresh_token})
    if refresh_token and len(refresh_token) <= 200:
        assert_unauthorized(response)
    else:
        assert_problem(response, 422, "validation_failed", "refresh_token")


def test_a_known_secret_from_settings_is_used(tmp_path: Path) -> None:
    """With UMT_JWT_SECRET set, tokens are signed with it and no file is generated."""
    known = "k" * 40
    with TestClient(app=build_app(tmp_path, jwt_secret=known)) as client:
        account = register(client, organization_name="Known")
        decoded = jwt.decode(
            account.access_token, known, algorithms=["HS256"], audience="umt-api", issuer="umt"
        )
        assert decoded["org"] == account.organization_id
        assert decoded["role"] == "owner"
        assert decoded["exp"] - decoded["iat"] == 15 * 60
    assert not (tmp_path / "jwt_secret").exists()
