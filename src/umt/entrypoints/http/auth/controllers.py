"""Registration, tokens and the current user."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from umt.application.identity.get_me import GetMe, Me
from umt.application.identity.issue_token import IssueToken
from umt.application.identity.logout import Logout
from umt.application.identity.refresh_access_token import RefreshAccessToken
from umt.application.identity.register import Register, RegistrationReceived
from umt.application.identity.sessions import ListSessions, RevokeAllSessions, SessionView
from umt.application.identity.tokens import TokenPair
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.one_time_secrets import secret_route
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS, PUBLIC_ERRORS
from umt.entrypoints.http.rules import PUBLIC, SELF_SERVICE
from umt.entrypoints.http.schemas.identity import (
    TOKEN_FIELDS,
    LogoutIn,
    MeOut,
    RefreshIn,
    RegisterIn,
    RegistrationOut,
    RevokedOut,
    SessionList,
    SessionOut,
    TokenIn,
    TokenOut,
    me_out,
    registration_out,
    token_out,
)


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post(
        "/register",
        status_code=HTTP_202_ACCEPTED,
        summary="Register a user who founds a new organization, then sign in",
        description=(
            "Answers the same 202 for a new email and for one that already has an account,"
            " so that it tells no one which emails are registered: a new email gets its"
            " account and organization and a welcome mail, a taken one a mail to its owner."
            " Sign in with POST /api/v1/auth/token."
        ),
        responses=PUBLIC_ERRORS,
        opt=PUBLIC,
    )
    async def register(self, data: JSONBody[RegisterIn], bus: Bus) -> RegistrationOut:
        received = await bus.ask(
            Register(
                email=data.email,
                password=data.password,
                organization_name=data.organization_name,
                display_name=data.display_name,
            ),
            RegistrationReceived,
        )
        return registration_out(received)

    @post(
        "/token",
        status_code=HTTP_200_OK,
        summary="Exchange email and password for tokens",
        responses=PUBLIC_ERRORS,
        **secret_route(PUBLIC, *TOKEN_FIELDS),
    )
    async def token(self, data: JSONBody[TokenIn], bus: Bus) -> TokenOut:
        pair = await bus.ask(
            IssueToken(
                email=data.email, password=data.password, organization_id=data.organization_id
            ),
            TokenPair,
        )
        return token_out(pair)

    @post(
        "/refresh",
        status_code=HTTP_200_OK,
        summary="Redeem a refresh token for a new token pair (the old one is spent)",
        responses=PUBLIC_ERRORS,
        **secret_route(PUBLIC, *TOKEN_FIELDS),
    )
    async def refresh(self, data: JSONBody[RefreshIn], bus: Bus) -> TokenOut:
        command = RefreshAccessToken(
            refresh_token=data.refresh_token, organization_id=data.organization_id
        )
        pair = await bus.ask(command, TokenPair)
        return token_out(pair)

    @post(
        "/logout",
        status_code=HTTP_204_NO_CONTENT,
        summary="End the sign-in of a refresh token (it and every token of its family)",
        responses=PUBLIC_ERRORS,
        opt=PUBLIC,
    )
    async def logout(self, data: JSONBody[LogoutIn], bus: Bus) -> None:
        await bus.execute(Logout(refresh_token=data.refresh_token))


class MeController(Controller):
    path = "/api/v1/me"
    tags = ["auth"]
    security = BEARER

    @get(
        "/",
        summary="The current user, organization and memberships",
        responses=PROTECTED_ERRORS,
        opt=SELF_SERVICE,
    )
    async def me(self, principal: Caller, bus: Bus) -> MeOut:
        return me_out(await bus.ask(GetMe(), Me, principal))

    @get(
        "/sessions",
        summary="Your live sign-ins, in every organization",
        responses=PROTECTED_ERRORS,
        opt=SELF_SERVICE,
    )
    async def sessions(self, principal: Caller, bus: Bus) -> SessionList:
        views = await bus.ask(ListSessions(), list[SessionView], principal)
        return SessionList(
            items=[
                SessionOut(
                    id=v.id,
                    organization_id=v.organization_id,
                    last_refreshed_at=v.last_refreshed_at,
                    expires_at=v.expires_at,
                )
                for v in views
            ]
        )

    @post(
        "/sessions/revoke-all",
        status_code=HTTP_200_OK,
        summary="End every sign-in of yours (refreshes stop now; access tokens run out)",
        responses=PROTECTED_ERRORS,
        opt=SELF_SERVICE,
    )
    async def revoke_all(self, principal: Caller, bus: Bus) -> RevokedOut:
        return RevokedOut(revoked=await bus.ask(RevokeAllSessions(), int, principal))
