"""The OpenAPI document shows what reconcile and retry answer, by example: each example is a
valid response body of its route (it decodes as the response schema) and is in the document."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from umt.entrypoints.http.publishing_dispatch.examples import RECONCILE_200, RETRY_200
from umt.entrypoints.http.schemas.publishing import PublicationOut
from umt.entrypoints.http.schemas.publishing_dispatch import ReconcileOut

Client = TestClient[Litestar]
ROUTES = {
    "/api/v1/publications/{publication_id}/reconcile": (RECONCILE_200, ReconcileOut),
    "/api/v1/publications/{publication_id}/retry": (RETRY_200, PublicationOut),
}


@pytest.fixture(scope="module")
def document(shared_client: Client) -> dict[str, Any]:
    response = shared_client.get("/schema/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize("path", sorted(ROUTES))
def test_each_example_is_a_valid_answer_of_its_route(path: str) -> None:
    spec, answer = ROUTES[path]
    assert spec.examples
    for example in spec.examples:
        msgspec.json.decode(json.dumps(example.value), type=answer)


@pytest.mark.parametrize("path", sorted(ROUTES))
def test_the_document_carries_the_examples(document: dict[str, Any], path: str) -> None:
    spec, _ = ROUTES[path]
    ok = document["paths"][path]["post"]["responses"]["200"]
    documented = ok["content"]["application/json"]["examples"]
    assert {e.id: without_nulls(e.value) for e in spec.examples or ()} == {
        name: example["value"] for name, example in documented.items()
    }


def without_nulls(value: Any) -> Any:
    """Litestar renders the document without null members (examples' too)."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def test_reconcile_examples_cover_found_not_found_and_the_platform_down() -> None:
    steps = {(e.value["step"], e.value["status"]) for e in RECONCILE_200.examples or ()}
    assert steps == {
        ("reconciled", "published"),
        ("deferred", "scheduled"),
        ("deferred", "outcome_unknown"),
    }
