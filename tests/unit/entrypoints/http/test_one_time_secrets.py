"""Responses that show a secret once: never cached on the way, never kept for a replay.

RFC 6749 §5.1 (tokens) and the same rule for every other secret the API hands out once: API
keys, webhook signing secrets, invitation sign-ins, the OAuth state and binding of a connect.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, Account, api_key_body, register, unique_email
from tests.unit.entrypoints.http.members_helpers import accept, invite, token_for

from umt.adapters.memory.idempotency_store import InMemoryIdempotencyStore
from umt.entrypoints.http.idempotency import fingerprint_key, request_fingerprint
from umt.entrypoints.http.one_time_secrets import SECRET_FIELDS

Client = TestClient[Litestar]
# names that, in a response body, hold something the caller must see once and only once
SECRET_NAMES = {"access_token", "refresh_token", "key", "secret", "state", "authorization_url"}


def assert_not_stored(response: Any) -> None:
    assert response.headers["cache-control"] == "no-store", response.headers
    assert response.headers["pragma"] == "no-cache", response.headers


def stored_outcomes(client: Client) -> bytes:
    """Every outcome the idempotency store holds, as one blob to search."""
    store = client.app.state.idempotency_store
    assert isinstance(store, InMemoryIdempotencyStore)
    return b"\n".join(e.outcome or b"" for e in store._entries.values())


def test_token_refresh_and_invitation_sign_ins_are_not_cached(
    client: Client, owner: Account
) -> None:
    login = {"email": owner.email, "password": owner.password}
    issued = client.post(f"{API}/auth/token", json=login)
    assert issued.status_code == 200
    assert_not_stored(issued)
    refreshed = client.post(
        f"{API}/auth/refresh", json={"refresh_token": issued.json()["refresh_token"]}
    )
    assert refreshed.status_code == 200
    assert_not_stored(refreshed)
    email = unique_email("invitee")
    invite(client, owner, email)
    accepted = accept(client, token_for(client, email))
    assert accepted.status_code == 200, accepted.text
    assert_not_stored(accepted)


def test_api_keys_webhook_secrets_and_oauth_starts_are_not_cached(
    client: Client, owner: Account
) -> None:
    created = client.post(f"{API}/api-keys", json=api_key_body(), headers=owner.headers)
    assert created.status_code == 201
    assert_not_stored(created)
    subscription = client.post(
        f"{API}/webhook-subscriptions",
        json={"url": "https://hooks.example.com/umt", "event_types": ["brand.*"]},
        headers=owner.headers,
    )
    assert subscription.status_code == 201, subscription.text
    assert_not_stored(subscription)
    assert subscription.headers["etag"] == '"1"'  # the route's own headers stay
    rotated = client.post(
        f"{API}/webhook-subscriptions/{subscription.json()['id']}/rotate-secret",
        headers=owner.headers,
    )
    assert rotated.status_code == 200
    assert_not_stored(rotated)
    started = client.post(f"{API}/integrations/sandbox/authorize", json={}, headers=owner.headers)
    assert started.status_code == 200, started.text
    assert_not_stored(started)


def test_a_listing_without_secrets_is_cacheable_as_before(client: Client, owner: Account) -> None:
    listed = client.get(f"{API}/api-keys", headers=owner.headers)
    assert listed.status_code == 200
    assert "pragma" not in listed.headers


def _route_fields(app: Litestar) -> dict[tuple[str, str], set[str]]:
    """(method, OpenAPI path) -> the secret fields its handler declares."""
    declared: dict[tuple[str, str], set[str]] = {}
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        path = re.sub(r"\{(\w+):[^}]+\}", r"{\1}", route.path)
        for handler in route.route_handlers:
            for method in handler.http_methods:
                declared[(method.lower(), path)] = set(handler.opt.get(SECRET_FIELDS, ()))
    return declared


def _properties(schema: dict[str, Any], components: dict[str, Any]) -> set[str]:
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    names = set(schema.get("properties", {}))
    for part in schema.get("oneOf", []) + schema.get("anyOf", []) + schema.get("allOf", []):
        names |= _properties(part, components)
    return names


def test_every_route_that_answers_a_secret_declares_it(client: Client) -> None:
    """A new route that hands out a token, key or secret cannot forget no-store or the
    replay rule: its success body's secret-looking fields must be declared on the route."""
    document = client.get("/schema/openapi.json").json()
    components = document["components"]["schemas"]
    declared = _route_fields(client.app)
    seen = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation.get("responses", {}).items():
                if not status.startswith("2"):
                    continue
                for content in response.get("content", {}).values():
                    secrets = _properties(content.get("schema", {}), components) & SECRET_NAMES
                    if secrets:
                        seen += 1
                        assert secrets <= declared[(method, path)], (method, path, secrets)
    assert seen >= 7  # token, refresh, accept, api key, two webhook secrets, authorize


def test_a_replayed_api_key_creation_withholds_the_key(client: Client, owner: Account) -> None:
    headers = {**owner.headers, "Idempotency-Key": "ci-key-1"}
    body = api_key_body()
    first = client.post(f"{API}/api-keys", json=body, headers=headers)
    again = client.post(f"{API}/api-keys", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    key = first.json()["key"]
    assert key.startswith("umt_")
    replay = again.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert replay["id"] == first.json()["id"]  # the same key, not a second one
    assert replay["prefix"] == first.json()["prefix"]
    assert replay["key"] is None
    assert "shown once" in replay["notice"]
    assert key not in again.text
    assert_not_stored(again)
    # what the store keeps holds neither the key nor its secret half
    blob = stored_outcomes(client)
    assert b"ci-key" not in blob  # sanity: the store is keyed by hashes only
    assert first.json()["id"].encode() in blob
    assert key.encode() not in blob
    assert key.rsplit("_", 1)[1].encode() not in blob
    listed = client.get(f"{API}/api-keys", headers=owner.headers).json()["items"]
    assert len(listed) == 1
    read = client.get(f"{API}/brands", headers={"Authorization": f"Bearer {key}"})
    assert read.status_code == 200  # the key shown the first time is the one that works


def test_replayed_webhook_secrets_and_tokens_are_withheld_too(
    client: Client, owner: Account
) -> None:
    body = {"url": "https://hooks.example.com/umt", "event_types": ["brand.*"]}
    headers = {**owner.headers, "Idempotency-Key": "hook-1"}
    first = client.post(f"{API}/webhook-subscriptions", json=body, headers=headers)
    again = client.post(f"{API}/webhook-subscriptions", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    secret = first.json()["secret"]
    assert secret
    assert again.json()["secret"] is None
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["etag"] == first.headers["etag"]

    url = f"{API}/webhook-subscriptions/{first.json()['id']}/rotate-secret"
    rotate = {**owner.headers, "Idempotency-Key": "rotate-1"}
    rotated = client.post(url, headers=rotate)
    replayed = client.post(url, headers=rotate)
    assert rotated.json()["secret"] not in (None, secret)
    assert replayed.json()["secret"] is None

    login = {"email": owner.email, "password": owner.password}
    signed = client.post(f"{API}/auth/token", json=login, headers={"Idempotency-Key": "in-1"})
    resigned = client.post(f"{API}/auth/token", json=login, headers={"Idempotency-Key": "in-1"})
    assert resigned.headers["idempotent-replayed"] == "true"
    assert resigned.json()["access_token"] is None
    assert resigned.json()["refresh_token"] is None
    assert resigned.json()["organization_id"] == signed.json()["organization_id"]
    assert_not_stored(resigned)

    blob = stored_outcomes(client)
    for shown in (
        secret,
        rotated.json()["secret"],
        signed.json()["access_token"],
        signed.json()["refresh_token"],
    ):
        assert shown.encode() not in blob


def test_a_replayed_oauth_start_keeps_neither_the_state_nor_the_binding_cookie(
    client: Client,
) -> None:
    owner = register(client)
    headers = {**owner.headers, "Idempotency-Key": "connect-1"}
    url = f"{API}/integrations/sandbox/authorize"
    first = client.post(url, json={}, headers=headers)
    again = client.post(url, json={}, headers=headers)
    assert first.status_code == again.status_code == 200, again.text
    state = first.json()["state"]
    assert "set-cookie" in first.headers
    assert "set-cookie" not in again.headers
    assert again.json()["state"] is None
    assert again.json()["authorization_url"] is None
    assert state.encode() not in stored_outcomes(client)


def test_the_fingerprint_of_a_sign_in_is_keyed_so_a_dump_cannot_test_passwords(
    client: Client, owner: Account
) -> None:
    """A bare SHA-256 of the body would let whoever reads the store guess the password offline;
    the fingerprint is an HMAC under a key derived from the server's secret."""
    body = json.dumps({"email": owner.email, "password": owner.password}).encode()
    headers = {"Idempotency-Key": "sign-in-1", "content-type": "application/json"}
    first = client.post(f"{API}/auth/token", content=body, headers=headers)
    assert first.status_code == 200, first.text
    replay = client.post(f"{API}/auth/token", content=body, headers=headers)
    assert replay.status_code == 200  # the same request still matches its fingerprint
    store = client.app.state.idempotency_store
    assert isinstance(store, InMemoryIdempotencyStore)
    [entry] = store._entries.values()
    path = f"{API}/auth/token".encode()
    bare = hashlib.sha256(b"\0".join([b"POST", path, b"", body])).hexdigest()
    assert entry.fingerprint != bare
    assert entry.fingerprint == request_fingerprint(
        client.app.state.idempotency_fingerprint_key, b"POST", path, b"", body
    )
    assert fingerprint_key("another secret") != client.app.state.idempotency_fingerprint_key
    other = client.post(
        f"{API}/auth/token",
        content=body.replace(b"}", b', "x": 1}'),
        headers=headers,
    )
    assert other.status_code == 422  # another request under the same key is still told apart
