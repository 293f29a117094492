"""The sandbox platform's OAuth consent page: where "connect the sandbox" sends the browser.

``GET /sandbox/oauth/authorize`` shows which application asks for which scopes and lets the
visitor pick (or create) a sandbox account; the form posts back to the same path, which
redirects (303) to the client's redirect URI with a code, or with ``error=access_denied``.
The redirect URI must be one registered exactly for the client (never an open redirect);
anything malformed is a 400 problem and redirects nowhere. The page is plain HTML with every
value escaped, no script at all, and a CSP that allows only its own style and form.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from typing import Annotated
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import msgspec
from litestar import Controller, Response, get, post
from litestar.datastructures import State
from litestar.enums import MediaType
from litestar.openapi import ResponseSpec
from litestar.params import QueryParameter, URLEncodedBody
from litestar.response import Redirect
from litestar.status_codes import HTTP_303_SEE_OTHER

from umt.adapters.platforms.sandbox.errors import SandboxError
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.oauth import SCOPES, AuthorizationQuery
from umt.adapters.platforms.sandbox.records import SandboxAccount
from umt.domain.shared.errors import DomainError
from umt.entrypoints.http.openapi import PROBLEM_MEDIA_TYPE
from umt.entrypoints.http.schemas.common import Problem

MAX_PARAM = 2000  # longer parameters are refused, not truncated
MAX_ACCOUNTS_SHOWN = 100
NEW_ACCOUNT = "new"
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;"
    "color:#1d2430}h1{font-size:1.4rem}li{margin:.3rem 0}fieldset{border:1px solid #ccd;"
    "border-radius:.4rem;margin:1rem 0}button{font-size:1rem;padding:.5rem 1.2rem;"
    "margin-right:.6rem}small{color:#556}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()
ERRORS = {
    400: ResponseSpec(
        data_container=Problem,
        description="A parameter is missing or malformed, or the client is not allowed",
        media_type=PROBLEM_MEDIA_TYPE,
        generate_examples=False,
    )
}


class AuthorizationRefused(DomainError):
    """The authorization request is malformed or names an unknown client or redirect URI."""

    code = "invalid_authorization_request"


class ConsentForm(msgspec.Struct, kw_only=True):
    """What the consent page posts back: the request it showed, and the visitor's answer."""

    client_id: str = ""
    redirect_uri: str = ""
    state: str = ""
    code_challenge: str = ""
    code_challenge_method: str = ""
    scope: str = ""
    decision: str = ""  # "approve" or "deny"
    account_id: str = ""  # an existing account's id, or "new"
    new_account_name: str = ""


def _network(state: State) -> SandboxNetwork:
    network: SandboxNetwork = state.container.sandbox_network()
    return network


def _checked(network: SandboxNetwork, form: ConsentForm) -> AuthorizationQuery:
    for name in ("client_id", "redirect_uri", "state", "code_challenge", "scope"):
        value = getattr(form, name)
        if not value or len(value) > MAX_PARAM:
            raise AuthorizationRefused(f"{name} is required (at most {MAX_PARAM} characters)")
    try:
        return network.oauth.check_authorization(
            client_id=form.client_id,
            redirect_uri=form.redirect_uri,
            state=form.state,
            code_challenge=form.code_challenge,
            code_challenge_method=form.code_challenge_method,
            scope=form.scope,
        )
    except SandboxError as exc:
        raise AuthorizationRefused(exc.message) from exc


def _origin(uri: str) -> str:
    parts = urlsplit(uri)
    return f"{parts.scheme}://{parts.netloc}"


def _with_query(uri: str, params: dict[str, str]) -> str:
    parts = urlsplit(uri)
    query = urlencode([*parse_qsl(parts.query, keep_blank_values=True), *params.items()])
    return urlunsplit(parts._replace(query=query))


def _hidden(form: ConsentForm) -> str:
    fields = ("client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method")
    inputs = [
        f'<input type="hidden" name="{name}" value="{escape(getattr(form, name))}">'
        for name in (*fields, "scope")
    ]
    return "".join(inputs)


def render_consent(
    query: AuthorizationQuery, form: ConsentForm, accounts: list[SandboxAccount]
) -> str:
    """The consent page. Every interpolated value goes through ``html.escape``."""
    app = escape(query.client.name)
    scopes = "".join(
        f"<li><b>{escape(name)}</b>: {escape(SCOPES[name])}</li>" for name in query.scopes
    )
    choices = "".join(
        f'<label><input type="radio" name="account_id" value="{escape(account.id)}"'
        f"{' checked' if i == 0 else ''}> {escape(account.name)} "
        f"<small>({account.followers} followers, {account.subscribers} subscribers)</small>"
        "</label><br>"
        for i, account in enumerate(accounts[-MAX_ACCOUNTS_SHOWN:][::-1])
    )
    new_checked = "" if accounts else " checked"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>Sandbox: authorize {app}</title><style>{_STYLE}</style></head><body><main>"
        f"<h1>{app} wants to use your sandbox account</h1>"
        f"<p>It asks to:</p><ul>{scopes}</ul>"
        f"<p><small>You will be sent back to {escape(_origin(query.redirect_uri))}."
        "</small></p>"
        # relative, so the page also works with umt served under a path prefix
        '<form method="post" action="authorize">'
        f"{_hidden(form)}<fieldset><legend>Sandbox account</legend>{choices}"
        f'<label><input type="radio" name="account_id" value="{NEW_ACCOUNT}"{new_checked}> '
        'a new account named </label><input type="text" name="new_account_name" '
        'maxlength="80" placeholder="Ann Example" aria-label="New account name"></fieldset>'
        '<button type="submit" name="decision" value="approve">Approve</button>'
        '<button type="submit" name="decision" value="deny">Deny</button>'
        "</form></main></body></html>"
    )


def _page_policy(redirect_uri: str) -> str:
    # form-action also governs where the form's response may redirect: the client only
    return (
        f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; "
        f"form-action 'self' {_origin(redirect_uri)}; frame-ancestors 'none'; base-uri 'none'"
    )


def _redirect(uri: str, params: dict[str, str]) -> Redirect:
    # a response carrying a code must not be stored anywhere on the way
    return Redirect(
        _with_query(uri, params), status_code=303, headers={"Cache-Control": "no-store"}
    )


Param = Annotated[str | None, QueryParameter(required=False)]


class SandboxConsentController(Controller):
    path = "/sandbox/oauth"
    tags = ["sandbox"]

    @get(
        "/authorize",
        summary="The sandbox's OAuth consent page (HTML)",
        media_type=MediaType.HTML,
        responses=ERRORS,
        opt={"public": True},
    )
    async def consent_page(
        self,
        state: State,  # the app's state; the OAuth state parameter is oauth_state
        client_id: Param = None,
        redirect_uri: Param = None,
        oauth_state: Annotated[str | None, QueryParameter(name="state", required=False)] = None,
        code_challenge: Param = None,
        code_challenge_method: Param = None,
        oauth_scope: Annotated[str | None, QueryParameter(name="scope", required=False)] = None,
        response_type: Param = None,
    ) -> Response[str]:
        if response_type not in (None, "code"):
            raise AuthorizationRefused("response_type must be code")
        form = ConsentForm(
            client_id=client_id or "",
            redirect_uri=redirect_uri or "",
            state=oauth_state or "",
            code_challenge=code_challenge or "",
            code_challenge_method=code_challenge_method or "",
            scope=oauth_scope or "",
        )
        network = _network(state)
        query = _checked(network, form)
        page = render_consent(query, form, await network.accounts())
        return Response(
            page,
            media_type=MediaType.HTML,
            headers={
                "Content-Security-Policy": _page_policy(query.redirect_uri),
                "Cache-Control": "no-store",
            },
        )

    @post(
        "/authorize",
        summary="Approve or deny; redirects (303) to the client with a code or an error",
        status_code=HTTP_303_SEE_OTHER,
        responses=ERRORS,
        opt={"public": True},
    )
    async def decide(self, state: State, data: URLEncodedBody[ConsentForm]) -> Redirect:
        network = _network(state)
        query = _checked(network, data)  # before anything else: never redirect elsewhere
        if data.decision == "deny":
            target = {"error": "access_denied", "state": query.state}
            return _redirect(query.redirect_uri, target)
        if data.decision != "approve":
            raise AuthorizationRefused("decision must be approve or deny")
        try:
            if data.account_id == NEW_ACCOUNT:
                account = await network.create_account(data.new_account_name)
            else:
                account = await network.account(data.account_id[:MAX_PARAM])
        except SandboxError as exc:
            raise AuthorizationRefused(exc.message, field="account_id") from exc
        code = await network.oauth.approve(query, account.id)
        return _redirect(query.redirect_uri, {"code": code, "state": query.state})
