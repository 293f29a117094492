"""MailchimpConnector against a loopback fake of the Mailchimp Marketing API 3.0."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar, Request, Response, get
from tests.support.loopback_server import new_client, serve_asgi

from umt.adapters.platforms.mailchimp import MailchimpConnector
from umt.domain.integration.errors import (
    InvalidCredentials,
    MissingScope,
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
    RateLimited,
)
from umt.domain.integration.platforms import AuthMethod, Capability
from umt.ports.platform_connector import AuthorizationRequest, Credentials

GOOD = "0123456789abcdef0123456789abcdef-us21"
REVOKED = "ffffffffffffffffffffffffffffffff-us21"
LIMITED = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-us21"
BUSY = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-us21"
DOWN = "cccccccccccccccccccccccccccccccc-us21"
OTHER_DC = "dddddddddddddddddddddddddddddddd-us6"
SEEN: list[str] = []


def problem(status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> Any:
    return Response(
        {
            "type": "https://mailchimp.com/developer/marketing/docs/errors/",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": "3b4dcb40-0b6b-4820-bfaa-41267b3826ea",
        },
        status_code=status,
        media_type="application/problem+json",
        headers=headers,
    )


def check(request: Request[Any, Any, Any], dc: str) -> Response[Any] | None:
    """What Mailchimp checks: Basic auth with the key as password, on the key's data centre."""
    SEEN.append(request.scope["raw_path"].decode())  # as sent: Litestar strips a final /
    header = request.headers.get("authorization", "")
    if not header.startswith("Basic "):
        return problem(401, "API Key Missing", "Your request did not include an API key.")
    _, _, key = base64.b64decode(header[6:]).decode().partition(":")
    if not key.endswith(f"-{dc}"):
        return problem(
            403, "Wrong Datacenter", "The API key provided is linked to another datacenter."
        )
    if key == REVOKED:
        return problem(
            401,
            "API Key Invalid",
            "Your API key may be invalid, or you've attempted to access the wrong datacenter.",
        )
    if key == BUSY:
        return problem(
            429,
            "Too Many Requests",
            "You have exceeded the limit of 10 simultaneous connections.",
            {"Retry-After": "12"},
        )
    if key == DOWN:
        return problem(503, "Service Unavailable", "Mailchimp is down for maintenance.")
    return None


@get("/{dc:str}/3.0/ping")
async def ping(request: Request[Any, Any, Any]) -> Any:
    dc = request.path_params["dc"]
    return check(request, dc) or {"health_status": "Everything's Chimpy!"}


@get("/{dc:str}/3.0/")
async def root(request: Request[Any, Any, Any]) -> Any:
    dc = request.path_params["dc"]
    refused = check(request, dc)
    if refused is not None:
        return refused
    _, _, key = base64.b64decode(request.headers["authorization"][6:]).decode().partition(":")
    if key == LIMITED:
        return problem(403, "Forbidden", "You don't have permission to access this resource.")
    return {
        "account_id": "8d3a3db4d97663a9074efcc16",
        "account_name": "Freddie's Jokes",
        "login_id": "42",
    }


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve_asgi(Litestar([ping, root])) as url:
        yield url


def connector(base: str) -> MailchimpConnector:
    return MailchimpConnector(new_client(), api_base_url=base + "/{dc}")


def test_it_declares_an_api_key_form() -> None:
    mc = MailchimpConnector(new_client())
    assert mc.auth_method is AuthMethod.API_KEY
    assert [(f.name, f.secret) for f in mc.form_fields] == [("api_key", True)]
    assert Capability.EMAIL_CAMPAIGNS in mc.capabilities


async def test_connecting_pings_then_reads_the_account_on_the_keys_data_centre(base: str) -> None:
    SEEN.clear()
    credentials = await connector(base).connect_with_form({"api_key": f"  {GOOD} "})
    assert credentials.access_token == GOOD
    assert credentials.extra == {"dc": "us21"}
    assert SEEN == ["/us21/3.0/ping", "/us21/3.0/"]
    info = await connector(base).test_connection(credentials)
    assert info.external_id == "8d3a3db4d97663a9074efcc16"
    assert info.name == "Freddie's Jokes"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "not-a-key",
        "0123456789abcdef0123456789abcdef",
        "0123456789ABCDEF0123456789ABCDEF-us21",
        "0123456789abcdef0123456789abcdef-us21.evil.example",
        "0123456789abcdef0123456789abcdef-@x",
    ],
)
async def test_malformed_keys_are_refused_before_any_request(base: str, bad: str) -> None:
    SEEN.clear()
    with pytest.raises(InvalidCredentials) as raised:
        await connector(base).connect_with_form({"api_key": bad})
    assert raised.value.status == 422
    assert SEEN == []


@pytest.mark.parametrize(
    ("key", "error"),
    [
        (REVOKED, InvalidCredentials),
        (LIMITED, MissingScope),
        (BUSY, RateLimited),
        (DOWN, PlatformUnavailable),
    ],
)
async def test_problem_documents_map_onto_typed_errors_without_the_key(
    base: str, key: str, error: type[PlatformError]
) -> None:
    with pytest.raises(error) as raised:
        await connector(base).connect_with_form({"api_key": key})
    assert key not in str(raised.value)
    assert key[:32] not in repr(raised.value)
    if error is RateLimited:
        assert raised.value.retry_after_seconds == 12  # type: ignore[attr-defined]


async def test_a_key_sent_to_another_data_centre_is_invalid(base: str) -> None:
    # A fake override pinned to us21 stands in for a misrouted call.
    mc = MailchimpConnector(new_client(), api_base_url=base + "/us21")
    with pytest.raises(InvalidCredentials, match="another datacenter"):
        await mc.test_connection(Credentials(access_token=OTHER_DC, extra={"dc": "us6"}))


async def test_oauth_calls_are_refused_and_keys_neither_refresh_nor_revoke(base: str) -> None:
    mc = connector(base)
    with pytest.raises(PlatformRejected, match="form"):
        mc.authorization_url(
            AuthorizationRequest(state="s", code_challenge="c", redirect_uri="https://u", scopes=())
        )
    with pytest.raises(PlatformRejected, match="form"):
        await mc.exchange_code(code="c", code_verifier="v", redirect_uri="https://u")
    held = Credentials(access_token=GOOD, extra={"dc": "us21"})
    assert await mc.refresh(held) is held
    SEEN.clear()
    await mc.revoke(held)
    assert SEEN == []
