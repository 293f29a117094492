"""Who may call what: an allow/deny matrix generated from the app's own route table.

Every route handler declares one authorization rule in its ``opt`` (umt.entrypoints.http.rules):
``{"permission": "<resource:action>"}``, ``{"self_service": True}`` or ``{"public": True}``.
From that rule and ``ROLE_PERMISSIONS`` alone this module derives, for every route and role:

- permission routes: a role holding the permission succeeds (2xx); any other role gets
  403 problem+json ``permission_denied`` and nothing of the organization changes;
- self-service routes: every role succeeds;
- public routes answer without a token; every other route answers 401 without one.

So the rule is checked against what the use case really enforces, both ways.

How a new route joins the matrix (nothing here needs to know it exists):

1. Declare its rule in the handler's ``opt`` (a route without exactly one rule fails
   ``test_every_route_declares_exactly_one_rule``).
2. If it takes a body, add a valid sample for the body type to ``helpers.sample_body`` (shared
   with the tenancy and bad-input tests), or a per-route one in ``PREPARATIONS`` below.
3. If its path has an id the ``World`` does not hold, add it to ``World`` in helpers.py (and
   ``build_world``/``scratch_world``), or return it from ``PREPARATIONS[...].ids``, a function
   of the ``Call`` that may first create the resource in the call's organization (a missing id
   fails with a message naming the route).
4. If the call is only legal in some state (a project must be completed before it can be
   archived), put the world in that state in ``PREPARATIONS[...].setup``; if it ends the
   caller's own session or account, set ``PREPARATIONS[...].fresh_caller``.
5. "Nothing changed" compares ``helpers.snapshot`` before and after: extend it with the new
   resource's list so that a denied write to it would show.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.support.strategy import (
    a_proposal,
    a_recommendation,
    store_proposal,
    store_recommendation,
)
from tests.unit.entrypoints.http.enrichment_support import stored_enrichment
from tests.unit.entrypoints.http.helpers import (
    API,
    MAILCHIMP_SECRET,
    PASSWORD,
    Account,
    RouteCall,
    World,
    add_member,
    assert_problem,
    build_app,
    connect_sandbox,
    create_experiment,
    login,
    register,
    route_calls,
    sample_body,
    sample_csv,
    sandbox_channel_accounts,
    scratch_world,
    send,
    set_project_status,
    snapshot,
    unique_email,
    webhook_ids,
)
from tests.unit.entrypoints.http.members_helpers import accept, invite, token_for
from tests.unit.entrypoints.http.publishing_dispatch_support import (
    published_publication,
    unknown_publication,
)
from tests.unit.entrypoints.http.publishing_helpers import (
    LATER,
    approved_piece,
    channel_account,
    created_schedule,
    failed_publication,
    scheduled_publication,
)
from tests.unit.entrypoints.http.report_support import created_report_schedule, delivered_report

from umt.application.agents.catalogue import agent_for_task
from umt.domain.identity.permissions import ROLE_PERMISSIONS, Permission, Role
from umt.entrypoints.http.rules import RULE_KEYS

Client = TestClient[Litestar]
CALLS = route_calls(build_app(Path("permission-routes-are-only-listed")))
# -- integrations and platforms ---------------------------------------------------------------
# Their resources need a connected platform:
# tests/unit/entrypoints/http/integrations/test_integrations.py runs the same role and tenant
# matrices over them, reading each route's opt (their rules are still checked by
# test_every_route_declares_exactly_one_rule above, which sees every route).
INTEGRATION_PREFIXES = (f"{API}/integrations", f"{API}/platforms")


@dataclass(frozen=True, slots=True)
class Call:
    """What a preparation sees: the app, the organization's owner, the caller and the world."""

    client: Client
    owner: Account
    caller: Account
    world: World

    @property
    def ids(self) -> dict[str, str]:
        return {**self.world.ids(), "user_id": self.caller.user_id}


@dataclass(frozen=True, slots=True)
class Preparation:
    """What one route needs beyond the defaults (a World's ids, ``helpers.sample_body``)."""

    body: Callable[[Call], Any] | None = None  # instead of helpers.sample_body
    # path ids the World does not hold; may create what they name (in the call's organization)
    ids: Callable[[Call], dict[str, str]] | None = None
    setup: Callable[[Call], None] | None = None  # make the call legal before it is made
    fresh_caller: bool = False  # the call ends the caller's own sign-ins
    # a public route that needs more than a path and a JSON body (a query, a form, a secret
    # from a mail) makes its own request; ``redirects``: its success is a 303
    request: Callable[[Call], httpx.Response] | None = None
    redirects: bool = False
    params: dict[str, str] | None = None  # a query the route requires


def _completed(call: Call) -> None:
    set_project_status(call.client, call.owner, call.world.project_id, "active", "completed")


def _without_projects(call: Call) -> None:  # a brand with projects cannot be deleted
    url = f"{API}/projects/{call.world.project_id}"
    response = call.client.delete(url, headers={**call.owner.headers, "If-Match": "*"})
    assert response.status_code == 204, response.text


def _content_call(call: Call, action: str, body: Any = None) -> None:
    url = f"{API}/content/{call.world.content_id}/{action}"
    response = call.client.post(url, json=body, headers=call.owner.headers)
    assert response.status_code == 200, response.text


def _in_review(call: Call) -> None:  # only a piece in review is approved or sent back
    _content_call(call, "submit")


def _approved(call: Call) -> None:  # only an approved piece is scheduled or published
    _content_call(call, "submit")
    _content_call(call, "approve")


def _resolved_thread(call: Call) -> None:  # only a resolved thread is reopened
    _content_call(call, f"comments/{call.world.comment_id}/resolve")


def _fresh_refresh_token(call: Call) -> dict[str, str]:
    return {"refresh_token": login(call.client, call.caller.email)["refresh_token"]}


def _accept_an_invitation(call: Call) -> httpx.Response:
    email = unique_email("invitee")
    invite(call.client, call.owner, email)
    return accept(call.client, token_for(call.client, email))


def _accept_an_invitation_in_the_browser(call: Call) -> httpx.Response:
    email = unique_email("invitee")
    invite(call.client, call.owner, email)
    payload = {"token": token_for(call.client, email), "password": PASSWORD}
    return call.client.post(f"{API}/auth/session/invitation", json=payload)


def _with_session_cookie(action: str) -> Callable[[Call], httpx.Response]:
    """A cookie call of the web app: its cookie, its page's Origin, the CSRF header (the test
    client speaks plain HTTP, so the Secure cookie is sent by hand)."""

    def request(call: Call) -> httpx.Response:
        token = login(call.client, call.caller.email)["refresh_token"]
        headers = {
            "Origin": str(call.client.base_url).rstrip("/"),
            "X-UMT-CSRF": "1",
            "Cookie": f"umt_refresh={token}",
        }
        return call.client.post(f"{API}/auth/session/{action}", json={}, headers=headers)

    return request


def _mailchimp_validation(call: Call) -> httpx.Response:  # Mailchimp's GET on subscribing
    return call.client.get(f"{API}/webhooks/mailchimp", params={"secret": MAILCHIMP_SECRET})


def _mailchimp_event(call: Call) -> httpx.Response:
    return call.client.post(
        f"{API}/webhooks/mailchimp",
        params={"secret": MAILCHIMP_SECRET},
        data={"type": "subscribe", "fired_at": "2026-11-25 12:00:00", "data[id]": unique_email()},
    )


_SANDBOX_VERIFIER = "v" * 64
_SANDBOX_CONSENT = {
    "client_id": "umt",
    "redirect_uri": "http://127.0.0.1:8000/api/v1/integrations/sandbox/callback",
    "state": "matrix",
    "code_challenge": base64.urlsafe_b64encode(hashlib.sha256(_SANDBOX_VERIFIER.encode()).digest())
    .rstrip(b"=")
    .decode(),
    "code_challenge_method": "S256",
    "scope": "profile",
}


def _sandbox_consent_page(call: Call) -> httpx.Response:
    params = {"response_type": "code", **_SANDBOX_CONSENT}
    return call.client.get("/sandbox/oauth/authorize", params=params)


def _sandbox_decision(call: Call) -> httpx.Response:
    form = {**_SANDBOX_CONSENT, "decision": "deny"}
    return call.client.post("/sandbox/oauth/authorize", data=form, follow_redirects=False)


def _sandbox_callback(call: Call) -> httpx.Response:
    """The whole browser round trip: authorize, approve on the sandbox's consent page, then
    the provider's redirect back to the (public) callback, with the binding cookie."""
    started = call.client.post(
        f"{API}/integrations/sandbox/authorize", json={}, headers=call.owner.headers
    )
    assert started.status_code == 200, started.text
    query = parse_qs(urlsplit(started.json()["authorization_url"]).query)
    form = {k: v[0] for k, v in query.items() if k != "response_type"}
    form |= {"decision": "approve", "account_id": "new", "new_account_name": "Matrix"}
    decided = call.client.post("/sandbox/oauth/authorize", data=form, follow_redirects=False)
    assert decided.status_code == 303, decided.text
    back = urlsplit(decided.headers["location"])
    return call.client.get(f"{back.path}?{back.query}")


def _throwaway_member(call: Call) -> dict[str, str]:
    """A viewer of the call's organization to change or remove (never the caller itself)."""
    return {"user_id": add_member(call.client, call.owner, Role.VIEWER).user_id}


def _heir(call: Call) -> dict[str, str]:
    """A member to hand the organization to, and the caller's password, which granting the
    owner role asks again (every account of these tests has ``PASSWORD``)."""
    return {**_throwaway_member(call), "password": PASSWORD}


def _webhook_ids(call: Call) -> dict[str, str]:
    return webhook_ids(call.client, call.owner)


def _draft_experiment(call: Call) -> dict[str, str]:
    return {"experiment_id": create_experiment(call.client, call.owner, call.world.brand_id)["id"]}


def _publication_body(call: Call) -> dict[str, Any]:
    piece = approved_piece(call.client, call.owner, call.world.brand_id)
    return {
        "content_id": piece["id"],
        "channel_account_ids": [channel_account(call.client, call.owner, call.world.brand_id)],
        "local_time": LATER,
    }


def _schedule_body(call: Call) -> dict[str, Any]:
    return {**_publication_body(call), "frequency": "daily", "local_time": "09:00"}


def _schedule(call: Call) -> dict[str, str]:
    return {"schedule_id": created_schedule(call.client, call.owner, call.world.brand_id)["id"]}


def _scheduled_publication(call: Call) -> dict[str, str]:
    created = scheduled_publication(call.client, call.owner, call.world.brand_id)
    return {"publication_id": created["id"]}


def _failed_publication(call: Call) -> dict[str, str]:
    return {
        "publication_id": failed_publication(call.client, call.owner, call.world.brand_id)["id"]
    }


def _running_experiment(call: Call) -> dict[str, str]:
    created = create_experiment(call.client, call.owner, call.world.brand_id, start=True)
    return {"experiment_id": created["id"]}


# -- the one place to teach this module about a route (keyed by RouteCall.id) ---------------
PREPARATIONS: dict[str, Preparation] = {
    "PATCH /api/v1/members/{user_id}": Preparation(ids=_throwaway_member),
    "DELETE /api/v1/members/{user_id}": Preparation(ids=_throwaway_member),
    # an owner hands the organization to a new member and becomes an admin: a fresh owner
    # does it, so the organization's usual owner stays what the other calls expect
    "POST /api/v1/organization/ownership": Preparation(body=_heir, fresh_caller=True),
    "POST /api/v1/projects/{project_id}/archive": Preparation(setup=_completed),
    "DELETE /api/v1/brands/{brand_id}": Preparation(setup=_without_projects),
    "GET /api/v1/content/{content_id}/versions/{number}": Preparation(
        ids=lambda call: {"number": "1"}
    ),
    "POST /api/v1/content/{content_id}/approve": Preparation(setup=_in_review),
    "POST /api/v1/content/{content_id}/request-changes": Preparation(setup=_in_review),
    "POST /api/v1/content/{content_id}/schedule": Preparation(setup=_approved),
    "POST /api/v1/content/{content_id}/publish": Preparation(setup=_approved),
    "POST /api/v1/content/{content_id}/comments/{comment_id}/reopen": Preparation(
        setup=_resolved_thread
    ),
    "POST /api/v1/me/sessions/revoke-all": Preparation(fresh_caller=True),
    "POST /api/v1/auth/token": Preparation(
        body=lambda call: {"email": call.caller.email, "password": PASSWORD}
    ),
    "POST /api/v1/auth/refresh": Preparation(body=_fresh_refresh_token),
    "POST /api/v1/auth/session": Preparation(
        body=lambda call: {"email": call.caller.email, "password": PASSWORD}
    ),
    "POST /api/v1/auth/session/refresh": Preparation(request=_with_session_cookie("refresh")),
    "POST /api/v1/auth/session/logout": Preparation(request=_with_session_cookie("logout")),
    "POST /api/v1/auth/session/invitation": Preparation(
        request=_accept_an_invitation_in_the_browser
    ),
    "POST /api/v1/auth/logout": Preparation(body=_fresh_refresh_token),
    "GET /schema/{path}": Preparation(ids=lambda call: {"path": "swagger"}),
    "POST /api/v1/invitations/accept": Preparation(request=_accept_an_invitation),
    "GET /api/v1/webhooks/{platform}": Preparation(request=_mailchimp_validation),
    "POST /api/v1/webhooks/{platform}": Preparation(request=_mailchimp_event),
    "GET /sandbox/oauth/authorize": Preparation(request=_sandbox_consent_page),
    "POST /sandbox/oauth/authorize": Preparation(request=_sandbox_decision, redirects=True),
    "GET /api/v1/integrations/{platform}/callback": Preparation(request=_sandbox_callback),
}
# experiments: a fresh experiment of the call's organization, in the state the
# route needs (a draft to edit or start, else a running one)
_EXPERIMENT = f"{API}/experiments/{{experiment_id}}"
PREPARATIONS |= {
    f"GET {_EXPERIMENT}": Preparation(ids=_draft_experiment),
    f"PATCH {_EXPERIMENT}": Preparation(ids=_draft_experiment),
    f"POST {_EXPERIMENT}/start": Preparation(ids=_draft_experiment),
    f"POST {_EXPERIMENT}/stop": Preparation(ids=_running_experiment),
    f"POST {_EXPERIMENT}/conclude": Preparation(ids=_running_experiment),
    f"POST {_EXPERIMENT}/events": Preparation(ids=_running_experiment),
    f"GET {_EXPERIMENT}/analysis": Preparation(ids=_running_experiment),
    f"POST {_EXPERIMENT}/analyze": Preparation(ids=_running_experiment),
    f"GET {_EXPERIMENT}/assignment": Preparation(
        ids=_running_experiment, params={"unit": "visitor-1"}
    ),
}


def _recommendation(call: Call) -> dict[str, str]:
    """A fresh open recommendation of the call's brand (a dismissal ends one)."""
    container = call.client.app.state.container
    now = container.clock().now()
    org, brand = uuid.UUID(call.owner.organization_id), uuid.UUID(call.world.brand_id)
    made = a_recommendation(org, brand, now=now)
    call.client.blocking_portal.call(store_recommendation, container.unit_of_work_factory(), made)
    return {"recommendation_id": str(made.id)}


def _proposal(call: Call) -> dict[str, str]:
    """A fresh calendar proposal of the call's brand and project, not accepted yet."""
    container = call.client.app.state.container
    org, brand = uuid.UUID(call.owner.organization_id), uuid.UUID(call.world.brand_id)
    made = a_proposal(org, brand, uuid.UUID(call.world.project_id), now=container.clock().now())
    call.client.blocking_portal.call(store_proposal, container.unit_of_work_factory(), made)
    return {"proposal_id": str(made.id)}


_RECOMMENDATION = f"{API}/brands/{{brand_id}}/strategy/recommendations/{{recommendation_id}}"
_PROPOSAL = f"{API}/brands/{{brand_id}}/strategy/calendar-proposals/{{proposal_id}}"
PREPARATIONS |= {
    f"GET {_RECOMMENDATION}": Preparation(ids=_recommendation),
    f"POST {_RECOMMENDATION}/dismiss": Preparation(ids=_recommendation),
    f"POST {_RECOMMENDATION}/accept": Preparation(ids=_recommendation),
    f"GET {_PROPOSAL}": Preparation(ids=_proposal),
    f"POST {_PROPOSAL}/accept": Preparation(ids=_proposal),
    f"POST {_PROPOSAL}/reject": Preparation(ids=_proposal),
}


def _sandbox_integration(call: Call) -> dict[str, str]:
    return {"integration_id": connect_sandbox(call.client, call.owner)["id"]}


def _channel_account(call: Call) -> dict[str, str]:
    found = sandbox_channel_accounts(call.client, call.owner, call.world.brand_id)
    return {"account_id": found["items"][0]["id"]}


# channel accounts: a sandbox integration of the call's organization, and an account of it
_ACCOUNT = f"{API}/channel-accounts/{{account_id}}"
PREPARATIONS |= {
    f"POST {API}/brands/{{brand_id}}/channel-accounts/discover": Preparation(
        body=_sandbox_integration
    ),
    f"GET {_ACCOUNT}": Preparation(ids=_channel_account),
    f"PATCH {_ACCOUNT}": Preparation(ids=_channel_account),
    f"DELETE {_ACCOUNT}": Preparation(ids=_channel_account),
}


def _fresh_enrichment(call: Call) -> dict[str, str]:
    """An enrichment of the call's brand with every field undecided (each call decides)."""
    found = stored_enrichment(call.client, call.owner.organization_id, call.world.brand_id)
    return {"enrichment_id": found}


_ENRICHMENT = f"{API}/brands/{{brand_id}}/enrichments/{{enrichment_id}}"
PREPARATIONS |= {
    f"POST {_ENRICHMENT}/accept": Preparation(ids=_fresh_enrichment),
    f"POST {_ENRICHMENT}/reject": Preparation(ids=_fresh_enrichment),
}


def _unknown_publication(call: Call) -> dict[str, str]:
    return {"publication_id": unknown_publication(call.client, call.owner, call.world.brand_id)}


def _published_publication(call: Call) -> dict[str, str]:
    found = published_publication(call.client, call.owner, call.world.brand_id)
    return {"publication_id": found}


# the publish engine's routes: a publication of the call's organization with an unknown outcome
PREPARATIONS |= {
    f"POST {API}/publications/{{publication_id}}/reconcile": Preparation(ids=_unknown_publication),
    f"POST {API}/publications/{{publication_id}}/take-down": Preparation(
        ids=_published_publication
    ),
}
# publications: a fresh one of the call's organization (scheduled, or failed for a retry);
# scheduling needs an approved piece and a channel account of the brand
_PUBLICATION = f"{API}/publications/{{publication_id}}"
PREPARATIONS |= {
    f"POST {API}/publications": Preparation(body=_publication_body),
    f"GET {_PUBLICATION}": Preparation(ids=_scheduled_publication),
    f"PATCH {_PUBLICATION}": Preparation(ids=_scheduled_publication),
    f"DELETE {_PUBLICATION}": Preparation(ids=_scheduled_publication),
    f"POST {_PUBLICATION}/retry": Preparation(ids=_failed_publication),
}
_SCHEDULE = f"{API}/schedules/{{schedule_id}}"
PREPARATIONS |= {
    f"POST {API}/schedules": Preparation(body=_schedule_body),
    f"GET {_SCHEDULE}": Preparation(ids=_schedule),
    f"PATCH {_SCHEDULE}": Preparation(ids=_schedule),
    f"DELETE {_SCHEDULE}": Preparation(ids=_schedule),
}
# integration routes (their matrix is test_integrations.py): ids for the token checks here
PREPARATIONS |= {
    call.id: Preparation(
        ids=lambda call: {"integration_id": str(uuid.uuid4()), "platform": "sandbox"}
    )
    for call in CALLS
    if call.path.startswith(INTEGRATION_PREFIXES) and call.id not in PREPARATIONS
}
# advertising routes (their matrix is advertising/test_advertising_http.py): ids for the
# token checks here
PREPARATIONS |= {
    call.id: Preparation(
        ids=lambda call: {k: str(uuid.uuid4()) for k in ("campaign_id", "ad_set_id", "rule_id")}
    )
    for call in CALLS
    if call.path.startswith((f"{API}/campaigns", f"{API}/ad-rules"))
}
# metrics: a subject's samples need a query; an account's sync state, an account
PREPARATIONS |= {
    f"GET {API}/metrics/samples": Preparation(
        params={"subject_kind": "publication", "subject_id": str(uuid.uuid4())}
    ),
    f"GET {_ACCOUNT}/sync": Preparation(ids=_channel_account),
}


# evergreen recycling: the rule of the call's brand, made once when the call needs one
def _evergreen_rule(call: Call) -> None:
    rule = f"{API}/brands/{call.world.brand_id}/evergreen-rule"
    if call.client.get(rule, headers=call.owner.headers).status_code == 404:
        made = call.client.post(rule, json={}, headers=call.owner.headers)
        assert made.status_code == 201, made.text


_EVERGREEN = f"{API}/brands/{{brand_id}}/evergreen-rule"
PREPARATIONS |= {
    f"{method} {path}": Preparation(setup=_evergreen_rule)
    for method, path in (
        ("GET", _EVERGREEN),
        ("PATCH", _EVERGREEN),
        ("DELETE", _EVERGREEN),
        ("POST", f"{_EVERGREEN}/run"),
    )
}


# scheduled reports: a schedule of the World's brand, and a delivered run of one
def _report_schedule(call: Call) -> dict[str, str]:
    made = created_report_schedule(call.client, call.owner, call.world.brand_id)
    return {"schedule_id": made["id"]}


PREPARATIONS |= {
    f"GET {API}/report-schedules/{{schedule_id}}": Preparation(ids=_report_schedule),
    f"PATCH {API}/report-schedules/{{schedule_id}}": Preparation(ids=_report_schedule),
    f"DELETE {API}/report-schedules/{{schedule_id}}": Preparation(ids=_report_schedule),
    f"GET {API}/report-deliveries/{{report_delivery_id}}": Preparation(
        ids=lambda call: {
            "report_delivery_id": delivered_report(call.client, call.owner, call.world.brand_id)
        }
    ),
}


# analytics: a CSV upload's body is a file
PREPARATIONS[f"POST {API}/brands/{{brand_id}}/analytics/samples/csv"] = Preparation(
    body=lambda call: sample_csv()
)


def _usd_cap(call: Call) -> None:  # removing a cap names its currency, and it must exist
    body = {"currency": "USD", "daily": "500.00"}
    response = call.client.put(f"{API}/budget-caps", json=body, headers=call.owner.headers)
    assert response.status_code == 200, response.text


PREPARATIONS[f"DELETE {API}/budget-caps"] = Preparation(setup=_usd_cap, params={"currency": "USD"})
# the subscription and delivery routes: ids of a fresh subscription with one delivery
PREPARATIONS |= {
    call.id: Preparation(ids=_webhook_ids)
    for call in CALLS
    if {"subscription_id", "delivery_id"} & set(call.params)
}


def rule_of(call: RouteCall) -> str:
    (kind,) = [key for key in RULE_KEYS if key in call.rule]
    return kind


def _prepared(call: RouteCall) -> Preparation:
    return PREPARATIONS.get(call.id, Preparation())


def _ids(route: RouteCall, call: Call) -> dict[str, str]:
    prep = _prepared(route)
    ids = {**call.ids, **(prep.ids(call) if prep.ids else {})}
    missing = set(route.params) - set(ids)
    assert not missing, f"{route.id}: give {missing} in PREPARATIONS[{route.id!r}].ids"
    return ids


def _body(route: RouteCall, call: Call) -> Any:
    prep = _prepared(route)
    if prep.body is not None:
        return prep.body(call)
    return sample_body(route.body_type, call.ids) if route.body_type else None


def needed(route: RouteCall, body: Any) -> set[Permission]:
    """The permissions a call needs: the route's, and for a route that runs a task named in
    its body, the task's too."""
    if rule_of(route) != "permission":
        return set()
    permissions = {Permission(route.rule["permission"])}
    if route.rule.get("task_permission"):
        agent = agent_for_task(body["task_type"])
        assert agent is not None, body
        task = agent.tasks[body["task_type"]].permission
        permissions |= {task} if task else set()
    return permissions


def _send(route: RouteCall, call: Call, headers: dict[str, str]) -> tuple[Any, Any]:
    prep = _prepared(route)
    if prep.setup is not None:
        prep.setup(call)
    body = _body(route, call)
    response = send(call.client, route, _ids(route, call), headers, body, prep.params)
    return response, body


PUBLIC = [c for c in CALLS if c.rule.get("public")]
PROTECTED = [c for c in CALLS if not c.rule.get("public")]
# advertising routes need a launched campaign on the sandbox: their role matrix, derived from
# the same rules, is tests/unit/entrypoints/http/advertising/test_advertising_http.py
ADVERTISING_PREFIXES = (f"{API}/campaigns", f"{API}/ad-rules")
MATRIX = [
    c for c in PROTECTED if not c.path.startswith(INTEGRATION_PREFIXES + ADVERTISING_PREFIXES)
]
BY_ROLE = [pytest.param(c, role, id=f"{c.id} as {role.value}") for c in MATRIX for role in Role]


# -- fixtures: two organizations, so denied calls snapshot a small one -----------------------


def _members(client: Client, owner: Account) -> dict[Role, Account]:
    made: dict[Role, Account] = {Role.OWNER: owner}
    for role in Role:
        if role is not Role.OWNER:
            made[role] = add_member(client, owner, role)
    return made


@pytest.fixture(scope="module")
def members(shared_client: Client, shared_owner: Account) -> dict[Role, Account]:
    """A member of every role in A, whose world only denied calls and reads touch."""
    return _members(shared_client, shared_owner)


@pytest.fixture(scope="module")
def workers(shared_client: Client) -> dict[Role, Account]:
    """A member of every role in another organization, where allowed writes pile up."""
    return _members(shared_client, register(shared_client, organization_name="Workshop"))


# -- the rules themselves --------------------------------------------------------------------


def test_every_route_declares_exactly_one_rule(shared_client: Client) -> None:
    running = route_calls(shared_client.app)
    assert running == CALLS
    assert len(CALLS) >= 40
    for call in running:
        kinds = [key for key in RULE_KEYS if key in call.rule]
        assert len(kinds) == 1, f"{call.id}: declare exactly one of {RULE_KEYS} in opt"
        if kinds == ["permission"]:
            assert call.rule["permission"] in set(Permission), call.id
        else:
            assert call.rule[kinds[0]] is True, call.id
    # the routes the rest of this module leans on are where they were
    rules = {c.id: c.rule for c in CALLS}
    assert rules["POST /api/v1/auth/token"] == {"public": True}
    assert rules["GET /api/v1/me"] == {"self_service": True}
    assert rules["DELETE /api/v1/brands/{brand_id}"] == {"permission": "brand:delete"}


@pytest.mark.parametrize(("route", "role"), BY_ROLE)
def test_the_role_matrix(
    shared_client: Client,
    shared_world: World,
    members: dict[Role, Account],
    workers: dict[Role, Account],
    route: RouteCall,
    role: Role,
) -> None:
    prep = _prepared(route)
    a_owner = members[Role.OWNER]
    in_a = Call(shared_client, a_owner, members[role], shared_world)
    body = _body(route, in_a)
    if not needed(route, body) <= ROLE_PERMISSIONS[role]:
        # denied: tried on A, whose state must not move
        ids = _ids(route, in_a)
        before = snapshot(shared_client, a_owner)
        response = send(shared_client, route, ids, in_a.caller.headers, body, prep.params)
        assert_problem(response, 403, "permission_denied")
        assert snapshot(shared_client, a_owner) == before
        return
    if route.method == "GET":  # reads change nothing: A's world serves them all
        call = in_a
    else:  # an allowed write gets a fresh world in the workshop
        owner = workers[Role.OWNER]
        caller = add_member(shared_client, owner, role) if prep.fresh_caller else workers[role]
        call = Call(shared_client, owner, caller, scratch_world(shared_client, owner))
    response, _ = _send(route, call, call.caller.headers)
    assert 200 <= response.status_code < 300, response.text


def _example_body(route: RouteCall) -> Any:
    return {"task_type": "brand.create"} if route.rule.get("task_permission") else None


def test_the_matrix_holds_both_outcomes() -> None:
    """The control: every permission route needs something, the owner may do everything, and
    the roles below brand manager are refused something: neither all-allow nor all-deny."""
    by_permission = [c for c in PROTECTED if rule_of(c) == "permission"]
    assert all(needed(c, _example_body(c)) for c in by_permission)
    for role in Role:
        refused = [
            c for c in by_permission if not needed(c, _example_body(c)) <= ROLE_PERMISSIONS[role]
        ]
        if role is Role.OWNER:
            assert refused == []
        if role in {Role.CONTENT_CREATOR, Role.ANALYST, Role.VIEWER}:
            assert len(refused) >= 10, role


@pytest.mark.parametrize("route", PROTECTED, ids=lambda c: c.id)
def test_protected_routes_need_a_token(
    shared_client: Client, shared_world: World, shared_owner: Account, route: RouteCall
) -> None:
    call = Call(shared_client, shared_owner, shared_owner, shared_world)
    body = _body(route, call)
    response = send(shared_client, route, _ids(route, call), {}, body, _prepared(route).params)
    assert_problem(response, 401, "authentication_failed")


@pytest.mark.parametrize("route", PUBLIC, ids=lambda c: c.id)
def test_public_routes_answer_without_a_token(
    shared_client: Client, shared_world: World, route: RouteCall
) -> None:
    # the caller of a public route is whoever it names in its body, not a token
    caller = add_member(shared_client, shared_world.account, Role.VIEWER)
    call = Call(shared_client, shared_world.account, caller, shared_world)
    prep = _prepared(route)
    if prep.request is not None:
        response = prep.request(call)
    else:
        response, _ = _send(route, call, {})
    if prep.redirects:
        assert response.status_code == 303, response.text
    else:
        assert 200 <= response.status_code < 300, response.text


# -- details the matrix cannot see -----------------------------------------------------------


def test_me_lists_each_roles_permissions(
    shared_client: Client, members: dict[Role, Account]
) -> None:
    expected = {
        Role.VIEWER: [
            "ads:read",
            "analytics:read",
            "brand:read",
            "channels:read",
            "content:read",
            "experiments:read",
            "members:read",
            "metrics:read",
            "organization:read",
            "project:read",
            "publishing:read",
            "research:read",
            "strategy:read",
        ],
        Role.CONTENT_CREATOR: [
            "ads:read",
            "analytics:read",
            "brand:read",
            "channels:read",
            "content:generate",
            "content:read",
            "content:write",
            "experiments:read",
            "members:read",
            "metrics:read",
            "organization:read",
            "project:read",
            "project:update",
            "publishing:read",
            "research:read",
            "strategy:read",
        ],
    }
    for role, permissions in expected.items():
        me = shared_client.get(f"{API}/me", headers=members[role].headers).json()
        assert me["membership"]["role"] == role.value
        assert me["membership"]["permissions"] == permissions
    admin = shared_client.get(f"{API}/me", headers=members[Role.ADMIN].headers).json()
    assert "organization:manage" not in admin["membership"]["permissions"]
    assert "brand:delete" in admin["membership"]["permissions"]


def test_content_creator_cannot_archive_a_completed_project(
    shared_client: Client, members: dict[Role, Account]
) -> None:
    """Archiving needs project:archive, which a content creator lacks even via /status (whose
    rule is project:update for every other status)."""
    owner, creator = members[Role.OWNER], members[Role.CONTENT_CREATOR]
    world = scratch_world(shared_client, owner)
    set_project_status(shared_client, creator, world.project_id, "active", "completed")
    url = f"{API}/projects/{world.project_id}"
    for response in (
        shared_client.post(f"{url}/archive", headers=creator.headers),
        shared_client.post(f"{url}/status", json={"status": "archived"}, headers=creator.headers),
    ):
        assert_problem(response, 403, "permission_denied")
    assert shared_client.get(url, headers=owner.headers).json()["status"] == "completed"


def test_a_task_needs_its_own_permission_besides_the_jobs_route(
    shared_client: Client, members: dict[Role, Account]
) -> None:
    """A viewer may hand over a read task but not a write task."""
    viewer = members[Role.VIEWER]
    read = shared_client.post(
        f"{API}/jobs", json={"task_type": "brand.list", "input": {}}, headers=viewer.headers
    )
    assert read.status_code == 202, read.text
    write = shared_client.post(
        f"{API}/jobs",
        json={"task_type": "brand.create", "input": {"name": "Nope"}},
        headers=viewer.headers,
    )
    assert_problem(write, 403, "permission_denied")
