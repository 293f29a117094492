"""A feature whose settings are missing answers 503 naming the setting, never a bare 500."""

from __future__ import annotations

from pathlib import Path

from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, assert_problem, build_app, register


def test_a_webhook_subscription_without_a_key_ring_is_503_naming_the_setting(
    tmp_path: Path,
) -> None:
    app = build_app(tmp_path, environment="production", jwt_secret="p" * 40, credential_keys=None)
    with TestClient(app) as client:
        owner = register(client, organization_name="Unkeyed")
        response = client.post(
            f"{API}/webhook-subscriptions",
            json={"url": "https://hooks.example.com/umt", "event_types": ["brand.*"]},
            headers=owner.headers,
        )
        body = assert_problem(response, 503, "not_configured")
        assert "UMT_CREDENTIAL_KEYS" in body["detail"]
        listed = client.get(f"{API}/webhook-subscriptions", headers=owner.headers)
        assert listed.json()["items"] == []  # nothing was stored
