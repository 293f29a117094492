"""The sandbox's OAuth consent page: shows the request, creates or picks an account, and sends
the browser back to the registered redirect URI only — with a code, or access_denied."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import assert_problem, build_app

from umt.adapters.platforms.sandbox.connector import SandboxConnector
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.oauth import s256
from umt.ports.platform_connector import AuthorizationRequest

Client = TestClient[Litestar]
BASE = "http://testserver.local"
CALLBACK = f"{BASE}/api/v1/integrations/sandbox/callback"
VERIFIER = "verifier-" + "v" * 60
PAGE = "/sandbox/oauth/authorize"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Client]:
    app = build_app(
        tmp_path, public_base_url=BASE, sandbox_redirect_uris="https://app.example/cb?tenant=7"
    )
    with TestClient(app=app, base_url=BASE) as test_client:
        yield test_client


def _network(client: Client) -> SandboxNetwork:
    network: SandboxNetwork = client.app.state.container.sandbox_network()
    return network


def _connector(client: Client) -> SandboxConnector:
    connector: SandboxConnector = client.app.state.container.sandbox_connector()
    return connector


def _params(**overrides: str) -> dict[str, str]:
    return {
        "response_type": "code",
        "client_id": "umt",
        "redirect_uri": CALLBACK,
        "state": "st<ate>&1",
        "code_challenge": s256(VERIFIER),
        "code_challenge_method": "S256",
        "scope": "profile publish analytics",
        **overrides,
    }


def _decide(client: Client, **fields: str) -> httpx.Response:
    params = _params()
    params.pop("response_type")
    return client.post(PAGE, data={**params, **fields}, follow_redirects=False)


def _redirect_query(response: httpx.Response) -> tuple[str, dict[str, str]]:
    assert response.status_code == 303, response.text
    parts = urlsplit(response.headers["location"])
    target = f"{parts.scheme}://{parts.netloc}{parts.path}"
    return target, {k: v[0] for k, v in parse_qs(parts.query).items()}


def test_the_connectors_url_opens_a_safe_consent_page(client: Client) -> None:
    url = _connector(client).authorization_url(
        AuthorizationRequest(
            state="s1", code_challenge=s256(VERIFIER), redirect_uri=CALLBACK, scopes=()
        )
    )
    assert url.startswith(f"{BASE}{PAGE}?")
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src" not in policy  # no script at all
    assert f"form-action 'self' {BASE}" in policy
    assert response.headers["x-frame-options"] == "DENY"
    page = response.text
    assert "<script" not in page
    for scope in ("profile", "publish", "email", "ads", "analytics"):
        assert f"<b>{scope}</b>" in page
    assert 'value="new" checked' in page  # no account yet: create one
    assert '<form method="post" action="authorize">' in page  # posts back to this path


def test_everything_shown_is_escaped(client: Client) -> None:
    portal = client.blocking_portal
    portal.call(_network(client).create_account, '<img src=x onerror="alert(1)">')
    response = client.get(PAGE, params=_params(state='"><script>alert(1)</script>'))
    assert response.status_code == 200
    assert "<script>" not in response.text
    assert "<img src=x" not in response.text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in response.text
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in response.text


def test_approve_with_a_new_account_redirects_with_a_code_the_connector_exchanges(
    client: Client,
) -> None:
    response = _decide(client, decision="approve", account_id="new", new_account_name="Ann")
    target, query = _redirect_query(response)
    assert target == CALLBACK
    assert query["state"] == "st<ate>&1"
    assert response.headers["cache-control"] == "no-store"
    connector = _connector(client)
    credentials = client.blocking_portal.call(
        lambda: connector.exchange_code(
            code=query["code"], code_verifier=VERIFIER, redirect_uri=CALLBACK
        )
    )
    account = client.blocking_portal.call(connector.test_connection, credentials)
    assert account.name == "Ann"
    assert account.granted_scopes == {"profile", "publish", "analytics"}
    # the new account is offered next time
    page = client.get(PAGE, params=_params()).text
    assert f'value="{account.external_id}" checked' in page


def test_approve_with_an_existing_account(client: Client) -> None:
    account = client.blocking_portal.call(_network(client).create_account, "Bo")
    _, query = _redirect_query(_decide(client, decision="approve", account_id=account.id))
    assert query["code"].startswith("sbx_code_")


def test_deny_redirects_with_access_denied_and_state(client: Client) -> None:
    target, query = _redirect_query(_decide(client, decision="deny"))
    assert target == CALLBACK
    assert query == {"error": "access_denied", "state": "st<ate>&1"}


def test_a_registered_redirect_keeps_its_own_query(client: Client) -> None:
    response = client.post(
        PAGE,
        data={**_params(redirect_uri="https://app.example/cb?tenant=7"), "decision": "deny"},
        follow_redirects=False,
    )
    target, query = _redirect_query(response)
    assert target == "https://app.example/cb"
    assert query == {"tenant": "7", "error": "access_denied", "state": "st<ate>&1"}


@pytest.mark.parametrize(
    "overrides",
    [
        {"redirect_uri": "https://evil.example/callback"},
        {"redirect_uri": f"{CALLBACK}/../../steal"},
        {"redirect_uri": f"{CALLBACK}?next=https://evil.example"},
        {"redirect_uri": "//evil.example"},
        {"redirect_uri": ""},
        {"client_id": "someone-else"},
        {"client_id": ""},
        {"state": ""},
        {"code_challenge": "too-short"},
        {"code_challenge_method": "plain"},
        {"scope": "profile root"},
        {"scope": ""},
        {"response_type": "token"},
        {"state": "x" * 3000},
    ],
)
def test_malformed_requests_are_400_and_never_redirect(
    client: Client, overrides: dict[str, str]
) -> None:
    response = client.get(PAGE, params=_params(**overrides))
    assert_problem(response, 400, "invalid_authorization_request")
    if "response_type" in overrides:
        return  # the form does not carry it: the page only ever asks for a code
    form = {k: v for k, v in _params(**overrides).items() if k != "response_type"}
    posted = client.post(PAGE, data={**form, "decision": "deny"}, follow_redirects=False)
    assert_problem(posted, 400, "invalid_authorization_request")
    assert "location" not in posted.headers


@pytest.mark.parametrize(
    "fields",
    [
        {"decision": "maybe"},
        {"decision": ""},
        {"decision": "approve", "account_id": "acct_999"},
        {"decision": "approve", "account_id": "new", "new_account_name": ""},
        {"decision": "approve", "account_id": "new", "new_account_name": "x" * 81},
        {"decision": "approve", "account_id": ""},
    ],
)
def test_bad_answers_are_400_and_create_nothing(client: Client, fields: dict[str, Any]) -> None:
    response = _decide(client, **fields)
    assert_problem(response, 400, "invalid_authorization_request")
    assert client.blocking_portal.call(_network(client).accounts) == []


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (urlencode({"decision": "approve"}).encode(), "application/x-www-form-urlencoded"),
        (b'{"decision": "approve"}', "application/json"),
        (b"", "application/x-www-form-urlencoded"),
    ],
)
def test_a_form_without_the_request_is_refused(
    client: Client, content: bytes, content_type: str
) -> None:
    response = client.post(
        PAGE, content=content, headers={"content-type": content_type}, follow_redirects=False
    )
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"].startswith("application/problem+json")
    assert client.blocking_portal.call(_network(client).accounts) == []
