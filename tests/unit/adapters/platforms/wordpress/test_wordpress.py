"""WordPressConnector against a loopback fake of the WordPress REST API (application passwords)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar, Request, Response, get
from tests.support.egress import RecordingBackend, ScriptedResolver
from tests.support.loopback_server import new_client, serve_asgi

from umt.adapters.httpx.egress import guarded_client
from umt.adapters.platforms.wordpress import WordPressConnector
from umt.adapters.platforms.wordpress.site_url import normalize_site_url
from umt.domain.integration.errors import (
    AddressRefused,
    InvalidCredentials,
    MissingScope,
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
    RateLimited,
)
from umt.domain.integration.platforms import AuthMethod, Capability
from umt.domain.shared.network import NetworkPolicy
from umt.ports.platform_connector import AuthorizationRequest, Credentials

PASSWORD = "abcd EFGH ijkl MNOP qrst UVWX"  # a fake application password
USERS = {
    "editor": PASSWORD.replace(" ", ""),
    "subscriber": "sub",
    "blocked": "blocked",
    "busy": "busy",
    "down": "down",
}
SEEN: list[dict[str, Any]] = []


def wp_error(code: str, message: str, status: int) -> Response[Any]:
    return Response(
        {"code": code, "message": message, "data": {"status": status}}, status_code=status
    )


@get("/wp-json/wp/v2/users/me")
async def users_me(request: Request[Any, Any, Any]) -> Response[Any]:
    SEEN.append({"query": dict(request.query_params)})
    header = request.headers.get("authorization", "")
    if not header.startswith("Basic "):
        return wp_error("rest_not_logged_in", "You are not currently logged in.", 401)
    username, _, password = base64.b64decode(header[6:]).decode().partition(":")
    if username not in USERS:
        return wp_error("invalid_username", "Unknown username.", 401)
    if USERS[username] != password:
        return wp_error(
            "incorrect_password", "The provided password is an invalid application password.", 401
        )
    if username == "blocked":
        return wp_error("rest_forbidden", "Sorry, you are not allowed to do that.", 403)
    if username == "busy":
        return Response({"code": "too_many"}, status_code=429, headers={"Retry-After": "30"})
    if username == "down":
        return Response("<h1>Error establishing a database connection</h1>", status_code=500)
    assert request.query_params.get("context") == "edit"
    return Response(
        {
            "id": 7,
            "username": username,
            "name": "Ada Editor",
            "roles": ["editor" if username == "editor" else "subscriber"],
            "capabilities": {"read": True, "publish_posts": username == "editor"},
        }
    )


@get("/moved/wp-json/wp/v2/users/me", sync_to_thread=False)
def moved() -> Response[Any]:
    return Response(
        None,
        status_code=301,
        headers={"location": "https://www.example.com/wp-json/wp/v2/users/me"},
    )


@get("/not-wordpress/wp-json/wp/v2/users/me")
async def html_page() -> Response[Any]:
    return Response("<html>a shop</html>", media_type="text/html")


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve_asgi(Litestar([users_me, html_page, moved])) as url:
        yield url


def connector() -> WordPressConnector:
    return WordPressConnector(new_client(), options={"allow_private_hosts": "true"})


def form(site: str, username: str = "editor", password: str = PASSWORD) -> dict[str, str]:
    return {"site_url": site, "username": username, "application_password": password}


def test_it_declares_a_form_with_a_secret_password() -> None:
    wp = connector()
    assert wp.auth_method is AuthMethod.APP_PASSWORD
    assert {Capability.PUBLISH_TEXT, Capability.SCHEDULE_NATIVELY} <= wp.capabilities
    secret = {f.name for f in wp.form_fields if f.secret}
    assert secret == {"application_password"}


async def test_connecting_checks_the_password_and_keeps_site_and_user(site: str) -> None:
    credentials = await connector().connect_with_form(form(site + "/"))
    assert credentials.access_token == USERS["editor"]
    assert credentials.extra == {"site_url": site, "username": "editor"}
    assert credentials.refresh_token is None
    info = await connector().test_connection(credentials)
    assert info.external_id == f"{site}#user-7"
    assert "Ada Editor" in info.name


@pytest.mark.parametrize(
    ("username", "password", "error"),
    [
        ("editor", "wrong", InvalidCredentials),
        ("nobody", "x", InvalidCredentials),
        ("subscriber", "sub", MissingScope),  # may log in, may not publish
        ("blocked", "blocked", MissingScope),
        ("busy", "busy", RateLimited),
        ("down", "down", PlatformUnavailable),
    ],
)
async def test_refusals_are_typed_and_never_show_the_password(
    site: str, username: str, password: str, error: type[PlatformError]
) -> None:
    with pytest.raises(error) as raised:
        await connector().connect_with_form(form(site, username, password))
    assert password not in str(raised.value)
    assert password not in repr(raised.value)
    if error is RateLimited:
        assert raised.value.retry_after_seconds == 30  # type: ignore[attr-defined]


async def test_an_address_without_the_rest_api_is_rejected_clearly(site: str) -> None:
    with pytest.raises(PlatformRejected, match="no WordPress REST API"):
        await connector().connect_with_form(form(site + "/elsewhere"))
    with pytest.raises(PlatformRejected, match="not as a WordPress REST API"):
        await connector().connect_with_form(form(site + "/not-wordpress"))
    with pytest.raises(PlatformRejected, match=r"redirects to https://www\.example\.com"):
        await connector().connect_with_form(form(site + "/moved"))


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "ftp://blog.example.com",
        "http://blog.example.com",  # application passwords in clear
        "https://user:pw@blog.example.com",
        "https://blog.example.com/#frag",
        "https://blog.example.com/?p=1",
        "https://127.0.0.1",
        "https://10.0.0.8/blog",
        "https://169.254.169.254",
        "https://localhost:8080",
        "https://[::1]/",
        "https://2130706433/",  # 127.0.0.1 to the system resolver
        "https://0x7f.1/",
        "https://0177.0.0.1/",
        "https://017700000001/",
        "https://0/",
        "https://\uff11\uff12\uff17\uff0e\uff10\uff0e\uff10\uff0e\uff11/",  # full-width
        "https://[::ffff:7f00:1]/",
        "https://[64:ff9b::a9fe:a9fe]/",  # NAT64 around the metadata address
        "https://blog.example.com\\@127.0.0.1/",
        "https://blog.example.com:99999",
    ],
)
async def test_bad_site_addresses_are_refused_before_any_request(bad: str) -> None:
    SEEN.clear()
    wp = WordPressConnector(new_client())
    with pytest.raises(InvalidCredentials) as raised:
        await wp.connect_with_form(form(bad))
    assert raised.value.status == 422
    assert raised.value.field == "fields.site_url"
    assert SEEN == []


async def test_a_site_name_resolving_to_loopback_is_refused_at_connect(site: str) -> None:
    # The fake site listens on 127.0.0.1; its name is only known to this scripted DNS.
    SEEN.clear()
    port = site.rsplit(":", 1)[1]
    backend = RecordingBackend()
    client = guarded_client(
        NetworkPolicy(),
        resolver=ScriptedResolver({"blog.example": [["127.0.0.1"]]}),
        network_backend=backend,
    )
    with pytest.raises(AddressRefused, match=r"127\.0\.0\.1") as raised:
        await WordPressConnector(client).connect_with_form(form(f"https://blog.example:{port}"))
    assert raised.value.field == "fields.site_url"
    assert backend.connected == []
    assert SEEN == []


async def test_missing_fields_are_refused(site: str) -> None:
    with pytest.raises(InvalidCredentials, match="user name"):
        await connector().connect_with_form(form(site, username=" "))
    with pytest.raises(InvalidCredentials, match="password"):
        await connector().connect_with_form(form(site, password=" "))


def test_site_addresses_are_normalized() -> None:
    def norm(raw: str) -> str:
        return normalize_site_url(raw, allow_http=False, allow_private_hosts=False)

    assert norm("Blog.Example.COM") == "https://blog.example.com"
    assert norm("https://blog.example.com:443/news/") == "https://blog.example.com/news"
    assert norm("https://blog.example.com/wp-json/") == "https://blog.example.com"
    assert norm("https://blog.example.com:8443") == "https://blog.example.com:8443"
    assert (
        normalize_site_url("http://blog.example.com", allow_http=True, allow_private_hosts=False)
        == "http://blog.example.com"
    )


async def test_oauth_calls_are_refused_refresh_keeps_and_revoke_is_a_no_op() -> None:
    wp = connector()
    with pytest.raises(PlatformRejected, match="form"):
        wp.authorization_url(
            AuthorizationRequest(state="s", code_challenge="c", redirect_uri="https://u", scopes=())
        )
    with pytest.raises(PlatformRejected, match="form"):
        await wp.exchange_code(code="c", code_verifier="v", redirect_uri="https://u")
    held = Credentials(access_token="pw", extra={"site_url": "https://b.example", "username": "u"})
    assert await wp.refresh(held) is held
    await wp.revoke(held)  # nothing to call: the user revokes it in wp-admin
