"""A fake Google Ads API (REST) that keeps the objects a ``googleAds:mutate`` creates.

It checks what Google checks: the developer token, atomic mutates whose temporary resource
names (negative ids) are defined before they are used, money as int64 micros in a JSON string
that is a multiple of the currency's smallest unit (a float, or cents, is refused), everything
created PAUSED, unique campaign and ad group names (``DUPLICATE_CAMPAIGN_NAME``); it answers
``searchStream`` with a JSON array of batches for the GAQL the adapter sends (a small evaluator:
``SELECT ... FROM ... WHERE a = 'x' AND b LIKE '%[[]...%' AND c IN (...)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from litestar import Litestar, Request, Response, get, post

V = "v26"
CID = "1234567890"
DEV_TOKEN = "dev-token-abc123"
ADS_FAILURE = "type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure"
UNIT_MICROS = 10_000  # EUR: one cent


def failure(
    http: int, status: str, message: str, code: dict[str, str], **extra: Any
) -> Response[Any]:
    error = {"errorCode": code, "message": message, **extra}
    body = {"code": http, "message": "Request contains an invalid argument." if http == 400
            else message, "status": status,
            "details": [{"@type": ADS_FAILURE, "errors": [error], "requestId": "r1"}]}  # fmt: skip
    return Response({"error": body}, status_code=http)


@dataclass
class State:
    rows: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # table → name → row
    next_id: int = 500
    mutates: list[list[dict[str, Any]]] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)
    metrics: list[dict[str, Any]] = field(default_factory=list)

    def table(self, name: str) -> dict[str, dict[str, Any]]:
        return self.rows.setdefault(name, {})


STATE = State()
COLLECTIONS = {"campaignBudgetOperation": ("campaignBudgets", "campaignBudget"),
               "campaignOperation": ("campaigns", "campaign"),
               "adGroupOperation": ("adGroups", "adGroup"),
               "adGroupAdOperation": ("adGroupAds", "adGroupAd"),
               "campaignCriterionOperation": ("campaignCriteria", "campaignCriterion"),
               "adGroupCriterionOperation": ("adGroupCriteria", "adGroupCriterion")}  # fmt: skip
MONEY = ("amountMicros", "totalAmountMicros", "targetCpaMicros", "cpcBidCeilingMicros")


def check_token(request: Request[Any, Any, Any]) -> Response[Any] | None:
    token = request.headers.get("authorization", "").removeprefix("Bearer ")
    if request.headers.get("developer-token") != DEV_TOKEN:
        return failure(403, "PERMISSION_DENIED", "The developer token is not valid.",
                       {"authorizationError": "DEVELOPER_TOKEN_INVALID"})  # fmt: skip
    if token == "at-expired":
        return failure(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.",
                       {"authenticationError": "OAUTH_TOKEN_EXPIRED"})  # fmt: skip
    if token == "at-quota":
        return failure(429, "RESOURCE_EXHAUSTED", "Too many requests.",
                       {"quotaError": "RESOURCE_EXHAUSTED"},
                       details={"quotaErrorDetails": {"rateScope": "DEVELOPER",
                                                      "retryDelay": "41s"}})  # fmt: skip
    return None


def money_error(entity: dict[str, Any]) -> str | None:
    for key, value in entity.items():
        if isinstance(value, dict):
            nested = money_error(value)
            if nested:
                return nested
        if key in MONEY and (not isinstance(value, str) or not value.isdigit()
                             or int(value) % UNIT_MICROS or int(value) <= 0):  # fmt: skip
            return f"{key} must be int64 micros, a multiple of {UNIT_MICROS}: {value!r}"
    return None


@post(f"/{V}/customers/{CID}/googleAds:mutate", status_code=200)
async def mutate(request: Request[Any, Any, Any]) -> Response[Any]:
    refused = check_token(request)
    if refused:
        return refused
    operations = (await request.json())["mutateOperations"]
    STATE.mutates.append(operations)
    temps: dict[str, str] = {}
    staged: list[tuple[str, str, dict[str, Any] | None]] = []  # table, name, row (None: remove)
    results = []
    names = {(t, str(r.get("name"))) for t in ("campaigns", "adGroups")
             for r in STATE.table(t).values()}  # fmt: skip
    for operation in operations:
        ((kind, body),) = operation.items()
        collection, result = COLLECTIONS[kind]
        if "create" in body:
            entity: dict[str, Any] = {k: temps.get(v, v) if isinstance(v, str) else v
                      for k, v in body["create"].items()}  # fmt: skip
            bad = money_error(entity)
            if bad:
                return failure(400, "INVALID_ARGUMENT", bad, {"fieldError": "INVALID_VALUE"})
            if entity.get("status", "PAUSED") not in ("PAUSED", "ENABLED") or (
                kind in ("campaignOperation", "adGroupOperation", "adGroupAdOperation")
                and entity.get("status") != "PAUSED"):  # fmt: skip
                return failure(400, "INVALID_ARGUMENT", "umt's fake expects PAUSED creates",
                               {"fieldError": "INVALID_VALUE"})  # fmt: skip
            pending = [v for k, v in entity.items() if k != "resourceName" and "/-" in str(v)]
            for ref in pending:
                return failure(400, "INVALID_ARGUMENT", f"{ref} is used before it is defined",
                               {"mutateError": "RESOURCE_NOT_FOUND"})  # fmt: skip
            unique = collection in ("campaigns", "adGroups")
            if unique and (collection, str(entity.get("name"))) in names:
                code = (
                    "DUPLICATE_CAMPAIGN_NAME"
                    if collection == "campaigns"
                    else "DUPLICATE_ADGROUP_NAME"
                )
                return failure(400, "INVALID_ARGUMENT", "A campaign or ad group with this name "
                               "already exists.", {"campaignError": code})  # fmt: skip
            names.add((collection, str(entity.get("name"))))
            STATE.next_id += 1
            real = f"customers/{CID}/{collection}/{STATE.next_id}"
            if collection == "adGroupAds":
                group_id = entity["adGroup"].rsplit("/", 1)[-1]
                real = f"customers/{CID}/adGroupAds/{group_id}~{STATE.next_id}"
                entity["ad"] = {**dict(entity["ad"]), "id": str(STATE.next_id)}
            if "resourceName" in entity:
                temps[body["create"]["resourceName"]] = real
            entity["resourceName"] = real
            staged.append((collection, real, entity))
        elif "update" in body:
            change = {k: temps.get(v, v) if isinstance(v, str) else v
                      for k, v in body["update"].items()}  # fmt: skip
            bad = money_error(change)
            if bad:
                return failure(400, "INVALID_ARGUMENT", bad, {"fieldError": "INVALID_VALUE"})
            current = STATE.table(collection).get(change["resourceName"])
            if current is None:
                return failure(400, "INVALID_ARGUMENT", "Resource was not found.",
                               {"mutateError": "RESOURCE_NOT_FOUND"})  # fmt: skip
            staged.append((collection, change["resourceName"], {**current, **change}))
            real = change["resourceName"]
        else:
            real = body["remove"]
            staged.append((collection, real, None))
        results.append({f"{result}Result": {"resourceName": real}})
    for collection, name, row in staged:  # atomic: applied only when every operation passed
        if row is None:
            STATE.table(collection)[name]["status"] = "REMOVED"
        else:
            STATE.table(collection)[name] = row
    return Response({"mutateOperationResponses": results})


@get(f"/{V}/customers:listAccessibleCustomers")
async def accessible(request: Request[Any, Any, Any]) -> Response[Any]:
    names = [f"customers/{CID}", "customers/9999999999"]
    return check_token(request) or Response({"resourceNames": names})


CONDITION = re.compile(r"^([a-z_.]+) (=|!=|>=|<=|LIKE|IN) (.+)$")


def like(pattern: str) -> re.Pattern[str]:
    out, i = "", 0
    while i < len(pattern):
        if pattern[i] == "[":
            out += re.escape(pattern[i + 1])
            i += 3
        else:
            out += (
                ".*" if pattern[i] == "%" else "." if pattern[i] == "_" else re.escape(pattern[i])
            )
            i += 1
    return re.compile(f"^{out}$")


def camel(path: str) -> list[str]:
    return ["".join(p.capitalize() if i else p for i, p in enumerate(part.split("_")))
            for part in path.split(".")]  # fmt: skip


def value_at(row: dict[str, Any], path: str) -> Any:
    node: Any = row
    for key in camel(path):
        node = node.get(key) if isinstance(node, dict) else None
    return node


def holds(row: dict[str, Any], condition: str) -> bool:
    match = CONDITION.match(condition.strip())
    assert match, f"the fake cannot read {condition!r}"
    field, op, literal = match.groups()
    actual = value_at(row, field)
    if actual is None:
        return op == "!="
    if op == "IN":
        return str(actual) in [v.strip().strip("'") for v in literal.strip("()").split(",")]
    want = literal.strip("'")
    return {"=": str(actual) == want, "!=": str(actual) != want, ">=": str(actual) >= want,
            "<=": str(actual) <= want, "LIKE": bool(like(want).match(str(actual)))}[op]  # fmt: skip


def rows_of(resource: str) -> list[dict[str, Any]]:
    """The joined rows of a GAQL resource (what Google returns for FROM <resource>)."""
    tables = STATE.rows
    if resource == "customer":
        return [{"customer": {"id": CID, "descriptiveName": "Acme", "currencyCode": "EUR",
                              "timeZone": "Europe/Berlin", "manager": False}}]  # fmt: skip
    if resource == "geo_target_constant":
        return [{"geoTargetConstant": {"resourceName": "geoTargetConstants/2276",
                                       "countryCode": "DE", "targetType": "Country"}}]  # fmt: skip
    if resource == "language_constant":
        return [{"languageConstant": {"resourceName": "languageConstants/1001", "code": "de"}}]
    if resource == "campaign":
        budgets = tables.get("campaignBudgets", {})
        return [{"campaign": c, "campaignBudget": budgets.get(c["campaignBudget"], {})}
                for c in tables.get("campaigns", {}).values()]  # fmt: skip
    if resource == "ad_group":
        return [{"adGroup": g} for g in tables.get("adGroups", {}).values()]
    if resource == "ad_group_ad":
        return [{"adGroupAd": a}
                for a in tables.get("adGroupAds", {}).values()] + STATE.metrics  # fmt: skip
    raise AssertionError(resource)


@post(f"/{V}/customers/{{customer:str}}/googleAds:searchStream", status_code=200)
async def search_stream(request: Request[Any, Any, Any]) -> Response[Any]:
    refused = check_token(request)
    if refused:
        return refused
    query = (await request.json())["query"]
    STATE.queries.append(query)
    match = re.match(r"^SELECT (.+) FROM ([a-z_]+)(?: WHERE (.+))?$", query)
    assert match, query
    _, resource, where = match.groups()
    rows = [r for r in rows_of(resource)
            if all(holds(r, c) for c in re.split(r" AND ", where or "") if c)]  # fmt: skip
    if request.path_params["customer"] != CID and resource == "customer":
        return failure(403, "PERMISSION_DENIED", "The customer account can't be accessed.",
                       {"authorizationError": "CUSTOMER_NOT_ENABLED"})  # fmt: skip
    half = max(1, len(rows) // 2)  # two batches, as a stream of several answers
    batches = [{"results": rows[:half], "fieldMask": "x", "requestId": "r1"}]
    if rows[half:]:
        batches.append({"results": rows[half:], "fieldMask": "x", "requestId": "r1"})
    return Response(batches)


def ads_app() -> Litestar:
    return Litestar([mutate, accessible, search_stream])
