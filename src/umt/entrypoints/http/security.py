"""Bearer authentication: the request's access token becomes the acting Principal."""

from __future__ import annotations

from typing import Any

from litestar import Request

from umt.application.log_context import bind_request
from umt.application.principal import Principal
from umt.domain.shared.errors import AuthenticationFailed
from umt.ports.access_tokens import AccessTokens


def bearer_token(request: Request[Any, Any, Any]) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationFailed("a Bearer access token is required")
    return token.strip()


def principal_from_request(request: Request[Any, Any, Any], tokens: AccessTokens) -> Principal:
    claims = tokens.verify(bearer_token(request))
    # UUIDs as they are: they become text only if a line is actually logged
    bind_request(organization_id=claims.organization_id, user_id=claims.user_id)
    return Principal.for_member(
        claims.user_id, claims.organization_id, claims.role, claims.brand_scope
    )
