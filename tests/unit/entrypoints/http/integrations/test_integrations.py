"""The integrations API over HTTP, with a scripted platform in the connector registry: the
OAuth flow with its browser-binding cookie, form connects, and the role and tenant matrices
of every integration route (read from each route's ``opt``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from dependency_injector import providers
from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import TestClient
from tests.support.fake_platform import SECRET, FakePlatformConnector
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    add_member,
    assert_problem,
    build_app,
    register,
)

from umt.adapters.system.clock import SystemClock
from umt.domain.identity.permissions import Permission, Role, permissions_for
from umt.domain.integration.errors import PlatformUnavailable, RateLimited
from umt.domain.integration.platforms import AuthMethod, Platform
from umt.entrypoints.container import build_container
from umt.entrypoints.http.app import create_app
from umt.entrypoints.http.integrations.controllers import binding_cookie_name
from umt.entrypoints.settings import Settings

Client = TestClient[Litestar]
PREFIXES = (f"{API}/integrations", f"{API}/platforms")


class Platforms:
    def __init__(self) -> None:
        clock = SystemClock()
        self.oauth = FakePlatformConnector(clock)
        self.form = FakePlatformConnector(
            clock, platform=Platform.MAILCHIMP, auth_method=AuthMethod.API_KEY
        )


def integration_settings(tmp: Path, **settings: Any) -> Settings:
    """In-memory, development settings for the integration tests (nothing from the machine)."""
    base = {
        "database_url": "memory://",
        "data_dir": tmp,
        "environment": "development",
        "jwt_secret": None,
        "broker_url": "",
        "redis_url": "",
        "rate_limits": False,
        "public_base_url": "https://umt.example",
        **settings,
    }
    return Settings(_env_file=None, **base)


def make_client(tmp: Path, **settings: Any) -> tuple[Client, Platforms]:
    platforms = Platforms()
    container = build_container(integration_settings(tmp, **settings))
    container.platform_connectors.override(
        providers.Object({Platform.SANDBOX: platforms.oauth, Platform.MAILCHIMP: platforms.form})
    )
    return TestClient(
        app=create_app(container=container), base_url="https://testserver.local"
    ), platforms


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Client, Platforms]]:
    client, platforms = make_client(tmp_path)
    with client:
        yield client, platforms


def authorize(client: Client, account: Account, **body: Any) -> dict[str, Any]:
    response = client.post(
        f"{API}/integrations/sandbox/authorize", json=body, headers=account.headers
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def connect(client: Client, platforms: Platforms, account: Account) -> dict[str, Any]:
    started = authorize(client, account)
    code = platforms.oauth.grant(started["state"])
    response = client.get(
        f"{API}/integrations/sandbox/callback", params={"code": code, "state": started["state"]}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_authorize_sets_a_binding_cookie_and_the_callback_connects(
    world: tuple[Client, Platforms],
) -> None:
    client, platforms = world
    owner = register(client)
    response = client.post(
        f"{API}/integrations/sandbox/authorize", json={"scopes": ["read"]}, headers=owner.headers
    )
    assert response.status_code == 200, response.text
    started = response.json()
    assert set(started) == {"authorization_url", "state", "expires_at"}
    query = parse_qs(urlparse(started["authorization_url"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] == [started["state"]]
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(binding_cookie_name(started["state"]) + "=")
    for flag in ("HttpOnly", "SameSite=lax", "Secure", "Path=/api/v1/integrations"):
        assert flag.lower() in cookie.lower(), cookie
    code = platforms.oauth.grant(started["state"])
    done = client.get(
        f"{API}/integrations/sandbox/callback", params={"code": code, "state": started["state"]}
    )
    assert done.status_code == 200, done.text
    integration = done.json()
    assert integration["status"] == "connected"
    assert integration["account"] == {"id": "acct-1", "name": "Acme on Fake"}
    assert integration["scopes"] == ["read"]
    assert SECRET not in done.text
    listed = client.get(f"{API}/integrations", headers=owner.headers).json()["items"]
    assert [i["id"] for i in listed] == [integration["id"]]


def test_a_callback_without_the_cookie_or_with_a_used_state_is_refused(
    world: tuple[Client, Platforms],
) -> None:
    client, platforms = world
    owner = register(client)
    started = authorize(client, owner)
    code = platforms.oauth.grant(started["state"])
    client.cookies.clear()  # another browser
    params = {"code": code, "state": started["state"]}
    assert_problem(
        client.get(f"{API}/integrations/sandbox/callback", params=params),
        400,
        "oauth_state_invalid",
    )
    assert_problem(
        client.get(f"{API}/integrations/sandbox/callback", params=params),
        400,
        "oauth_state_invalid",
    )
    assert_problem(
        client.get(f"{API}/integrations/sandbox/callback", params={"state": "forged", "code": "x"}),
        400,
        "oauth_state_invalid",
    )
    assert client.get(f"{API}/integrations", headers=owner.headers).json()["items"] == []


def test_access_denied_stores_nothing(world: tuple[Client, Platforms]) -> None:
    client, _ = world
    owner = register(client)
    started = authorize(client, owner)
    response = client.get(
        f"{API}/integrations/sandbox/callback",
        params={"error": "access_denied", "state": started["state"]},
    )
    assert_problem(response, 400, "authorization_denied")
    assert client.get(f"{API}/integrations", headers=owner.headers).json()["items"] == []


def test_with_a_return_url_the_callback_redirects(tmp_path: Path) -> None:
    client, platforms = make_client(tmp_path, integrations_return_url="https://app.example/done")
    with client:
        owner = register(client)
        bad = client.post(
            f"{API}/integrations/sandbox/authorize",
            json={"redirect": "https://evil.example/"},
            headers=owner.headers,
        )
        assert_problem(bad, 422, field="redirect")
        started = authorize(client, owner, redirect="https://app.example/done/x")
        code = platforms.oauth.grant(started["state"])
        response = client.get(
            f"{API}/integrations/sandbox/callback",
            params={"code": code, "state": started["state"]},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        location = response.headers["location"]
        assert location.startswith("https://app.example/done/x?")
        assert parse_qs(urlparse(location).query)["status"] == ["connected"]


def test_form_connect_validates_and_refuses_with_the_typed_reason(
    world: tuple[Client, Platforms],
) -> None:
    client, _ = world
    owner = register(client)
    url = f"{API}/integrations/mailchimp/connect"
    assert_problem(
        client.post(
            url, json={"fields": {"site": "s", "api_key": "k", "x": "1"}}, headers=owner.headers
        ),
        422,
        field="fields.x",
    )
    assert_problem(
        client.post(url, json={"fields": {"site": "s"}}, headers=owner.headers),
        422,
        field="fields.api_key",
    )
    assert_problem(
        client.post(url, json={"fields": {"site": "s", "api_key": "no"}}, headers=owner.headers),
        422,
        "platform_invalid_credentials",
    )
    assert_problem(
        client.post(
            f"{API}/integrations/sandbox/connect", json={"fields": {}}, headers=owner.headers
        ),
        409,
        "wrong_auth_method",
    )
    assert_problem(
        client.post(f"{API}/integrations/meta/authorize", json={}, headers=owner.headers),
        404,
        "platform_not_configured",
    )
    created = client.post(
        url, json={"fields": {"site": "s", "api_key": f"{SECRET}-1"}}, headers=owner.headers
    )
    assert created.status_code == 201, created.text
    assert SECRET not in created.text


def test_platform_failures_answer_429_and_503_with_retry_after(
    world: tuple[Client, Platforms],
) -> None:
    client, platforms = world
    owner = register(client)
    integration = connect(client, platforms, owner)
    url = f"{API}/integrations/mailchimp/connect"
    body = {"fields": {"site": "s", "api_key": f"{SECRET}-1"}}
    platforms.form.errors["connect_with_form"].append(
        RateLimited("slow down", platform="mailchimp", retry_after_seconds=120)
    )
    limited = client.post(url, json=body, headers=owner.headers)
    assert_problem(limited, 429, "platform_rate_limited")
    assert limited.headers["retry-after"] == "120"
    platforms.form.errors["connect_with_form"].append(
        PlatformUnavailable("down", platform="mailchimp", status=502)
    )
    assert_problem(client.post(url, json=body, headers=owner.headers), 503, "platform_unavailable")
    # a health check records a failure rather than failing the request
    platforms.oauth.errors["test_connection"].append(
        PlatformUnavailable("down", platform="sandbox")
    )
    checked = client.post(
        f"{API}/integrations/{integration['id']}/health-check", headers=owner.headers
    ).json()
    assert checked["status"] == "error"
    assert checked["last_health_check"]["reason"] == "platform_unavailable"


def test_disconnect(world: tuple[Client, Platforms]) -> None:
    client, platforms = world
    owner = register(client)
    integration = connect(client, platforms, owner)
    url = f"{API}/integrations/{integration['id']}"
    assert client.delete(url, headers=owner.headers).status_code == 204
    assert client.get(url, headers=owner.headers).json()["status"] == "revoked"
    assert len(platforms.oauth.revoked) == 1
    revoked = client.get(f"{API}/integrations", params={"status": "revoked"}, headers=owner.headers)
    assert [i["id"] for i in revoked.json()["items"]] == [integration["id"]]
    assert_problem(
        client.get(f"{API}/integrations", params={"platform": "nope"}, headers=owner.headers), 422
    )


def test_platforms_list(world: tuple[Client, Platforms]) -> None:
    client, _ = world
    owner = register(client)
    items = client.get(f"{API}/platforms", headers=owner.headers).json()["items"]
    by_name = {p["platform"]: p for p in items}
    assert by_name["sandbox"]["configured"] is True
    assert by_name["sandbox"]["auth_method"] == "oauth2"
    assert by_name["mailchimp"]["form_fields"][1] == {
        "name": "api_key",
        "label": "API key",
        "secret": True,
    }
    assert by_name["meta"] == {
        "platform": "meta",
        "configured": False,
        "auth_method": None,
        "capabilities": [],
        "default_scopes": [],
        "form_fields": [],
    }


# -- the role and tenant matrices of every integration route ----------------------------------


def integration_routes(app: Litestar) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for route in app.routes:
        if isinstance(route, HTTPRoute) and route.path.startswith(PREFIXES):
            for handler in route.route_handlers:
                methods = sorted(handler.http_methods - {"OPTIONS", "HEAD"})
                found.extend((method, route.path, dict(handler.opt)) for method in methods)
    return sorted(found, key=lambda r: (r[1], r[0]))


ROUTES = integration_routes(build_app(Path("integration-routes-are-only-listed")))
BODIES = {
    "authorize": {},
    "connect": {"fields": {"site": "s", "api_key": f"{SECRET}-m"}},
}


def test_every_integration_route_declares_its_rule() -> None:
    assert len(ROUTES) == 8
    for method, path, opt in ROUTES:
        assert "permission" in opt or opt.get("public"), (method, path)


def _url(path: str, integration_id: str) -> tuple[str, Any]:
    platform = "mailchimp" if path.endswith("/connect") else "sandbox"
    url = path.replace("{integration_id:uuid}", integration_id).replace("{platform:str}", platform)
    body = next((b for suffix, b in BODIES.items() if path.endswith(suffix)), None)
    return url, body


@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_exactly_what_its_permissions_allow(
    world: tuple[Client, Platforms], role: Role
) -> None:
    client, platforms = world
    owner = register(client)
    account = owner if role is Role.OWNER else add_member(client, owner, role)
    granted = permissions_for(role)
    for method, path, opt in ROUTES:
        if opt.get("public"):
            continue
        integration = connect(client, platforms, owner)
        url, body = _url(path, integration["id"])
        response = client.request(method, url, json=body, headers=account.headers)
        if Permission(opt["permission"]) in granted:
            assert 200 <= response.status_code < 300, (role, method, path, response.text)
        else:
            assert_problem(response, 403, "permission_denied")
    if Permission.INTEGRATIONS_MANAGE not in granted:  # nothing was changed by the refusals
        statuses = {
            i["status"]
            for i in client.get(f"{API}/integrations", headers=owner.headers).json()["items"]
        }
        assert statuses == {"connected"}


def test_another_tenant_gets_404_on_every_integration(world: tuple[Client, Platforms]) -> None:
    client, platforms = world
    owner, other = register(client), register(client, organization_name="Globex")
    integration = connect(client, platforms, owner)
    for method, path, _ in ROUTES:
        if "{integration_id" not in path:
            continue
        url, body = _url(path, integration["id"])
        assert_problem(client.request(method, url, json=body, headers=other.headers), 404)
    assert client.get(f"{API}/integrations", headers=other.headers).json()["items"] == []
    mine = client.get(f"{API}/integrations/{integration['id']}", headers=owner.headers).json()
    assert mine["status"] == "connected"


def test_production_without_a_key_ring_starts_but_connects_nothing(tmp_path: Path) -> None:
    client, _ = make_client(
        tmp_path, environment="production", jwt_secret="j" * 40, credential_keys=None
    )
    with client:
        owner = register(client)
        items = client.get(f"{API}/platforms", headers=owner.headers).json()["items"]
        assert not any(p["configured"] for p in items)
        assert_problem(
            client.post(f"{API}/integrations/sandbox/authorize", json={}, headers=owner.headers),
            404,
            "platform_not_configured",
        )
