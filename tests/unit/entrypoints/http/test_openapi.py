"""The OpenAPI document describes the app as it is, and the health probes answer."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, route_calls

Client = TestClient[Litestar]
HTTP_METHODS = {"get", "post", "put", "patch", "delete"}
PUBLIC = (
    "/health/live",
    "/health/ready",
    f"{API}/auth/register",
    f"{API}/auth/token",
    f"{API}/auth/refresh",
    "/sandbox/oauth/authorize",
)


@pytest.fixture(scope="module")
def document(shared_client: Client) -> dict[str, Any]:
    response = shared_client.get("/schema/openapi.json")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/")
    body: dict[str, Any] = response.json()
    return body


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = document["components"]["schemas"][name]
    return schema


def test_every_route_of_the_app_is_documented(
    shared_client: Client, document: dict[str, Any]
) -> None:
    documented = {(method.upper(), path) for path, method, _ in _operations(document)}
    served = {
        (call.method, re.sub(r"\{(\w+):\w+\}", r"{\1}", call.path))
        # /metrics is Prometheus' text exposition for scrapers, kept out of the API document
        for call in route_calls(shared_client.app, skip_prefixes=("/schema", "/metrics"))
    }
    assert served - documented == set()
    assert documented - served == set()
    assert len(served) >= 35


def test_every_operation_has_a_summary_a_success_response_and_unique_id(
    document: dict[str, Any],
) -> None:
    ids = []
    for path, method, operation in _operations(document):
        assert operation.get("summary"), (method, path)
        # success is a 2xx, or a 303 for the browser-facing sandbox consent form
        assert any(code.startswith(("2", "303")) for code in operation["responses"]), (method, path)
        ids.append(operation["operationId"])
    assert len(ids) == len(set(ids))


def _body_schemas_without_properties(
    document: dict[str, Any], paths: tuple[str, ...]
) -> tuple[list[tuple[str, str, Any]], int]:
    missing: list[tuple[str, str, Any]] = []
    checked = 0
    for path, method, operation in _operations(document):
        if not path.startswith(paths):
            continue
        bodies = []
        if "requestBody" in operation:
            bodies.append(operation["requestBody"]["content"]["application/json"]["schema"])
        for code, response in operation["responses"].items():
            if code.startswith("2") and "content" in response:
                # JSON bodies; a file (CSV, XLSX, a delivered report) has no properties
                bodies.extend(
                    c["schema"]
                    for media, c in response["content"].items()
                    if media.endswith("json")
                )
        for schema in bodies:
            resolved = _resolve(document, schema)
            checked += 1
            if not resolved.get("properties"):
                missing.append((method, path, schema))
    return missing, checked


def test_every_api_body_schema_has_properties(document: dict[str, Any]) -> None:
    missing, checked = _body_schemas_without_properties(document, (API,))
    assert missing == []
    assert checked >= 30
    for name, schema in document["components"]["schemas"].items():
        assert schema.get("type") == "object", name
        assert schema.get("properties"), name


def test_health_body_schemas_have_properties(document: dict[str, Any]) -> None:
    missing, checked = _body_schemas_without_properties(document, ("/health",))
    assert checked == 2
    assert missing == []


def test_request_schemas_state_required_fields_and_forbid_unknown_ones(
    document: dict[str, Any],
) -> None:
    schemas = document["components"]["schemas"]
    assert set(schemas["BrandCreate"]["required"]) == {"name"}
    assert set(schemas["ProjectCreate"]["required"]) == {"name", "project_type"}
    assert set(schemas["RegisterIn"]["required"]) == {"email", "password", "organization_name"}
    assert schemas["BrandPatch"].get("required", []) == []
    project_types = schemas["ProjectCreate"]["properties"]["project_type"]
    assert set(project_types["enum"]) == {
        "product_launch",
        "content_series",
        "always_on",
        "event",
        "rebrand",
        "custom",
    }


def test_bearer_security_scheme(document: dict[str, Any]) -> None:
    scheme = document["components"]["securitySchemes"]["bearer"]
    assert scheme["type"] == "http"
    assert scheme["scheme"] == "bearer"
    assert scheme["bearerFormat"] == "JWT"
    protected = document["paths"][f"{API}/brands"]["get"]["security"]
    assert {"bearer": []} in protected


def test_list_parameters_are_documented(document: dict[str, Any]) -> None:
    parameters = {p["name"]: p for p in document["paths"][f"{API}/brands"]["get"]["parameters"]}
    assert {"sort", "limit", "cursor", "status", "industry"} <= set(parameters)
    assert parameters["limit"]["schema"]["minimum"] == 1
    assert parameters["limit"]["schema"]["maximum"] == 200


def test_public_endpoints_are_documented_without_security(document: dict[str, Any]) -> None:
    # no document-wide requirement, so an operation without its own `security` needs none
    assert not document.get("security")
    for path in PUBLIC:
        for operation in document["paths"][path].values():
            assert not operation.get("security"), path


def test_error_responses_are_documented_as_problems(document: dict[str, Any]) -> None:
    operation = document["paths"][f"{API}/brands/{{brand_id}}"]["patch"]
    for code in ("401", "404", "412", "422"):
        assert code in operation["responses"], code
        assert "application/problem+json" in operation["responses"][code]["content"]


def test_every_api_operation_documents_the_errors_it_can_answer(
    document: dict[str, Any],
) -> None:
    """Schemathesis checks the answers it provokes against these
    (tests/unit/entrypoints/http/test_openapi_fuzz.py); the codes that only a loaded or broken
    deployment answers (429, 503) are pinned here."""
    checked = 0
    for path, method, operation in _operations(document):
        if not path.startswith(API):
            continue
        codes = set(operation["responses"])
        expected = {"400", "413", "415", "422", "429", "503", "401"}
        if operation.get("security"):
            expected |= {"403", "404", "409", "412"}
        assert expected <= codes, (method, path, expected - codes)
        for code in expected:
            content = operation["responses"][code]["content"]
            assert set(content) == {"application/problem+json"}, (method, path, code)
        checked += 1
    assert checked >= 35
    ready = document["paths"]["/health/ready"]["get"]["responses"]
    assert {"200", "503"} <= set(ready)


def test_if_match_and_etag_are_documented(document: dict[str, Any]) -> None:
    operation = document["paths"][f"{API}/brands/{{brand_id}}"]["patch"]
    headers = {p["name"].lower() for p in operation.get("parameters", []) if p["in"] == "header"}
    assert "if-match" in headers
    assert "ETag" in operation["responses"]["200"].get("headers", {})


def test_health_live(shared_client: Client) -> None:
    response = shared_client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_ready(shared_client: Client) -> None:
    response = shared_client.get("/health/ready")
    assert response.status_code == 200
    # in memory: no external dependency, so no breaker
    body = response.json()
    loops = body.pop("loops")
    assert body == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok"},
        "down": [],
        "breakers": {},
    }
    # each loop that reports a beat is present once it has run
    assert set(loops) <= {
        "publication-ticker",
        "publication-token-check",
        "publication-first-comments",
    }
    assert "retry-after" not in response.headers


def test_unknown_route_is_a_problem(shared_client: Client) -> None:
    response = shared_client.get("/api/v2/brands")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "route_not_found"
