"""A fake Marketing API (Graph, versioned path) that keeps the ad tree it is asked to build.

It checks what Meta checks: the Bearer token with its appsecret_proof (``fake_graph``), the
OUTCOME_* objective and ``special_ad_categories`` on a campaign, an ad set's budget as an
integer of the account currency's minor unit (at least 1.00 EUR: ``10.5`` or ``10`` is
refused), a location in the targeting, an end time for a lifetime budget, everything created
PAUSED; and it answers with Meta's shapes (``{"id"}``, ``{"success": true}``, ``data`` +
``paging``) and error objects.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from litestar import Litestar, Request, Response, get, post
from tests.unit.adapters.platforms import fake_graph

V = fake_graph.VERSION
ACCOUNT = "act_777"
MIN_DAILY_MINOR = 100  # 1.00 EUR
INTEGER = re.compile(r"^[0-9]+$")


@dataclass
class State:
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    next_id: int = 1000
    writes: list[dict[str, Any]] = field(default_factory=list)
    insights: list[dict[str, Any]] = field(default_factory=list)
    insight_queries: list[dict[str, str]] = field(default_factory=list)

    def add(self, kind: str, fields: dict[str, Any]) -> str:
        self.next_id += 1
        remote_id = str(self.next_id)
        self.objects[remote_id] = {"id": remote_id, "kind": kind, **fields}
        return remote_id

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [o for o in self.objects.values() if o["kind"] == kind]


STATE = State()


def invalid(message: str, subcode: int) -> Response[Any]:
    return fake_graph.graph_error(400, 100, message, subcode)


async def _form(request: Request[Any, Any, Any]) -> dict[str, Any]:
    form = await request.form()
    return {key: form.get(key) for key in form}


def _json(value: object) -> Any:
    return json.loads(str(value)) if value is not None else None


def _project(entry: dict[str, Any], fields: str | None) -> dict[str, Any]:
    keep = (fields or "id").split(",")
    return {k: v for k, v in entry.items() if k in keep or k == "id"}


@post(f"/{V}/{{node:str}}/{{edge:str}}", status_code=200)
async def create(request: Request[Any, Any, Any]) -> Response[Any]:
    node, edge = request.path_params["node"], request.path_params["edge"]
    token = fake_graph.authenticate(request)
    if isinstance(token, Response):
        return token
    if node != ACCOUNT:
        return invalid(f"Unsupported post request. Object with ID '{node}' does not exist", 33)
    form = await _form(request)
    STATE.writes.append({"edge": edge, **form})
    if edge == "campaigns":
        if not str(form.get("objective", "")).startswith("OUTCOME_"):
            return invalid("Invalid parameter: objective must be an OUTCOME_ objective", 1815433)
        if _json(form.get("special_ad_categories")) != []:
            return invalid("special_ad_categories is required", 1885833)
    if form.get("status") not in (None, "PAUSED"):
        return invalid("umt's fake expects every object created PAUSED", 1)
    if edge == "adsets":
        return create_ad_set(form)
    if edge == "ads" and str(_json(form.get("creative"))["creative_id"]) not in STATE.objects:
        return invalid("The creative does not exist", 1487390)
    kind = {"campaigns": "campaign", "adcreatives": "creative", "ads": "ad"}[edge]
    if kind == "ad":
        form["adset_id"] = form.get("adset_id")
    return Response({"id": STATE.add(kind, form)})


def _short_flight(form: dict[str, Any]) -> bool:
    end, start = str(form.get("end_time") or "0"), str(form.get("start_time") or "")
    if end == "0" or not start:
        return False  # an ongoing ad set
    span = datetime.fromisoformat(end) - datetime.fromisoformat(start)
    return span <= timedelta(hours=24)


def create_ad_set(form: dict[str, Any]) -> Response[Any]:
    for key in ("daily_budget", "lifetime_budget", "bid_amount"):
        if key in form and not INTEGER.fullmatch(str(form[key])):
            return invalid(f"Invalid parameter: {key} must be an integer of cents", 1885272)
    budget = form.get("daily_budget") or form.get("lifetime_budget")
    if budget is None or int(budget) < MIN_DAILY_MINOR:
        return invalid("Your budget is too low. The minimum budget is EUR1.00", 1885272)
    if form.get("lifetime_budget") and str(form.get("end_time") or "0") == "0":
        # the Marketing API reference: end_time is "required when lifetime_budget is
        # specified" (0, or nothing, is an ongoing ad set: for daily budgets only)
        return invalid("Invalid parameter: end_time is required with a lifetime_budget", 1487052)
    if form.get("daily_budget") and _short_flight(form):
        # the ad set reference: daily_budget is "allowed only for ad sets with a duration
        # (difference between end_time and start_time) longer than 24 hours"
        return invalid(
            "Invalid parameter: daily_budget is allowed only for ad sets with a duration"
            " longer than 24 hours",
            1885272,
        )
    targeting = _json(form.get("targeting")) or {}
    if not targeting.get("geo_locations"):
        return invalid("Your audience is missing a location.", 1487079)
    if str(form.get("campaign_id")) not in STATE.objects:
        return invalid("The campaign does not exist", 1487013)
    return Response({"id": STATE.add("adset", form)})


@post(f"/{V}/{{node:str}}", status_code=200)
async def update(request: Request[Any, Any, Any]) -> Response[Any]:
    node = request.path_params["node"]
    token = fake_graph.authenticate(request)
    if isinstance(token, Response):
        return token
    form = await _form(request)
    STATE.writes.append({"node": node, **form})
    entry = STATE.objects.get(node)
    if entry is None:
        return invalid(f"Object with ID '{node}' does not exist", 33)
    if "daily_budget" in form and (
        not INTEGER.fullmatch(str(form["daily_budget"])) or "daily_budget" not in entry
    ):
        return invalid("Invalid parameter: daily_budget", 1885272)
    entry.update(form)
    return Response({"success": True})


@get(f"/{V}/{{node:str}}")
async def read(request: Request[Any, Any, Any]) -> Response[Any]:
    node = request.path_params["node"]
    token = fake_graph.authenticate(request)
    if isinstance(token, Response):
        return token
    fields = request.query_params.get("fields")
    if node == ACCOUNT:
        return Response({"id": ACCOUNT, "currency": "EUR", "timezone_name": "Europe/Berlin"})
    if node == "search":
        q = request.query_params.get("q", "")
        if q == "unheard-of":
            return Response({"data": []})
        return Response({"data": [{"id": "6003139266461", "name": q.title()}]})
    entry = STATE.objects.get(node)
    if entry is None:
        return invalid(f"Unsupported get request. Object with ID '{node}' does not exist", 33)
    return Response(_project(entry, fields))


@get(f"/{V}/{{node:str}}/{{edge:str}}")
async def listing(request: Request[Any, Any, Any]) -> Response[Any]:
    node, edge = request.path_params["node"], request.path_params["edge"]
    token = fake_graph.authenticate(request)
    if isinstance(token, Response):
        return token
    query = request.query_params
    if node == "me" and edge == "adaccounts":
        return ad_accounts(query.get("after"))
    if edge == "promote_pages":
        return Response({"data": [{"id": "501", "name": "Acme"}]})
    if edge == "insights":
        STATE.insight_queries.append(dict(query))
        return Response({"data": STATE.insights, "paging": {"cursors": {"before": "a"}}})
    kind = {"campaigns": "campaign", "adsets": "adset", "ads": "ad"}[edge]
    entries = STATE.of_kind(kind)
    if node != ACCOUNT:
        parent = "campaign_id" if kind == "adset" else "adset_id"
        entries = [e for e in entries if str(e.get(parent)) == node]
    for rule in json.loads(query.get("filtering", "[]")):
        if rule["operator"] == "CONTAIN":
            entries = [e for e in entries if rule["value"] in str(e.get(rule["field"], ""))]
    return Response({"data": [_project(e, query.get("fields")) for e in entries]})


def ad_accounts(after: str | None) -> Response[Any]:
    if after is None:
        page = [{"id": ACCOUNT, "account_id": "777", "name": "Acme Ads", "currency": "EUR",
                 "timezone_name": "Europe/Berlin"}]  # fmt: skip
        return Response({"data": page, "paging": {"cursors": {"after": "p2"}, "next": "https://x"}})
    page = [{"id": "act_778", "account_id": "778", "name": "Acme JP", "currency": "JPY",
             "timezone_name": "Asia/Tokyo"}]  # fmt: skip
    return Response({"data": page, "paging": {"cursors": {"before": "p2"}}})


def marketing_app() -> Litestar:
    return Litestar([create, update, read, listing, fake_graph.access_token])
