"""A fake Graph API (Facebook Login token endpoint + the Graph calls the Meta connectors make).

It checks what Meta checks: the app id and secret, the redirect URI equal to the dialog's, the
PKCE verifier against the dialog's S256 challenge, a Bearer token with a matching
``appsecret_proof``; and it answers with Meta's documented bodies and error objects.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from litestar import Litestar, Request, Response, delete, get
from tests.unit.adapters.platforms.fake_platform import (
    CHALLENGE,
    CLIENT_ID,
    CLIENT_SECRET,
    REDIRECT_URI,
    bearer_token,
    s256,
)

VERSION = "v25.0"
SHORT_TOKEN = "short-lived-token-EAAB"
LONG_TOKEN = "long-lived-token-EAAB"
# Codes the fake "dialog" issued, each bound to its challenge and redirect URI.
CODES = {"good-code": (CHALLENGE, REDIRECT_URI)}
SEEN: list[dict[str, Any]] = []


def graph_error(
    status: int, code: int, message: str, subcode: int | None = None, **headers: str
) -> Response[Any]:
    error: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "AbCdEf",
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    return Response({"error": error}, status_code=status, headers=headers)


@get(f"/{VERSION}/oauth/access_token")
async def access_token(request: Request[Any, Any, Any]) -> Response[Any]:
    query = dict(request.query_params)
    SEEN.append({"path": "token", "query": query})
    if query.get("client_id") != CLIENT_ID:
        return graph_error(400, 101, "Error validating application. Invalid application ID.")
    if query.get("client_secret") != CLIENT_SECRET:
        return graph_error(400, 1, "Error validating client secret.")
    if query.get("grant_type") == "fb_exchange_token":
        token = query.get("fb_exchange_token")
        if token not in {SHORT_TOKEN, LONG_TOKEN}:
            return graph_error(400, 190, "Error validating access token: Session has expired", 463)
        return Response({"access_token": LONG_TOKEN, "token_type": "bearer", "expires_in": 5183944})
    bound = CODES.get(query.get("code", ""))
    if bound is None:
        return graph_error(400, 100, "Invalid verification code format.")
    challenge, redirect_uri = bound
    if query.get("redirect_uri") != redirect_uri:
        return graph_error(400, 100, "Error validating verification code: redirect_uri differs")
    if s256(query.get("code_verifier", "")) != challenge:
        return graph_error(400, 100, "Invalid code verifier")
    return Response({"access_token": SHORT_TOKEN, "token_type": "bearer", "expires_in": 3600})


def authenticate(request: Request[Any, Any, Any]) -> str | Response[Any]:
    """The Bearer token, checked with its appsecret_proof; or the error Meta answers."""
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        return graph_error(400, 2500, "An active access token must be used")
    proof = hmac.new(CLIENT_SECRET.encode(), token.encode(), hashlib.sha256).hexdigest()
    if request.query_params.get("appsecret_proof") != proof:
        return graph_error(400, 100, "Invalid appsecret_proof provided in the API argument")
    failures: dict[str, Response[Any]] = {
        "tok_expired_9f8e": graph_error(
            400, 190, "Error validating access token: Session has expired on Tuesday", 463
        ),
        "tok_app-removed_9f8e": graph_error(400, 190, "User has not authorized application", 458),
        "tok_throttled_9f8e": graph_error(
            400,
            80004,
            "There have been too many calls to this ad-account.",
            **{
                "x-business-use-case-usage": json.dumps(
                    {
                        "123": [
                            {
                                "type": "ads_management",
                                "call_count": 100,
                                "total_cputime": 30,
                                "total_time": 40,
                                "estimated_time_to_regain_access": 5,
                            }
                        ]
                    }
                )
            },
        ),
        "tok_user-limit_9f8e": graph_error(
            400, 17, "User request limit reached", **{"retry-after": "30"}
        ),
        "tok_transient_9f8e": graph_error(
            500, 2, "An unexpected error has occurred. Please retry."
        ),
        "tok_down_9f8e": Response("<html>Sorry, something went wrong.</html>", status_code=502),
    }
    return failures.get(token, token)


@get(f"/{VERSION}/me")
async def me(request: Request[Any, Any, Any]) -> Response[Any]:
    token = authenticate(request)
    if isinstance(token, Response):
        return token
    SEEN.append({"path": "me", "fields": request.query_params.get("fields")})
    return Response({"id": "10158", "name": "Jane Marketer"})


@get(f"/{VERSION}/me/permissions")
async def permissions(request: Request[Any, Any, Any]) -> Response[Any]:
    token = authenticate(request)
    if isinstance(token, Response):
        return token
    granted = ["pages_show_list", "pages_manage_posts", "ads_read"]
    data = [{"permission": p, "status": "granted"} for p in granted]
    data.append({"permission": "read_insights", "status": "declined"})
    return Response({"data": data})


@delete(f"/{VERSION}/me/permissions", status_code=200)
async def revoke(request: Request[Any, Any, Any]) -> Response[Any]:
    token = authenticate(request)
    if isinstance(token, Response):
        return token
    SEEN.append({"path": "revoke", "token": token})
    return Response({"success": True})


@get(f"/{VERSION}/me/accounts")
async def accounts(request: Request[Any, Any, Any]) -> Response[Any]:
    token = authenticate(request)
    if isinstance(token, Response):
        return token
    if token == "tok_no-pages-permission_9f8e":
        return graph_error(
            403, 200, "(#200) Requires pages_show_list permission to manage the object"
        )
    SEEN.append({"path": "accounts", "fields": request.query_params.get("fields")})
    return Response(
        {
            "data": [
                {"id": "501", "name": "Acme", "instagram_business_account": {"id": "1784"}},
                {"id": "502", "name": "Acme Outlet"},
            ],
            "paging": {"cursors": {"before": "a", "after": "b"}},
        }
    )


@get(f"/{VERSION}/me/adaccounts")
async def ad_accounts(request: Request[Any, Any, Any]) -> Response[Any]:
    token = authenticate(request)
    if isinstance(token, Response):
        return token
    if token == "tok_no-ads-permission_9f8e":
        return graph_error(403, 10, "(#10) Application does not have permission for this action")
    SEEN.append({"path": "adaccounts", "fields": request.query_params.get("fields")})
    return Response(
        {
            "data": [
                {
                    "id": "act_777",
                    "account_id": "777",
                    "name": "Acme Ads",
                    "account_status": 1,
                    "currency": "EUR",
                }
            ]
        }
    )


def graph_app() -> Litestar:
    return Litestar([access_token, me, permissions, revoke, accounts, ad_accounts])
