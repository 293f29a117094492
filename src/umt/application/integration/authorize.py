"""StartAuthorization and CompleteAuthorization: the OAuth 2.0 authorization code flow with
PKCE (S256), bound to the browser that started it.

Starting stores a pending authorization: the SHA-256 of a random ``state``, the SHA-256 of a
random browser-binding nonce (the HTTP layer sets it as an HttpOnly cookie), and the PKCE
verifier sealed by the vault. The callback arrives as a plain browser redirect, without an
Authorization header: it proves who it is with the state *and* the cookie, both single use
and short-lived. Only then is the code exchanged, the connection tested, and the tokens
sealed and stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from umt.application.integration.config import IntegrationConfig
from umt.application.integration.vault import (
    cipher_of,
    connector_for,
    parse_platform,
    save_connection,
)
from umt.application.principal import Principal
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.integration.errors import AuthorizationDenied, OAuthStateInvalid, WrongAuthMethod
from umt.domain.integration.integration import Integration
from umt.domain.integration.platforms import AuthMethod, Platform
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.values import clean_list
from umt.ports.clock import Clock
from umt.ports.credential_cipher import CredentialCipher, CredentialUnreadable
from umt.ports.id_generator import IdGenerator
from umt.ports.oauth_state_store import PendingAuthorization
from umt.ports.platform_connector import AuthorizationRequest, PlatformConnector

MAX_CODE = 4096


def digest(value: str) -> str:
    """How states and binding nonces are stored: never as themselves."""
    return hashlib.sha256(value.encode()).hexdigest()


def code_challenge(verifier: str) -> str:
    """RFC 7636 S256: BASE64URL(SHA256(verifier)) without padding."""
    hashed = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(hashed).decode().rstrip("=")


@dataclass(frozen=True, slots=True, kw_only=True)
class StartAuthorization:
    use_case: ClassVar = UseCase(Permission.INTEGRATIONS_MANAGE)
    platform: str
    scopes: Sequence[str] | None = None
    redirect: str | None = None  # where the callback sends the browser (under return_url)


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationStarted:
    authorization_url: str
    state: str
    expires_at: datetime
    binding: str  # for the browser's cookie only; never in a response body

    def __repr__(self) -> str:
        return f"AuthorizationStarted(expires_at={self.expires_at!r})"


async def start_authorization(
    cmd: StartAuthorization,
    ctx: Context,
    *,
    platforms: Mapping[Platform, PlatformConnector],
    credential_cipher: CredentialCipher | None,
    integrations: IntegrationConfig,
    clock: Clock,
    ids: IdGenerator,
) -> AuthorizationStarted:
    actor = ctx.actor()
    actor.require(StartAuthorization.use_case.permission)
    platform = parse_platform(cmd.platform)
    connector = connector_for(platforms, credential_cipher, platform)
    if connector.auth_method is not AuthMethod.OAUTH2:
        raise WrongAuthMethod(
            f"{platform.value} connects with a credentials form: POST .../connect",
            field="platform",
        )
    config = integrations
    scopes = (
        clean_list(list(cmd.scopes), field="scopes")
        if cmd.scopes
        else tuple(connector.default_scopes)
    )
    return_to = _return_to(cmd.redirect, config.return_url)
    state, binding = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)  # 86 characters of [A-Za-z0-9_-]: RFC 7636's range
    now = clock.now()
    pending_id = ids.new_id()
    pending = PendingAuthorization(
        id=pending_id,
        state_hash=digest(state),
        binding_hash=digest(binding),
        organization_id=actor.organization_id,
        user_id=actor.user_id,
        platform=platform,
        scopes=scopes,
        redirect_uri=config.redirect_uri(platform.value),
        return_to=return_to,
        sealed_verifier=cipher_of(credential_cipher).seal(
            verifier.encode(), organization_id=actor.organization_id, integration_id=pending_id
        ),
        created_at=now,
        expires_at=now + config.state_ttl,
    )
    url = connector.authorization_url(
        AuthorizationRequest(
            state=state,
            code_challenge=code_challenge(verifier),
            redirect_uri=pending.redirect_uri,
            scopes=scopes,
        )
    )
    async with ctx.uow as uow:
        await uow.oauth_states.purge_expired(now)
        await uow.oauth_states.add(pending)
        await uow.commit()
    return AuthorizationStarted(
        authorization_url=url, state=state, expires_at=pending.expires_at, binding=binding
    )


def _return_to(redirect: str | None, return_url: str | None) -> str | None:
    if not redirect:
        return None
    if not return_url or not redirect.startswith(return_url.rstrip("/")):
        # an open redirect otherwise: only pages of the configured application are allowed
        raise InvalidValue(
            "redirect must be a page under the configured return URL", field="redirect"
        )
    return redirect


@dataclass(frozen=True, slots=True, kw_only=True)
class CompleteAuthorization:
    """The provider's redirect: ``code`` and ``state``, or ``error``; ``binding`` is the
    browser's cookie. Runs without a principal: the state names who started the flow."""

    use_case: ClassVar = UseCase(Permission.INTEGRATIONS_MANAGE)

    platform: str
    state: str | None = None
    binding: str | None = None
    code: str | None = None
    error: str | None = None

    def __repr__(self) -> str:  # the code is a credential until it is exchanged
        return f"CompleteAuthorization(platform={self.platform!r}, error={self.error!r})"


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationCompleted:
    integration: Integration
    return_to: str | None


async def complete_authorization(
    cmd: CompleteAuthorization,
    ctx: Context,
    *,
    clock: Clock,
    platforms: Mapping[Platform, PlatformConnector],
    credential_cipher: CredentialCipher | None,
    ids: IdGenerator,
    integrations: IntegrationConfig,
) -> AuthorizationCompleted:
    platform = parse_platform(cmd.platform)
    pending = await _take_state(cmd, ctx, clock=clock)
    if pending.platform is not platform:
        raise OAuthStateInvalid("the state was issued for another platform", field="state")
    if cmd.error:
        # the user said no (access_denied) or the provider refused: nothing is stored
        raise AuthorizationDenied(
            "the authorization was denied at the platform"
            if cmd.error == "access_denied"
            else "the platform refused the authorization",
            field="error",
        )
    if not cmd.code or len(cmd.code) > MAX_CODE:
        raise InvalidValue("the callback carries no valid code", field="code")
    connector = connector_for(platforms, credential_cipher, platform)
    async with ctx.uow as uow:
        membership = await uow.memberships.get(pending.organization_id, pending.user_id)
    if membership is None:
        raise OAuthStateInvalid("who started this authorization is no longer a member")
    actor = Principal.for_member(pending.user_id, pending.organization_id, membership.role)
    actor.require(CompleteAuthorization.use_case.permission)
    try:
        verifier = cipher_of(credential_cipher).open(
            pending.sealed_verifier,
            organization_id=pending.organization_id,
            integration_id=pending.id,
        )
    except CredentialUnreadable:
        raise OAuthStateInvalid("the authorization can no longer be completed") from None
    credentials = await connector.exchange_code(
        code=cmd.code, code_verifier=verifier.decode(), redirect_uri=pending.redirect_uri
    )
    account = await connector.test_connection(credentials)
    integration = await save_connection(
        ctx,
        actor=actor,
        platform=platform,
        credentials=credentials,
        account=account,
        clock=clock,
        ids=ids,
        credential_cipher=credential_cipher,
        integrations=integrations,
    )
    return AuthorizationCompleted(integration=integration, return_to=pending.return_to)


async def _take_state(
    cmd: CompleteAuthorization, ctx: Context, *, clock: Clock
) -> PendingAuthorization:
    """The pending authorization, consumed (single use) in a transaction of its own, so a
    failure later in the callback still leaves the state spent."""
    if not cmd.state or len(cmd.state) > 200:
        raise OAuthStateInvalid("the callback carries no valid state", field="state")
    async with ctx.uow as uow:
        pending = await uow.oauth_states.take(digest(cmd.state))
        await uow.commit()
    now = clock.now()
    if pending is None:
        raise OAuthStateInvalid("unknown or already used state", field="state")
    if pending.expires_at <= now:
        raise OAuthStateInvalid("the authorization expired; start again", field="state")
    if not cmd.binding or not hmac.compare_digest(digest(cmd.binding), pending.binding_hash):
        raise OAuthStateInvalid(
            "this browser did not start the authorization (its cookie is missing)",
            field="state",
        )
    return pending
