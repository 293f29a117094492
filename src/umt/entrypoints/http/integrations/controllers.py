"""Integrations: connecting platforms (OAuth 2.0 with PKCE, or a credentials form), listing,
health checks and disconnecting; and the platforms this deployment can connect.

The OAuth callback is a browser redirect from the provider: it carries no Authorization
header. It is bound to the browser that started the flow by a cookie set with the authorize
response (HttpOnly, SameSite=Lax so it survives the top-level redirect back, Secure over
TLS, scoped to /api/v1/integrations), named after the state so parallel flows do not clash.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, post
from litestar.datastructures import Cookie
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import (
    HTTP_200_OK,
    HTTP_201_CREATED,
    HTTP_204_NO_CONTENT,
    HTTP_303_SEE_OTHER,
)

from umt.application.integration.authorize import (
    AuthorizationCompleted,
    AuthorizationStarted,
    CompleteAuthorization,
    StartAuthorization,
)
from umt.application.integration.connect_form import ConnectWithForm
from umt.application.integration.disconnect import DisconnectIntegration
from umt.application.integration.maintenance import CheckIntegrationHealth
from umt.application.integration.queries import (
    GetIntegration,
    ListIntegrations,
    ListPlatforms,
    PlatformView,
)
from umt.domain.integration.errors import (
    AddressRefused,
    InvalidCredentials,
    PlatformError,
    PlatformUnavailable,
    RateLimited,
)
from umt.domain.integration.integration import Integration
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.one_time_secrets import NO_STORE_HEADERS, secret_route
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS, PUBLIC_ERRORS, problem_spec
from umt.entrypoints.http.problems import problem_response
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.common import FieldError
from umt.entrypoints.http.schemas.integrations import (
    AuthorizeIn,
    AuthorizeOut,
    ConnectIn,
    IntegrationList,
    IntegrationOut,
    IntegrationStatusName,
    PlatformList,
    integration_out,
    platform_out,
)

COOKIE_PREFIX = "umt_oauth_"
COOKIE_PATH = "/api/v1/integrations"
PlatformName = Annotated[str, QueryParameter(max_length=40)]
CallbackValue = Annotated[str | None, QueryParameter(max_length=4096, required=False)]


def binding_cookie_name(state: str) -> str:
    """One cookie per flow, named by a hash of its state (the state itself stays out)."""
    return COOKIE_PREFIX + hashlib.sha256(state.encode()).hexdigest()[:24]


def _is_tls(request: Request[Any, Any, Any]) -> bool:
    return request.url.scheme == "https" or bool(getattr(request.app.state, "force_hsts", False))


def platform_error_handler(request: Request[Any, Any, Any], exc: PlatformError) -> Response[bytes]:
    """A platform's typed failure: 429 or 503 with Retry-After when waiting helps, 422 for
    refused credentials or a refused address (naming the form field when one gave it), else
    400; ``code`` names the typed reason. No credential is in it."""
    headers: dict[str, str] = {}
    if isinstance(exc, RateLimited):
        status = 429
        headers["Retry-After"] = str(int(exc.retry_after_seconds or 60))
    elif isinstance(exc, PlatformUnavailable):
        status = 503
        headers["Retry-After"] = "30"
    elif isinstance(exc, InvalidCredentials | AddressRefused):
        status = 422
    else:
        status = 400
    return problem_response(
        request,
        status=status,
        code=exc.code,
        detail=f"{exc.platform}: {exc.message} (reason: {exc.reason.value})",
        errors=[FieldError(field=exc.field, message=exc.message)] if exc.field else None,
        headers=headers,
    )


class IntegrationController(Controller):
    path = "/api/v1/integrations"
    tags = ["integrations"]
    exception_handlers = {PlatformError: platform_error_handler}

    @get(
        "/",
        summary="The organization's integrations",
        security=BEARER,
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListIntegrations),
    )
    async def list_integrations(
        self,
        principal: Caller,
        bus: Bus,
        status: Annotated[IntegrationStatusName | None, QueryParameter()] = None,
        platform: Annotated[str | None, QueryParameter(max_length=40)] = None,
    ) -> IntegrationList:
        found = await bus.ask(
            ListIntegrations(status=status, platform=platform), list[Integration], principal
        )
        return IntegrationList(items=[integration_out(i) for i in found])

    @get(
        "/{integration_id:uuid}",
        summary="One integration",
        security=BEARER,
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetIntegration),
    )
    async def read(
        self, integration_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> IntegrationOut:
        found = await bus.ask(GetIntegration(integration_id=integration_id), Integration, principal)
        return integration_out(found)

    @delete(
        "/{integration_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Disconnect: revoke at the platform (best effort) and destroy the credentials",
        security=BEARER,
        responses=PROTECTED_ERRORS,
        opt=requires_for(DisconnectIntegration),
    )
    async def disconnect(self, integration_id: FromPath[UUID], principal: Caller, bus: Bus) -> None:
        await bus.execute(DisconnectIntegration(integration_id=integration_id), principal)

    @post(
        "/{integration_id:uuid}/health-check",
        status_code=HTTP_200_OK,
        summary="Check now that the connection works; records the result",
        security=BEARER,
        responses=PROTECTED_ERRORS,
        opt=requires_for(CheckIntegrationHealth),
    )
    async def health_check(
        self, integration_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> IntegrationOut:
        checked = await bus.ask(
            CheckIntegrationHealth(integration_id=integration_id), Integration, principal
        )
        return integration_out(checked)

    @post(
        "/{platform:str}/authorize",
        status_code=HTTP_200_OK,
        summary="Start connecting an OAuth platform: the URL to send the browser to",
        description=(
            "Also sets an HttpOnly, SameSite=Lax cookie binding the flow to this browser;"
            " the callback requires it."
        ),
        security=BEARER,
        responses=PROTECTED_ERRORS,
        # the state and the binding cookie let a browser finish the connect: shown once
        **secret_route(requires_for(StartAuthorization), "authorization_url", "state"),
    )
    async def authorize(
        self,
        request: Request[Any, Any, Any],
        platform: FromPath[str],
        data: JSONBody[AuthorizeIn],
        principal: Caller,
        bus: Bus,
    ) -> Response[AuthorizeOut]:
        started = await bus.ask(
            StartAuthorization(platform=platform, scopes=data.scopes, redirect=data.redirect),
            AuthorizationStarted,
            principal,
        )
        max_age = max(1, int((started.expires_at - bus.services.clock.now()).total_seconds()))
        cookie = Cookie(
            key=binding_cookie_name(started.state),
            value=started.binding,
            path=COOKIE_PATH,
            max_age=max_age,
            httponly=True,
            samesite="lax",
            secure=_is_tls(request),
        )
        body = AuthorizeOut(
            authorization_url=started.authorization_url,
            state=started.state,
            expires_at=started.expires_at,
        )
        return Response(body, cookies=[cookie], headers=NO_STORE_HEADERS)

    @get(
        "/{platform:str}/callback",
        summary="The provider's redirect back: completes the connection",
        description=(
            "Authenticated by the state and the binding cookie of the browser that started"
            " the flow (no Authorization header). Answers the integration as JSON, or a 303 to"
            " the configured return URL."
        ),
        responses={
            **PUBLIC_ERRORS,
            404: problem_spec("No such platform, or it is not configured"),
        },
        opt={"public": True},
    )
    async def callback(
        self,
        request: Request[Any, Any, Any],
        platform: FromPath[str],
        bus: Bus,
        code: CallbackValue = None,
        oauth_state: Annotated[
            str | None, QueryParameter(name="state", max_length=4096, required=False)
        ] = None,
        error: CallbackValue = None,
    ) -> Response[IntegrationOut]:
        state = oauth_state
        cookie = binding_cookie_name(state) if state else None
        binding = request.cookies.get(cookie) if cookie else None
        done = await bus.ask(
            CompleteAuthorization(
                platform=platform, state=state, binding=binding, code=code, error=error
            ),
            AuthorizationCompleted,
        )
        clear = (
            [Cookie(key=cookie, value="", path=COOKIE_PATH, max_age=0, httponly=True)]
            if cookie
            else []
        )
        config = bus.services.integrations
        target = done.return_to or config.return_url
        headers = dict(NO_STORE_HEADERS)
        status = HTTP_200_OK
        if target:
            outcome = urlencode(
                {
                    "integration_id": str(done.integration.id),
                    "platform": done.integration.platform.value,
                    "status": done.integration.status.value,
                }
            )
            separator = "&" if "?" in target else "?"
            # 303 See Other: the browser goes on to the application's page with a GET; the
            # body still describes the integration for non-browser clients
            headers["Location"] = f"{target}{separator}{outcome}"
            status = HTTP_303_SEE_OTHER
        return Response(
            integration_out(done.integration), status_code=status, cookies=clear, headers=headers
        )

    @post(
        "/{platform:str}/connect",
        status_code=HTTP_201_CREATED,
        summary="Connect an API-key or app-password platform with its credentials form",
        security=BEARER,
        responses=PROTECTED_ERRORS,
        opt=requires_for(ConnectWithForm),
    )
    async def connect(
        self, platform: FromPath[str], data: JSONBody[ConnectIn], principal: Caller, bus: Bus
    ) -> IntegrationOut:
        connected = await bus.ask(
            ConnectWithForm(platform=platform, fields=data.fields), Integration, principal
        )
        return integration_out(connected)


class PlatformController(Controller):
    path = "/api/v1/platforms"
    tags = ["integrations"]
    security = BEARER

    @get(
        "/",
        summary="The platforms umt knows: auth method, capabilities, scopes, form, configured",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListPlatforms),
    )
    async def list_platforms(self, principal: Caller, bus: Bus) -> PlatformList:
        views = await bus.ask(ListPlatforms(), list[PlatformView], principal)
        return PlatformList(items=[platform_out(v) for v in views])
