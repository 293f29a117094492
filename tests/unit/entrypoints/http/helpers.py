"""Helpers shared by the HTTP tests: accounts, problem assertions, snapshots and the route table."""

from __future__ import annotations

import base64
import itertools
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import UUID, uuid4

import httpx
from dependency_injector import providers
from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import TestClient
from tests.support.services import FAST_PASSWORD_HASHER
from tests.unit.entrypoints.http.enrichment_support import stored_enrichment
from tests.unit.entrypoints.http.insight_helpers import alert_rule_body, insight_world_ids

from umt.application.identity.create_user import CreateUser
from umt.domain.identity.permissions import Role
from umt.entrypoints.container import Container, build_container
from umt.entrypoints.http.app import create_app
from umt.entrypoints.http.rules import QUALIFIER_KEYS, RULE_KEYS
from umt.entrypoints.http.schemas.ad_rules import AdRuleCreate, AdRulePatch, EvaluateIn
from umt.entrypoints.http.schemas.advertising import (
    AdIn,
    AdSetIn,
    BudgetChange,
    CampaignCreate,
    CampaignPatch,
)
from umt.entrypoints.http.schemas.analytics import SampleBatch
from umt.entrypoints.http.schemas.attribution import (
    EXAMPLE_EVENTS,
    EXAMPLE_PATHS,
    ConversionPathsIn,
    TaggedEventsIn,
)
from umt.entrypoints.http.schemas.audiences import (
    AudienceCreate,
    AudiencePatch,
    CompetitorCreate,
    CompetitorPatch,
)
from umt.entrypoints.http.schemas.brands import BrandCreate, BrandPatch
from umt.entrypoints.http.schemas.budget_caps import BudgetCapIn
from umt.entrypoints.http.schemas.channels import ChannelAccountPatch, DiscoverIn
from umt.entrypoints.http.schemas.content import (
    ChangesRequest,
    CommentCreate,
    ContentCreate,
    ContentPatch,
    ReplyCreate,
    ScheduleRequest,
)
from umt.entrypoints.http.schemas.enrichment import EnrichmentCreate, FieldsChosen
from umt.entrypoints.http.schemas.evergreen import EvergreenRuleIn
from umt.entrypoints.http.schemas.experiments import (
    ConcludeRequest,
    EventBatch,
    ExperimentCreate,
    ExperimentPatch,
    StopRequest,
)
from umt.entrypoints.http.schemas.generation import BudgetIn, ComplianceCheckIn, GenerationCreate
from umt.entrypoints.http.schemas.identity import RegisterIn
from umt.entrypoints.http.schemas.insights import AlertRuleCreate, AlertRulePatch, DetectIn
from umt.entrypoints.http.schemas.integrations import AuthorizeIn, ConnectIn
from umt.entrypoints.http.schemas.jobs import JobCreate
from umt.entrypoints.http.schemas.members import (
    InvitationAccept,
    InvitationCreate,
    MemberPatch,
    OwnershipTransfer,
)
from umt.entrypoints.http.schemas.metrics import SyncRequest
from umt.entrypoints.http.schemas.projects import (
    Assignment,
    ProjectCreate,
    ProjectPatch,
    StatusChange,
)
from umt.entrypoints.http.schemas.publishing import (
    PublicationCreate,
    PublicationImport,
    PublicationReschedule,
    ScheduleCreate,
    SchedulePatch,
)
from umt.entrypoints.http.schemas.report_schedules import (
    ReportScheduleCreate,
    ReportSchedulePatch,
)
from umt.entrypoints.http.schemas.research import CrawlCreate
from umt.entrypoints.http.schemas.security import ApiKeyCreate
from umt.entrypoints.http.schemas.strategy import DismissIn, ProposalCreate, RejectIn
from umt.entrypoints.http.schemas.templates import RenderRequest, TemplateCreate, TemplatePatch
from umt.entrypoints.http.schemas.webhooks import SubscriptionCreate, SubscriptionPatch
from umt.entrypoints.settings import Settings

PASSWORD = "correct horse battery staple"
PROBLEM_JSON = "application/problem+json"
API = "/api/v1"

_emails = itertools.count(1)


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}{next(_emails)}@example.com"


MAILCHIMP_SECRET = "matrix-mailchimp-url-secret"


def build_app(data_dir: Path, **overrides: Any) -> Litestar:
    """The app on the in-memory store. Everything the tests rely on is set here explicitly, so
    neither UMT_* variables nor a .env file of the machine running them can change it."""
    settings = app_settings(data_dir, **overrides)
    return create_app(settings, container=fast_hashing_container(settings))


def fast_hashing_container(settings: Settings) -> Container:
    """The app's container, hashing passwords at Argon2's minimum cost (FAST_PASSWORD_HASHER):
    the HTTP tests register and sign in thousands of accounts."""
    container = build_container(settings)
    container.security.password_hasher.override(providers.Object(FAST_PASSWORD_HASHER))
    return container


def app_settings(data_dir: Path, **overrides: Any) -> Settings:
    """The settings ``build_app`` uses (for a test that builds the container itself)."""
    settings: dict[str, Any] = {
        "database_url": "memory://",
        "data_dir": data_dir,
        "environment": "development",
        "jwt_secret": None,  # development mode: a secret generated under data_dir
        "jwt_algorithm": "HS256",
        "jwt_issuer": "umt",
        "jwt_audience": "umt-api",
        "access_token_minutes": 15,
        "refresh_token_days": 30,
        "max_request_bytes": 1_048_576,
        "broker_url": "",  # the in-process broker, with the agents running inside the app
        "run_agents": "auto",
        "redis_url": "",
        "rate_limits": False,  # suites that register hundreds of users from one address
        # suites that fail sign-ins for one email on purpose, many times (lockout is tested in
        # test_sign_in_lockout.py with its own settings)
        "sign_in_lockout_threshold": 0,
        "run_webhook_sender": False,  # no outbound HTTP unless a test asks for it
        # the insights the tests expect are raised by their own detection, never the loop's
        "insights_detection_seconds": 86_400,
        # one configured inbound webhook, so the public webhook routes can answer 2xx
        "webhook_mailchimp_secret": MAILCHIMP_SECRET,
        "web_dir": "",  # the API alone, whether or not web/dist was built (test_web_app.py)
        **overrides,
    }
    return Settings(_env_file=None, **settings)


@contextmanager
def running_client(data_dir: Path) -> Iterator[TestClient[Litestar]]:
    """A TestClient on a fresh app with a throwaway in-memory store; runs the lifespan."""
    with TestClient(app=build_app(data_dir)) as client:
        yield client


@dataclass(frozen=True, slots=True)
class Account:
    email: str
    password: str
    user_id: str
    organization_id: str
    role: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def login(client: TestClient[Litestar], email: str, password: str = PASSWORD) -> dict[str, Any]:
    response = client.post(f"{API}/auth/token", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def token_claims(access_token: str) -> dict[str, Any]:
    """The claims of an access token, unverified (the server checked it when it issued it)."""
    payload = access_token.split(".")[1]
    claims: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return claims


def register(
    client: TestClient[Litestar],
    *,
    organization_name: str = "Acme",
    email: str | None = None,
    password: str = PASSWORD,
) -> Account:
    """Register a user who founds a new organization, then log in as them."""
    email = email or unique_email("owner")
    response = client.post(
        f"{API}/auth/register",
        json={"email": email, "password": password, "organization_name": organization_name},
    )
    assert response.status_code == 202, response.text
    tokens = login(client, email, password)
    claims = token_claims(tokens["access_token"])  # not GET /me: that would spend a rate unit
    return Account(
        email=email,
        password=password,
        user_id=claims["sub"],
        organization_id=tokens["organization_id"],
        role=claims["role"],
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
    )


def add_member(
    client: TestClient[Litestar], owner: Account, role: Role, email: str | None = None
) -> Account:
    """Create a user with ``role`` in the owner's organization (through the bus), and log in."""
    email = email or unique_email(role.value)
    command = CreateUser(
        email=email, password=PASSWORD, role=role, organization_id=UUID(owner.organization_id)
    )
    membership = client.blocking_portal.call(client.app.state.bus.execute, command)
    tokens = login(client, email)
    return Account(
        email=email,
        password=PASSWORD,
        user_id=str(membership.user_id),
        organization_id=owner.organization_id,
        role=role.value,
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
    )


def assert_problem(
    response: httpx.Response,
    status: int,
    code: str | None = None,
    field: str | None = None,
) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status (and code, and field error)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("/problems/")
    assert body["title"]
    if "request_id" in body:  # the body and the header name the same request
        assert body["request_id"] == response.headers.get("x-request-id"), body
    if code is not None:
        assert body["code"] == code, body
    if field is not None:
        fields = [error["field"] for error in body.get("errors", [])]
        assert field in fields, body
    return body


def etag_version(response: httpx.Response) -> int:
    tag = response.headers["etag"]
    assert re.fullmatch(r'"\d+"', tag), tag
    return int(tag.strip('"'))


# -- creating resources -----------------------------------------------------------------------


def create_brand(client: TestClient[Litestar], account: Account, **body: Any) -> dict[str, Any]:
    body.setdefault("name", f"Brand {next(_emails)}")
    response = client.post(f"{API}/brands", json=body, headers=account.headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def connect_sandbox(
    client: TestClient[Litestar], account: Account, name: str = "Matrix"
) -> dict[str, Any]:
    """A sandbox integration of the account's organization, connected through the whole
    browser round trip (authorize, approve a new sandbox account, the callback)."""
    started = client.post(f"{API}/integrations/sandbox/authorize", json={}, headers=account.headers)
    assert started.status_code == 200, started.text
    query = parse_qs(urlsplit(started.json()["authorization_url"]).query)
    form = {k: v[0] for k, v in query.items() if k != "response_type"}
    form |= {"decision": "approve", "account_id": "new", "new_account_name": name}
    decided = client.post("/sandbox/oauth/authorize", data=form, follow_redirects=False)
    assert decided.status_code == 303, decided.text
    back = urlsplit(decided.headers["location"])
    done = client.get(f"{back.path}?{back.query}")
    assert done.status_code == 200, done.text
    connected: dict[str, Any] = done.json()
    return connected


def sandbox_channel_accounts(
    client: TestClient[Litestar], account: Account, brand_id: str, **body: Any
) -> dict[str, Any]:
    """The sandbox's accounts (one to publish to, one ad account) discovered for the brand."""
    integration = connect_sandbox(client, account)
    response = client.post(
        f"{API}/brands/{brand_id}/channel-accounts/discover",
        json={"integration_id": integration["id"], **body},
        headers=account.headers,
    )
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def create_audience(
    client: TestClient[Litestar], account: Account, brand_id: str, **body: Any
) -> dict[str, Any]:
    body.setdefault("persona_name", f"Persona {next(_emails)}")
    response = client.post(f"{API}/brands/{brand_id}/audiences", json=body, headers=account.headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def create_competitor(
    client: TestClient[Litestar], account: Account, brand_id: str, **body: Any
) -> dict[str, Any]:
    body.setdefault("name", f"Rival {next(_emails)}")
    response = client.post(
        f"{API}/brands/{brand_id}/competitors", json=body, headers=account.headers
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def create_project(
    client: TestClient[Litestar], account: Account, brand_id: str, **body: Any
) -> dict[str, Any]:
    body.setdefault("name", f"Project {next(_emails)}")
    body.setdefault("project_type", "content_series")
    response = client.post(f"{API}/brands/{brand_id}/projects", json=body, headers=account.headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def experiment_body(brand_id: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "brand_id": brand_id,
        "name": f"Experiment {next(_emails)}",
        "primary_metric": {"name": "signups", "kind": "conversion"},
        "arms": [
            {"name": "control", "content_id": str(uuid4()), "content_version": 1},
            {"name": "variant", "content_id": str(uuid4()), "content_version": 2},
        ],
        "mde": {"value": 0.2, "baseline": 0.1},
    }
    body.update(overrides)
    return body


def experiment_arms(
    client: TestClient[Litestar], account: Account, brand_id: str
) -> list[dict[str, Any]]:
    """Arms on real content of the brand (an experiment's arms must exist): the control shows
    version 1 of a piece, the variant version 2 of another."""
    ids = []
    for title in ("Control", "Variant"):
        piece = client.post(
            f"{API}/brands/{brand_id}/content",
            json={"content_type": "email", "channel": "email", "title": title, "body": "Hello."},
            headers=account.headers,
        )
        assert piece.status_code == 201, piece.text
        ids.append(piece.json()["id"])
    revised = client.patch(
        f"{API}/content/{ids[1]}",
        json={"body": "Hello again."},
        headers={**account.headers, "If-Match": '"1"'},
    )
    assert revised.status_code == 200, revised.text
    return [
        {"name": "control", "content_id": ids[0], "content_version": 1},
        {"name": "variant", "content_id": ids[1], "content_version": 2},
    ]


def create_experiment(
    client: TestClient[Litestar], account: Account, brand_id: str, *, start: bool = False
) -> dict[str, Any]:
    """A draft experiment of the brand (``start``: running)."""
    body = experiment_body(brand_id, arms=experiment_arms(client, account, brand_id))
    response = client.post(f"{API}/experiments", json=body, headers=account.headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    if start:
        url = f"{API}/experiments/{created['id']}/start"
        response = client.post(url, headers=account.headers)
        assert response.status_code == 200, response.text
        created = response.json()
    return created


def submit_job(
    client: TestClient[Litestar], account: Account, task_type: str, **command: Any
) -> dict[str, Any]:
    response = client.post(
        f"{API}/jobs", json={"task_type": task_type, "input": command}, headers=account.headers
    )
    assert response.status_code == 202, response.text
    created: dict[str, Any] = response.json()
    return created


def api_key_body(**body: Any) -> dict[str, Any]:
    body.setdefault("name", f"Key {next(_emails)}")
    body.setdefault("scopes", ["brand:read"])
    expires = datetime.now(UTC) + timedelta(days=30)
    body.setdefault("expires_at", expires.isoformat())
    return body


def create_api_key(client: TestClient[Litestar], account: Account, **body: Any) -> dict[str, Any]:
    response = client.post(f"{API}/api-keys", json=api_key_body(**body), headers=account.headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def set_project_status(
    client: TestClient[Litestar], account: Account, project_id: str, *statuses: str
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for status in statuses:
        response = client.post(
            f"{API}/projects/{project_id}/status", json={"status": status}, headers=account.headers
        )
        assert response.status_code == 200, response.text
        body = response.json()
    return body


@dataclass(frozen=True, slots=True)
class World:
    """One organization's resources: a brand with an audience, a competitor and a project."""

    account: Account
    brand_id: str
    audience_id: str
    competitor_id: str
    project_id: str
    job_id: str
    api_key_id: str = ""  # an API key of the organization
    invitation_id: str = ""  # a pending invitation of the organization (members routes)
    content_id: str = ""  # a draft piece of the brand
    comment_id: str = ""  # an open thread on that piece
    template_id: str = ""  # a template of the brand
    enrichment_id: str = ""  # a brand enrichment of the brand, every field undecided
    insight_id: str = ""  # an insight of the brand (an anomaly of its yesterday)
    alert_rule_id: str = ""  # an alert rule of the brand

    def ids(self) -> dict[str, str]:
        return {
            "brand_id": self.brand_id,
            "audience_id": self.audience_id,
            "competitor_id": self.competitor_id,
            "project_id": self.project_id,
            "job_id": self.job_id,
            "api_key_id": self.api_key_id,
            # the members routes: the account itself (its last owner, when it is the owner)
            "user_id": self.account.user_id,
            "invitation_id": self.invitation_id,
            "content_id": self.content_id,
            "comment_id": self.comment_id,
            "template_id": self.template_id,
            "enrichment_id": self.enrichment_id,
            "insight_id": self.insight_id,
            "alert_rule_id": self.alert_rule_id,
        }


def build_world(client: TestClient[Litestar], account: Account) -> World:
    brand = create_brand(client, account, name="World Brand", slug="world", industry="coffee")
    audience = create_audience(client, account, brand["id"], persona_name="Busy CTO")
    competitor = create_competitor(client, account, brand["id"], name="Globex")
    project = create_project(
        client,
        account,
        brand["id"],
        name="Spring launch",
        project_type="product_launch",
        start_date="2026-05-10",
        end_date="2026-06-30",
    )
    return World(
        account=account,
        brand_id=brand["id"],
        audience_id=audience["id"],
        competitor_id=competitor["id"],
        project_id=project["id"],
        job_id=submit_job(client, account, "brand.get", brand_id=brand["id"])["id"],
        api_key_id=create_api_key(client, account)["id"],
        invitation_id=create_invitation(client, account)["id"],
        **content_ids(client, account, brand["id"]),
        enrichment_id=stored_enrichment(client, account.organization_id, brand["id"]),
        **insight_world_ids(client, account.headers, brand["id"]),
    )


def content_ids(client: TestClient[Litestar], account: Account, brand_id: str) -> dict[str, str]:
    """A draft piece of the brand with one open comment thread, and a template of the brand:
    their ids for a World."""
    piece = client.post(
        f"{API}/brands/{brand_id}/content",
        json={
            "content_type": "social_post",
            "channel": "linkedin",
            "title": "Spring roast",
            "body": "Our spring roast is here. Try it this week.",
        },
        headers=account.headers,
    )
    assert piece.status_code == 201, piece.text
    comment = client.post(
        f"{API}/content/{piece.json()['id']}/comments",
        json={"body": "Which roast?"},
        headers=account.headers,
    )
    assert comment.status_code == 201, comment.text
    template = client.post(
        f"{API}/templates",
        json={
            "name": f"Template {next(_emails)}",
            "content_type": "social_post",
            "body": "{{ product }} is here.",
            "variables": [{"name": "product"}],
            "brand_id": brand_id,
        },
        headers=account.headers,
    )
    assert template.status_code == 201, template.text
    return {
        "content_id": piece.json()["id"],
        "comment_id": comment.json()["id"],
        "template_id": template.json()["id"],
    }


def create_invitation(
    client: TestClient[Litestar], account: Account, role: str = "viewer"
) -> dict[str, Any]:
    response = client.post(
        f"{API}/invitations",
        json={"email": unique_email("invited"), "role": role},
        headers=account.headers,
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


# -- snapshots: "nothing was written" --------------------------------------------------------


def _all_items(client: TestClient[Litestar], path: str, headers: dict[str, str]) -> list[Any]:
    items: list[Any] = []
    params: dict[str, Any] = {"limit": 200}
    while True:
        response = client.get(path, params=params, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        items.extend(page["items"])
        if not page["next_cursor"]:
            return items
        params["cursor"] = page["next_cursor"]


def snapshot(client: TestClient[Litestar], account: Account) -> dict[str, Any]:
    """Everything the account's organization can see, as JSON: brands (with their audiences
    and competitors) and projects."""
    headers = account.headers
    brands = _all_items(client, f"{API}/brands", headers)
    state: dict[str, Any] = {
        "brands": brands,
        "projects": _all_items(client, f"{API}/projects", headers),
        # pieces with their version counters: a comment or a status change moves them too
        "content": _all_items(client, f"{API}/content", headers),
        "templates": _all_items(client, f"{API}/templates", headers),
        "members": client.get(f"{API}/members", headers=headers).json(),
        "experiments": _all_items(client, f"{API}/experiments", headers),
        "publications": _all_items(client, f"{API}/publications", headers),
        "schedules": _all_items(client, f"{API}/schedules", headers),
    }
    for brand in brands:
        base = f"{API}/brands/{brand['id']}"
        detail = client.get(base, headers=headers)
        assert detail.status_code == 200, detail.text
        state[base] = detail.json()
        state[f"{base}/audiences"] = _all_items(client, f"{base}/audiences", headers)
        state[f"{base}/competitors"] = _all_items(client, f"{base}/competitors", headers)
        # the brand's insights (a denied acknowledge changes no status) and alert rules
        state[f"{base}/analytics/insights"] = _all_items(
            client, f"{base}/analytics/insights", headers
        )
        state[f"{base}/analytics/alert-rules"] = client.get(
            f"{base}/analytics/alert-rules", headers=headers
        ).json()
    # the generation budget and this month's usage (a denied generation spends nothing)
    state["generation-budget"] = client.get(
        f"{API}/organization/generation-budget", headers=headers
    ).json()
    state["generation-usage"] = client.get(
        f"{API}/organization/generation-usage", headers=headers
    ).json()
    keys = client.get(f"{API}/api-keys", headers=headers)
    if keys.status_code == 200:  # owners and admins only
        state["api-keys"] = keys.json()["items"]
    return state


# -- the app's routes --------------------------------------------------------------------------

# path parameters that are not ids: a fixed value (the first version of a piece)
PATH_DEFAULTS = {"number": "1"}
_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")


@dataclass(frozen=True, slots=True)
class RouteCall:
    method: str
    path: str  # the template, e.g. /api/v1/brands/{brand_id:uuid}
    body_type: type | None  # the handler's ``data`` annotation, if it takes a body
    # the handler's authorization rule, from its ``opt`` (see umt.entrypoints.http.rules)
    rule: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # the handler reads If-Match (a POST action on a versioned resource may require it)
    reads_if_match: bool = field(default=False, compare=False, hash=False)

    @property
    def id(self) -> str:
        template = _PARAM.sub(lambda m: "{" + m.group(1) + "}", self.path)
        return f"{self.method} {template}"

    @property
    def params(self) -> list[str]:
        return _PARAM.findall(self.path)

    def url(self, ids: dict[str, str]) -> str:
        return _PARAM.sub(lambda m: ids.get(m.group(1)) or PATH_DEFAULTS[m.group(1)], self.path)


def route_calls(app: Litestar, *, skip_prefixes: tuple[str, ...] = ()) -> list[RouteCall]:
    """Every (method, path) the app serves, from the app itself, skipping OPTIONS/HEAD (which
    Litestar answers generically) and the given path prefixes."""
    calls: list[RouteCall] = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or route.path.startswith(skip_prefixes):
            continue
        for handler in route.route_handlers:
            data = handler.parsed_fn_signature.parameters.get("data")
            body_type = data.annotation if data else None
            rule = {k: v for k, v in handler.opt.items() if k in RULE_KEYS or k in QUALIFIER_KEYS}
            if_match = "if_match" in handler.parsed_fn_signature.parameters
            calls.extend(
                RouteCall(method, route.path, body_type, rule, reads_if_match=if_match)
                for method in sorted(handler.http_methods - {"OPTIONS", "HEAD"})
            )
    return sorted(calls, key=lambda c: (c.path, c.method))


def send(
    client: TestClient[Litestar],
    call: RouteCall,
    ids: dict[str, str],
    headers: dict[str, str],
    body: Any = None,
    params: dict[str, str] | None = None,
) -> httpx.Response:
    versioned = call.method in {"PATCH", "PUT", "DELETE"} or call.reads_if_match
    if versioned and "If-Match" not in headers:
        headers = {**headers, "If-Match": "*"}  # versioned writes require it (428 without)
    kwargs: dict[str, Any] = {"headers": headers}
    if isinstance(body, bytes):  # a file, not JSON (a CSV upload)
        kwargs["content"] = body
        kwargs["headers"] = {**headers, "Content-Type": "text/csv"}
    elif call.body_type is not None:
        kwargs["json"] = body
    if params:
        kwargs["params"] = params
    return client.request(call.method, call.url(ids), **kwargs)


def sample_row() -> dict[str, Any]:
    """A valid metric sample of an hour ago (a post's impressions), as a batch's row."""
    return {
        "subject_kind": "publication",
        "subject_id": str(uuid4()),
        "channel": "linkedin",
        "metric": "impressions",
        "value": 120,
        "observed_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
    }


def sample_csv() -> bytes:
    """The same as a CSV file."""
    row = sample_row()
    return f"{','.join(row)}\n{','.join(str(v) for v in row.values())}\n".encode()


def sample_body(body_type: type, ids: dict[str, str]) -> Any:
    """A plausible, valid body for a handler's ``data`` type. A new body type fails loudly here
    so that a new route cannot slip through the route-derived tests untested."""
    samples: dict[type, Any] = {
        BrandCreate: {"name": f"Brand {next(_emails)}", "industry": "tea"},
        BrandPatch: {"name": "Renamed", "description": "changed"},
        AudienceCreate: {
            "persona_name": f"Persona {next(_emails)}",
            "age_range": {"min": 20, "max": 40},
        },
        AudiencePatch: {"persona_name": f"Persona {next(_emails)}"},
        CompetitorCreate: {"name": f"Rival {next(_emails)}", "website": "https://rival.example"},
        CompetitorPatch: {"notes": "changed"},
        ProjectCreate: {"name": f"Project {next(_emails)}", "project_type": "event"},
        ProjectPatch: {"description": "changed"},
        StatusChange: {"status": "active"},
        Assignment: {"assignee_id": ids["user_id"]},
        JobCreate: {"task_type": "brand.create", "input": {"name": f"Brand {next(_emails)}"}},
        ApiKeyCreate: api_key_body(),
        MemberPatch: {"role": "analyst"},
        OwnershipTransfer: {"user_id": ids["user_id"]},
        InvitationCreate: {"email": unique_email("invited"), "role": "viewer"},
        InvitationAccept: {"token": "umti_not-a-real-token", "password": PASSWORD},
        AuthorizeIn: {"scopes": ["profile"]},
        ConnectIn: {"fields": {"api_key": "0123456789abcdef0123456789abcdef-us6"}},
        SubscriptionCreate: {"url": "https://hooks.example.com/umt", "event_types": ["test.x"]},
        SubscriptionPatch: {"description": "changed"},
        SyncRequest: {"brand_id": ids.get("brand_id", str(uuid4()))},
        CrawlCreate: {"max_pages": 5},
        EnrichmentCreate: {"url": "https://brand.example/"},
        FieldsChosen: {"fields": ["name"]},
        DismissIn: {"reason": "not for us"},
        RejectIn: {"reason": "not this quarter"},
        ProposalCreate: {
            "weeks": 1,
            **({"project_id": ids["project_id"]} if "project_id" in ids else {}),
        },
        SampleBatch: {"samples": [sample_row()]},
        AlertRuleCreate: alert_rule_body(),
        AlertRulePatch: {"threshold": "75", "enabled": False},
        DetectIn: {},
        ReportScheduleCreate: {"kind": "channels", "recipients": ["ana@acme.example"]},
        ReportSchedulePatch: {"hour": 9},
        GenerationCreate: {
            "topic": "Faster onboarding for small teams",
            "content_type": "social_post",
            "channel": "linkedin",
            "n": 1,
        },
        ComplianceCheckIn: {
            "content_type": "social_post",
            "channel": "x",
            "body": "Onboarding takes a day, not a month. Learn more.",
        },
        BudgetIn: {"token_limit": 5_000_000, "cost_limit_usd": 250.0},
        ContentCreate: {"content_type": "email", "channel": "email", "title": "Fresh beans"},
        ContentPatch: {"body": "Fresh beans, roasted Monday."},
        ChangesRequest: {"reason": "Name the origin"},
        ScheduleRequest: {"at": "2026-12-01T09:00:00Z"},
        CommentCreate: {"body": "Which origin?"},
        ReplyCreate: {"body": "Huila."},
        # experiments
        ExperimentCreate: experiment_body(
            ids.get("brand_id", str(uuid4())),
            arms=[  # the World's piece of the brand, at version 1, in both arms
                {"name": "control", "content_id": ids.get("content_id", str(uuid4()))},
                {
                    "name": "variant",
                    "content_id": ids.get("content_id", str(uuid4())),
                    "content_version": 1,
                },
            ],
        ),
        ExperimentPatch: {"name": "Renamed", "alpha": 0.01},
        StopRequest: {},
        ConcludeRequest: {"reason": "no_difference"},
        EventBatch: {
            "events": [
                {"event_id": f"e-{next(_emails)}", "unit_id": "visitor-1", "kind": "exposure"}
            ]
        },
        TemplateCreate: {
            "name": f"Template {next(_emails)}",
            "content_type": "email",
            "body": "Hi {{ name }}",
            "variables": [{"name": "name", "default": "there"}],
        },
        TemplatePatch: {"body": "Hello {{ product }}!"},
        RenderRequest: {"variables": {"product": "Night Roast"}},
        # channel accounts: an integration the world does not have is a 422 (a bad reference)
        DiscoverIn: {"integration_id": ids.get("integration_id", str(uuid4()))},
        ChannelAccountPatch: {"daily_cap": 5},
        # the publishing calendar
        PublicationCreate: {
            "content_id": ids.get("content_id", str(uuid4())),
            "channel_account_ids": [ids.get("channel_account_id", str(uuid4()))],
            "local_time": "2030-01-07T09:00:00",
            "time_zone": "Europe/Berlin",
        },
        PublicationReschedule: {"at": "2030-01-08T09:00:00Z"},
        ScheduleCreate: {
            "content_id": ids.get("content_id", str(uuid4())),
            "channel_account_ids": [str(uuid4())],
            "frequency": "daily",
            "local_time": "09:00",
        },
        SchedulePatch: {"local_time": "10:30", "horizon_days": 7},
        PublicationImport: {  # the World's piece is a draft: the row comes back rejected
            "rows": [
                {
                    "content_id": ids.get("content_id", str(uuid4())),
                    "channel_account_id": str(uuid4()),
                    "local_time": "2030-01-07T09:00:00",
                }
            ]
        },
        # advertising: an ad account or campaign the world does not have is a 422 or a 404
        CampaignCreate: {
            "brand_id": ids.get("brand_id", str(uuid4())),
            "ad_account_id": ids.get("ad_account_id", str(uuid4())),
            "name": "Spring launch",
            "objective": "traffic",
            "starts_at": "2030-04-01T09:00:00Z",
        },
        AdSetIn: {"name": "Founders", "budget": {"amount": "20.00", "currency": "USD"}},
        AdIn: {"content_id": ids.get("content_id", str(uuid4()))},
        BudgetChange: {
            "ad_set_id": ids.get("ad_set_id", str(uuid4())),
            "budget": {"amount": "20.00", "currency": "USD"},
        },
        AdRuleCreate: {
            "campaign_id": ids.get("campaign_id", str(uuid4())),
            "name": "Pause expensive ad sets",
            "action": "pause",
            "condition": {"metric": "cpa", "comparison": "gt", "threshold": "25"},
        },
        AdRulePatch: {"dry_run": True},
        CampaignPatch: {"name": "Renamed"},
        BudgetCapIn: {"currency": "EUR", "daily": "100.00"},
        ConversionPathsIn: {"paths": EXAMPLE_PATHS},
        TaggedEventsIn: {"events": EXAMPLE_EVENTS},
        EvaluateIn: {"dry_run": True},
        EvergreenRuleIn: {"max_per_week": 2, "cooldown_days": 30},
        RegisterIn: {
            "email": unique_email("founder"),
            "password": PASSWORD,
            "organization_name": f"Org {next(_emails)}",
        },
    }
    assert body_type in samples, f"no sample body for {body_type.__name__}; add one to sample_body"
    return samples[body_type]


def scratch_world(client: TestClient[Litestar], account: Account) -> World:
    """A brand (uniquely named) with an audience, a competitor and a planned project."""
    brand = create_brand(client, account)
    return World(
        account=account,
        brand_id=brand["id"],
        audience_id=create_audience(client, account, brand["id"])["id"],
        competitor_id=create_competitor(client, account, brand["id"])["id"],
        project_id=create_project(client, account, brand["id"])["id"],
        job_id=submit_job(client, account, "brand.get", brand_id=brand["id"])["id"],
        api_key_id=create_api_key(client, account)["id"],
        invitation_id=create_invitation(client, account)["id"],
        **content_ids(client, account, brand["id"]),
        enrichment_id=stored_enrichment(client, account.organization_id, brand["id"]),
        **insight_world_ids(client, account.headers, brand["id"]),
    )


# -- webhooks ------------------------------------------------------------------------------------
# Inbound webhook routes are public (their own tests: test_webhooks.py); the subscription and
# delivery routes need webhooks:manage (owners, admins) and ids of their own.

WEBHOOK_PUBLIC_PREFIX = f"{API}/webhooks/"
WEBHOOK_MANAGED_PREFIXES = (f"{API}/webhook-subscriptions", f"{API}/webhook-deliveries")
WEBHOOK_ROLES = frozenset({Role.OWNER, Role.ADMIN})


def is_webhook_route(call: RouteCall) -> bool:
    return call.path.startswith(WEBHOOK_MANAGED_PREFIXES)


def webhook_ids(client: TestClient[Litestar], owner: Account) -> dict[str, str]:
    """A fresh subscription of the owner's organization with one delivery (made by fanning
    an event out through the bus; the sender is off in these apps, so nothing is sent)."""
    from datetime import UTC, datetime
    from uuid import uuid4

    from umt.application.webhooks.fan_out import FanOutEvent

    # an event type nothing else raises: the brands other tests create (and their events,
    # fanned out later by the agent) never add deliveries between two snapshots
    response = client.post(
        f"{API}/webhook-subscriptions",
        json={"url": "https://hooks.example.com/umt", "event_types": ["test.webhook"]},
        headers=owner.headers,
    )
    assert response.status_code == 201, response.text
    subscription_id = response.json()["id"]
    event = FanOutEvent(
        event_id=uuid4(),
        event_type="test.webhook",
        organization_id=UUID(owner.organization_id),
        occurred_at=datetime.now(UTC),
        data={"name": "World Brand"},
    )
    made = client.blocking_portal.call(client.app.state.bus.execute, event)
    [delivery] = [d for d in made if str(d.subscription_id) == subscription_id]
    return {"subscription_id": subscription_id, "delivery_id": str(delivery.id)}


def webhook_snapshot(client: TestClient[Litestar], owner: Account) -> Any:
    """The organization's subscriptions and each one's deliveries, as the owner sees them."""
    listed = client.get(f"{API}/webhook-subscriptions", headers=owner.headers)
    assert listed.status_code == 200, listed.text
    state: dict[str, Any] = {"subscriptions": listed.json()["items"]}
    for item in state["subscriptions"]:
        path = f"{API}/webhook-subscriptions/{item['id']}/deliveries"
        state[path] = client.get(path, headers=owner.headers).json()
    return state
