"""Attacks on access tokens, each answered 401 problem+json with a Bearer challenge.

The forgeries use the app's real development secret wherever the attack allows, so each one is
refused for the single thing it changes (the control test in test_tokens.py shows that a token
forged with the real secret and honest claims is accepted). The last part shows that ending a
sign-in (logout, revoke-all, refresh-token reuse) ends its access tokens at once, not at expiry.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.auth.test_tokens import (
    assert_unauthorized,
    b64url,
    bearer,
    unsigned,
)
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    add_member,
    login,
    register,
    running_client,
)

from umt.domain.identity.permissions import Role

Client = TestClient[Litestar]
ME = f"{API}/me"
BRANDS = f"{API}/brands"
LEEWAY = 5  # seconds, as the container configures the verifier


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("jwt-attacks")


@pytest.fixture(scope="module")
def client(data_dir: Path) -> Iterator[Client]:
    with running_client(data_dir) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def owner(client: Client) -> Account:
    return register(client, organization_name="Acme")


@pytest.fixture(scope="module")
def viewer(client: Client, owner: Account) -> Account:
    return add_member(client, owner, Role.VIEWER)


@pytest.fixture(scope="module")
def secret(data_dir: Path, owner: Account) -> str:
    return (data_dir / "jwt_secret").read_text().strip()


@pytest.fixture(scope="module")
def claims(viewer: Account) -> dict[str, Any]:
    """A viewer's real claims, the base of every forgery."""
    body: dict[str, Any] = jwt.decode(viewer.access_token, options={"verify_signature": False})
    return body


def _pem_public(key: rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())


def _fresh(c: dict[str, Any], **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    return {**c, "iat": now, "exp": now + 300, **changes}


def _hs256(c: dict[str, Any], key: str | bytes, **header: Any) -> str:
    return jwt.encode(c, key, algorithm="HS256", headers=header or None)


def _without(c: dict[str, Any], claim: str) -> dict[str, Any]:
    return {k: v for k, v in c.items() if k != claim}


def _raw_hs256(c: dict[str, Any], key: bytes, **header: Any) -> str:
    """HMAC-SHA256 by hand, for keys PyJWT rightly refuses to sign with (empty, PEM)."""
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT", **header}).encode())
    signing_input = f"{head}.{b64url(json.dumps(c).encode())}"
    return (
        f"{signing_input}.{b64url(hmac.new(key, signing_input.encode(), hashlib.sha256).digest())}"
    )


def _signed_none(c: dict[str, Any], secret: str) -> str:
    """``alg: none`` but carrying a valid HMAC of header and payload: a verifier that trusts
    the header's algorithm would skip the check; one that pins HS256 never reads it."""
    signing_input = unsigned({"alg": "none", "typ": "JWT"}, c).rstrip(".")
    mac = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(mac)}"


Forgery = Callable[[dict[str, Any], str], str]
ATTACKS: dict[str, Forgery] = {
    # algorithm: none, and algorithm confusion (the verifier pins HS256)
    "alg-none-unsigned": lambda c, s: unsigned({"alg": "none", "typ": "JWT"}, _fresh(c)),
    "alg-none-lowercase-header-NoNe": lambda c, s: unsigned({"alg": "NoNe"}, _fresh(c)),
    "alg-none-with-a-real-signature": lambda c, s: _signed_none(_fresh(c), s),
    "hs256-with-an-rsa-public-key-as-secret": lambda c, s: _raw_hs256(
        _fresh(c), _pem_public(RSA_KEY)
    ),
    "rs256": lambda c, s: jwt.encode(_fresh(c), RSA_KEY, algorithm="RS256"),
    "es256": lambda c, s: jwt.encode(_fresh(c), EC_KEY, algorithm="ES256"),
    "hs512-with-the-real-secret": lambda c, s: jwt.encode(_fresh(c), s, algorithm="HS512"),
    # keys
    "wrong-key": lambda c, s: _hs256(_fresh(c), "not the secret" * 4),
    "empty-key": lambda c, s: _raw_hs256(_fresh(c), b""),
    # time
    "expired": lambda c, s: _hs256(
        _fresh(c, iat=int(time.time()) - 3600, exp=int(time.time()) - 60), s
    ),
    "not-before-in-the-future": lambda c, s: _hs256(_fresh(c, nbf=int(time.time()) + 120), s),
    "issued-in-the-future": lambda c, s: _hs256(
        _fresh(c, iat=int(time.time()) + 120, exp=int(time.time()) + 900), s
    ),
    # who it is for and from
    "wrong-audience": lambda c, s: _hs256(_fresh(c, aud="another-api"), s),
    "audience-list-without-ours": lambda c, s: _hs256(_fresh(c, aud=["a", "b"]), s),
    "wrong-issuer": lambda c, s: _hs256(_fresh(c, iss="https://evil.example"), s),
    # tampering with the header: keys named by the token are never fetched nor used
    "kid-path-injection-empty-key": lambda c, s: _raw_hs256(
        _fresh(c), b"", kid="../../../dev/null"
    ),
    "kid-sql-injection": lambda c, s: _raw_hs256(_fresh(c), b"x", kid="' UNION SELECT 'x' --"),
    "jku-attacker-keys": lambda c, s: jwt.encode(
        _fresh(c), RSA_KEY, algorithm="RS256", headers={"jku": "https://evil.example/jwks"}
    ),
    "x5u-attacker-certificate": lambda c, s: jwt.encode(
        _fresh(c), RSA_KEY, algorithm="RS256", headers={"x5u": "https://evil.example/cert"}
    ),
    "embedded-jwk": lambda c, s: jwt.encode(
        _fresh(c),
        RSA_KEY,
        algorithm="RS256",
        headers={"jwk": json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(RSA_KEY.public_key()))},
    ),
    # claims of the wrong shape
    "sid-not-a-string": lambda c, s: _hs256(_fresh(c, sid=["a"]), s),
    "sid-empty": lambda c, s: _hs256(_fresh(c, sid=""), s),
    "sub-not-a-uuid": lambda c, s: _hs256(_fresh(c, sub="admin"), s),
}
REQUIRED = ["exp", "iat", "iss", "aud", "sub", "org", "role", "sid"]
for _claim in REQUIRED:
    ATTACKS[f"missing-{_claim}"] = lambda c, s, claim=_claim: _hs256(_without(_fresh(c), claim), s)


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_the_attack_is_refused(
    client: Client, secret: str, claims: dict[str, Any], name: str
) -> None:
    token = ATTACKS[name](dict(claims), secret)
    assert_unauthorized(client.get(ME, headers=bearer(token)))
    assert_unauthorized(client.post(BRANDS, json={"name": "Sneaky"}, headers=bearer(token)))


def test_a_little_clock_skew_is_tolerated(
    client: Client, secret: str, claims: dict[str, Any]
) -> None:
    """The control for the time attacks: within the leeway, the token is good."""
    skewed = _fresh(claims, iat=int(time.time()) + LEEWAY - 2, nbf=int(time.time()) + LEEWAY - 2)
    assert client.get(ME, headers=bearer(_hs256(skewed, secret))).status_code == 200


def test_a_header_naming_keys_changes_nothing(
    client: Client, secret: str, claims: dict[str, Any]
) -> None:
    """kid/jku/x5u on a token signed with the real secret: ignored, the token is as good as
    without them (they select no key; the one configured key is always used)."""
    token = _hs256(_fresh(claims), secret, kid="other", jku="https://evil.example/jwks")
    assert client.get(ME, headers=bearer(token)).status_code == 200


def test_a_role_escalated_in_the_payload_is_refused(
    client: Client, viewer: Account, owner: Account
) -> None:
    header, _, signature = viewer.access_token.split(".")
    body = jwt.decode(viewer.access_token, options={"verify_signature": False})
    for escalated in ({**body, "role": "owner"}, {**body, "role": "admin", "sub": owner.user_id}):
        forged = f"{header}.{b64url(json.dumps(escalated).encode())}.{signature}"
        assert_unauthorized(client.post(BRANDS, json={"name": "Escalated"}, headers=bearer(forged)))
    # the viewer's own token is still a viewer's: refused the write by permission, not by auth
    own = client.post(BRANDS, json={"name": "Escalated"}, headers=viewer.headers)
    assert own.status_code == 403


def test_a_token_of_another_deployment_is_refused(
    client: Client, tmp_path: Path, owner: Account
) -> None:
    """Another installation (its own generated secret) issues tokens with the same issuer and
    audience; ours refuses them, even naming an organization and user of ours."""
    with running_client(tmp_path) as elsewhere:
        stranger = register(elsewhere, organization_name="Elsewhere")
        assert elsewhere.get(ME, headers=stranger.headers).status_code == 200
    assert_unauthorized(client.get(ME, headers=stranger.headers))
    theirs = jwt.decode(stranger.access_token, options={"verify_signature": False})
    assert theirs["iss"] == "umt"
    assert theirs["aud"] == "umt-api"


# -- ended sign-ins: their access tokens stop at once ---------------------------------------


@pytest.fixture
def fresh(client: Client) -> Account:
    return register(client, organization_name="Sessions")


def test_logout_ends_the_access_token_of_that_sign_in_only(client: Client, fresh: Account) -> None:
    other = login(client, fresh.email)
    assert client.get(ME, headers=fresh.headers).status_code == 200
    assert (
        client.post(f"{API}/auth/logout", json={"refresh_token": fresh.refresh_token}).status_code
        == 204
    )
    body = assert_unauthorized(client.get(ME, headers=fresh.headers))
    assert "ended" in body["detail"]
    assert_unauthorized(client.post(BRANDS, json={"name": "After logout"}, headers=fresh.headers))
    # the other sign-in of the same user goes on
    assert client.get(ME, headers=bearer(other["access_token"])).status_code == 200


def test_a_refreshed_pair_belongs_to_the_same_sign_in(client: Client, fresh: Account) -> None:
    """Refreshing keeps the sign-in: logging out with the new refresh token ends the access
    token issued before the refresh as well as the new one."""
    pair = client.post(f"{API}/auth/refresh", json={"refresh_token": fresh.refresh_token}).json()
    for token in (fresh.access_token, pair["access_token"]):
        assert client.get(ME, headers=bearer(token)).status_code == 200
    client.post(f"{API}/auth/logout", json={"refresh_token": pair["refresh_token"]})
    for token in (fresh.access_token, pair["access_token"]):
        assert_unauthorized(client.get(ME, headers=bearer(token)))


def test_revoke_all_ends_every_access_token_of_the_user(
    client: Client, fresh: Account, owner: Account
) -> None:
    second = login(client, fresh.email)
    revoked = client.post(f"{API}/me/sessions/revoke-all", headers=bearer(second["access_token"]))
    assert revoked.status_code == 200
    for token in (fresh.access_token, second["access_token"]):
        assert_unauthorized(client.get(ME, headers=bearer(token)))
    # other users are untouched, and signing in again works
    assert client.get(ME, headers=owner.headers).status_code == 200
    again = login(client, fresh.email)
    assert client.get(ME, headers=bearer(again["access_token"])).status_code == 200


def test_refresh_token_reuse_ends_the_thiefs_and_the_victims_access_tokens(
    client: Client, fresh: Account
) -> None:
    stolen = fresh.refresh_token
    thief = client.post(f"{API}/auth/refresh", json={"refresh_token": stolen}).json()
    assert client.get(ME, headers=bearer(thief["access_token"])).status_code == 200
    # the victim presents the (now spent) token: reuse, the whole sign-in ends
    reused = client.post(f"{API}/auth/refresh", json={"refresh_token": stolen})
    assert_unauthorized(reused)
    for token in (thief["access_token"], fresh.access_token):
        assert_unauthorized(client.get(ME, headers=bearer(token)))
