"""Bearer authentication: the request's access token, or API key (``umt_...``), becomes the
acting Principal."""

from __future__ import annotations

from typing import Any

from litestar import Request

from umt.application.bus import MessageBus
from umt.application.identity.api_key_secrets import looks_like_api_key
from umt.application.identity.authenticate_api_key import AuthenticateApiKey
from umt.application.identity.check_session import CheckSession
from umt.application.log_context import bind_request
from umt.application.principal import Principal
from umt.domain.shared.errors import AuthenticationFailed

_AUTHORIZATION = b"authorization"


def bearer_token(request: Request[Any, Any, Any]) -> str:
    # the raw header list, not ``request.headers``: building that object for one value was a
    # measurable part of every authenticated request
    header = ""
    for name, value in request.scope["headers"]:
        if name == _AUTHORIZATION:
            header = value.decode("latin-1")
            break
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationFailed("a Bearer access token is required")
    return token.strip()


async def principal_from_request_or_key(
    request: Request[Any, Any, Any], bus: MessageBus
) -> Principal:
    """The principal of an access token, or of an API key (looked up: a revoked key stops at
    once). An API key acts for its organization with exactly its scopes."""
    token = bearer_token(request)
    if not looks_like_api_key(token):
        return await _principal_from_access_token(token, bus)
    principal = await bus.ask(AuthenticateApiKey(token), Principal)
    bind_request(
        organization_id=principal.organization_id,
        user_id=principal.user_id,
        api_key_id=principal.api_key_id,
    )
    return principal


async def principal_from_request(request: Request[Any, Any, Any], bus: MessageBus) -> Principal:
    """The signature, issuer, audience and times of the token, then whether its sign-in is
    still live (a logged-out or revoked sign-in's tokens stop working at once)."""
    return await _principal_from_access_token(bearer_token(request), bus)


async def _principal_from_access_token(token: str, bus: MessageBus) -> Principal:
    claims = bus.services.access_tokens.verify(token)
    await bus.execute(CheckSession(claims.session_id))
    # UUIDs as they are: they become text only if a line is actually logged
    bind_request(organization_id=claims.organization_id, user_id=claims.user_id)
    return Principal.for_member(
        claims.user_id, claims.organization_id, claims.role, claims.brand_scope
    )
