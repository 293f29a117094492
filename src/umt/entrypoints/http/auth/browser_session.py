"""Sign-in for the web app: the refresh token lives in a cookie that script cannot read.

``/api/v1/auth/token`` answers both tokens in the body, which suits API clients but leaves a
browser app to keep the long-lived refresh token where any injected script can read it. The
routes here answer the access token only (the app keeps it in memory) and set the refresh
token as a cookie: ``HttpOnly`` (no script reads it), ``Secure``, ``SameSite=Strict`` (no
other site's page makes the browser send it) and ``Path`` scoped to these routes (no other
request carries it).

A cookie the browser adds by itself needs a guard against cross-site request forgery, so
the two routes that act on the cookie (refresh, logout) accept a request only when

- its ``Origin`` is this server's own origin (from ``Host``), the public base URL's, or one
  of ``UMT_CORS_ORIGINS``: a browser always sends ``Origin`` on a POST and a page cannot
  forge it; and
- it carries ``X-UMT-CSRF: 1``, a header no form can send and no other origin may add
  without a CORS preflight that umt refuses to origins it does not list.

Either alone would do in a current browser; together they also hold in old ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, post
from litestar.datastructures import Cookie
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from umt.application.identity.accept_invitation import AcceptInvitation
from umt.application.identity.issue_token import IssueToken
from umt.application.identity.logout import Logout
from umt.application.identity.refresh_access_token import RefreshAccessToken
from umt.application.identity.tokens import TokenPair
from umt.domain.shared.errors import AuthenticationFailed
from umt.entrypoints.http.coded_errors import CodedHTTPException
from umt.entrypoints.http.dependencies import Bus
from umt.entrypoints.http.one_time_secrets import secret_route
from umt.entrypoints.http.openapi import PUBLIC_ERRORS
from umt.entrypoints.http.rules import PUBLIC
from umt.entrypoints.http.schemas.common import Input
from umt.entrypoints.http.schemas.identity import TokenIn
from umt.entrypoints.http.schemas.members import InvitationAccept

SESSION_PATH = "/api/v1/auth/session"
REFRESH_COOKIE = "umt_refresh"
CSRF_HEADER = "x-umt-csrf"


class CrossSiteRefused(CodedHTTPException):
    """A cookie-authenticated call that did not come from a page of an allowed origin."""

    status_code = 403
    code = "cross_site_request"


@dataclass(frozen=True, slots=True)
class BrowserSessionPolicy:
    """How long the cookie lives and which origins besides the server's own may use it."""

    refresh_lifetime: timedelta
    allowed_origins: frozenset[str]


class SessionTokenOut(msgspec.Struct):
    access_token: str
    token_type: str
    expires_in: int
    organization_id: UUID


class SessionRefreshIn(Input):
    organization_id: UUID | None = None


def _policy(request: Request[Any, Any, Any]) -> BrowserSessionPolicy:
    policy: BrowserSessionPolicy = request.app.state.browser_session
    return policy


def _own_origin(request: Request[Any, Any, Any]) -> str | None:
    host = request.headers.get("host")
    return f"{request.url.scheme}://{host}".lower() if host else None


def check_same_origin(request: Request[Any, Any, Any]) -> None:
    """Refuse a cookie-authenticated call from another site (the module's docstring)."""
    origin = (request.headers.get("origin") or "").lower()
    if not origin or origin == "null":
        raise CrossSiteRefused(detail="this call needs the Origin header of the app's page")
    allowed = _policy(request).allowed_origins | {_own_origin(request)}
    if origin not in allowed:
        raise CrossSiteRefused(detail=f"calls from {origin} may not use the session cookie")
    if request.headers.get(CSRF_HEADER) != "1":
        raise CrossSiteRefused(detail="this call needs the header X-UMT-CSRF: 1")


def origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else None


def _with_cookie(request: Request[Any, Any, Any], pair: TokenPair) -> Response[SessionTokenOut]:
    body = SessionTokenOut(
        access_token=pair.access_token,
        token_type=pair.token_type,
        expires_in=pair.expires_in,
        organization_id=pair.organization_id,
    )
    lifetime = _policy(request).refresh_lifetime
    cookie = Cookie(
        key=REFRESH_COOKIE,
        value=pair.refresh_token,
        path=SESSION_PATH,
        max_age=int(lifetime.total_seconds()),
        secure=True,
        httponly=True,
        samesite="strict",
    )
    return Response(body, status_code=HTTP_200_OK, cookies=[cookie])


def _cleared() -> Cookie:
    return Cookie(
        key=REFRESH_COOKIE,
        value="",
        path=SESSION_PATH,
        max_age=0,
        secure=True,
        httponly=True,
        samesite="strict",
    )


def _refresh_token(request: Request[Any, Any, Any]) -> str:
    token = request.cookies.get(REFRESH_COOKIE, "")
    if not token or len(token) > 200:
        raise AuthenticationFailed("no session: sign in again")
    return token


class BrowserSessionController(Controller):
    path = SESSION_PATH
    tags = ["auth"]

    @post(
        "/",
        status_code=HTTP_200_OK,
        summary="Sign in from the web app: the access token in the body, the refresh token"
        " in an HttpOnly cookie",
        responses=PUBLIC_ERRORS,
        **secret_route(PUBLIC, "access_token"),
    )
    async def sign_in(
        self, request: Request[Any, Any, Any], data: JSONBody[TokenIn], bus: Bus
    ) -> Response[SessionTokenOut]:
        pair = await bus.ask(
            IssueToken(
                email=data.email, password=data.password, organization_id=data.organization_id
            ),
            TokenPair,
        )
        return _with_cookie(request, pair)

    @post(
        "/invitation",
        status_code=HTTP_200_OK,
        summary="Accept an invitation from the web app: signed in like POST /auth/session (the"
        " refresh token in the HttpOnly cookie, never in the body)",
        description="The invitee's page (/accept-invitation) reads the token from the link's"
        " fragment and posts it here, so it never appears in a URL the server logs.",
        responses=PUBLIC_ERRORS,
        **secret_route(PUBLIC, "access_token"),
    )
    async def accept_invitation(
        self, request: Request[Any, Any, Any], data: JSONBody[InvitationAccept], bus: Bus
    ) -> Response[SessionTokenOut]:
        command = AcceptInvitation(
            token=data.token, password=data.password, display_name=data.display_name
        )
        return _with_cookie(request, await bus.ask(command, TokenPair))

    @post(
        "/refresh",
        status_code=HTTP_200_OK,
        summary="Redeem the session cookie for a new access token (and a new cookie); with"
        " organization_id, switch to another organization of yours",
        description="Needs the Origin of an allowed page and the header X-UMT-CSRF: 1.",
        responses=PUBLIC_ERRORS,
        **secret_route(PUBLIC, "access_token"),
    )
    async def refresh(
        self,
        request: Request[Any, Any, Any],
        bus: Bus,
        data: JSONBody[SessionRefreshIn],
    ) -> Response[SessionTokenOut]:
        check_same_origin(request)
        command = RefreshAccessToken(
            refresh_token=_refresh_token(request), organization_id=data.organization_id
        )
        return _with_cookie(request, await bus.ask(command, TokenPair))

    @post(
        "/logout",
        status_code=HTTP_204_NO_CONTENT,
        summary="End the web app's session (its whole token family) and clear the cookie",
        description="Needs the Origin of an allowed page and the header X-UMT-CSRF: 1.",
        responses=PUBLIC_ERRORS,
        response_cookies=[_cleared()],
        opt=PUBLIC,
    )
    async def logout(self, request: Request[Any, Any, Any], bus: Bus) -> None:
        check_same_origin(request)
        token = request.cookies.get(REFRESH_COOKIE, "")
        if token and len(token) <= 200:
            await bus.execute(Logout(refresh_token=token))


def browser_session_policy(
    refresh_lifetime: timedelta, *, public_base_url: str, cors_origins: list[str]
) -> BrowserSessionPolicy:
    origins = {origin_of(public_base_url), *(origin_of(o) for o in cors_origins)}
    return BrowserSessionPolicy(
        refresh_lifetime=refresh_lifetime,
        allowed_origins=frozenset(o for o in origins if o is not None),
    )
