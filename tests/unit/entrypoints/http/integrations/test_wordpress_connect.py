"""Connecting WordPress over HTTP through the egress guard: a site name that resolves inside is
refused with a 422 naming the field before any connection, every notation of an internal
address too, and a public site is called at the address that was checked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dependency_injector import providers
from litestar import Litestar
from litestar.testing import TestClient
from tests.support.egress import INTERNAL_NOTATIONS, RecordingBackend, ScriptedResolver
from tests.unit.entrypoints.http.helpers import API, Account, assert_problem, register
from tests.unit.entrypoints.http.integrations.test_integrations import integration_settings

from umt.adapters.httpx.egress import guarded_client
from umt.adapters.platforms.wordpress import WordPressConnector
from umt.domain.integration.platforms import Platform
from umt.domain.shared.network import NetworkPolicy
from umt.entrypoints.container import build_container, platform_network_policy
from umt.entrypoints.http.app import create_app

Client = TestClient[Litestar]
PUBLIC = "93.184.215.14"
USER = {"id": 7, "name": "Ada", "capabilities": {"publish_posts": True}}
BODY = json.dumps(USER).encode()
WORDPRESS_ANSWER = [
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
    + f"Content-Length: {len(BODY)}\r\n\r\n".encode()
    + BODY
]
RESOLVER = {
    "inside.example": [["127.0.0.1"]],
    "metadata.example": [[PUBLIC, "169.254.169.254"]],
    "blog.example": [[PUBLIC]],
}


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Client, RecordingBackend, Account]]:
    backend = RecordingBackend(WORDPRESS_ANSWER)
    client = guarded_client(
        NetworkPolicy(), resolver=ScriptedResolver(RESOLVER), network_backend=backend
    )
    container = build_container(integration_settings(tmp_path))
    container.platform_connectors.override(
        providers.Object({Platform.WORDPRESS: WordPressConnector(client)})
    )
    with TestClient(app=create_app(container=container)) as http:
        yield http, backend, register(http)


def connect(http: Client, owner: Account, site_url: str) -> Any:
    fields = {"site_url": site_url, "username": "ada", "application_password": "abcd efgh"}
    return http.post(
        f"{API}/integrations/wordpress/connect", json={"fields": fields}, headers=owner.headers
    )


@pytest.mark.parametrize("site", ["https://inside.example", "https://metadata.example:8443"])
def test_a_site_name_resolving_inside_is_refused_before_any_connection(
    world: tuple[Client, RecordingBackend, Account], site: str
) -> None:
    http, backend, owner = world
    body = assert_problem(
        connect(http, owner, site), 422, "platform_address_refused", "fields.site_url"
    )
    assert "private" in body["detail"]
    assert backend.connected == []
    listed = http.get(f"{API}/integrations", headers=owner.headers).json()
    assert listed["items"] == []


@pytest.mark.parametrize("host", INTERNAL_NOTATIONS)
def test_every_notation_of_an_internal_site_is_refused(
    world: tuple[Client, RecordingBackend, Account], host: str
) -> None:
    http, backend, owner = world
    assert_problem(connect(http, owner, f"https://{host}"), 422, field="fields.site_url")
    assert backend.connected == []


def test_a_public_site_is_called_at_the_checked_address_under_its_name(
    world: tuple[Client, RecordingBackend, Account],
) -> None:
    http, backend, owner = world
    created = connect(http, owner, "https://blog.example")
    assert created.status_code == 201, created.text
    # the form is checked, then the connection tested: each call at the checked address
    assert backend.connected
    assert set(backend.connected) == {(PUBLIC, 443)}
    assert set(backend.tls_names) == {"blog.example"}
    assert b"Host: blog.example\r\n" in b"".join(backend.written)


def test_the_platform_client_trusts_only_what_the_operator_configured(tmp_path: Path) -> None:
    default = platform_network_policy(integration_settings(tmp_path))
    assert default == NetworkPolicy()
    configured = platform_network_policy(
        integration_settings(
            tmp_path,
            platform_apps={
                "hubspot": {"client_id": "c", "api_base_url": "http://10.0.0.5:8080"},
                "mailchimp": {"api_base_url": "https://{dc}.mock.example"},
            },
        )
    )
    assert configured == NetworkPolicy(trusted_hosts=frozenset({"10.0.0.5"}))
    private_sites = platform_network_policy(
        integration_settings(
            tmp_path, platform_apps={"wordpress": {"options": {"allow_private_hosts": "1"}}}
        )
    )
    assert private_sites.allow_private
