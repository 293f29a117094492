"""Every success answer of the channel, publishing, ads and metrics routes is shown by example
in the OpenAPI document, and every example is an answer the route could give: it decodes as
the handler's return type and encodes back to itself (no unknown, missing or mistyped field),
and it stays beside the generated schema and headers (ETag) of the response."""

from __future__ import annotations

import json
import re
from typing import Any, get_args, get_origin

import msgspec
import pytest
from litestar import Litestar, Response
from litestar.handlers import HTTPRouteHandler
from litestar.testing import TestClient

Client = TestClient[Litestar]
CONTEXTS = ("channels", "publishing", "publishing_dispatch", "advertising", "metrics")


def _handlers(app: Litestar) -> list[tuple[str, str, HTTPRouteHandler]]:
    found = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            parts = handler.fn.__module__.split(".")
            if len(parts) > 3 and parts[3] in CONTEXTS:
                path = re.sub(r":\w+}", "}", route.path)
                found.extend((path, method.lower(), handler) for method in handler.http_methods)
    return found


def _answer_type(handler: HTTPRouteHandler) -> Any:
    annotation = handler.parsed_fn_signature.return_type.annotation
    if get_origin(annotation) is Response:
        (annotation,) = get_args(annotation)
    return annotation


@pytest.fixture(scope="module")
def document(shared_client: Client) -> dict[str, Any]:
    body: dict[str, Any] = shared_client.get("/schema/openapi.json").json()
    return body


def test_every_success_answer_with_a_body_has_examples(
    shared_client: Client, document: dict[str, Any]
) -> None:
    routes = _handlers(shared_client.app)
    assert len(routes) >= 40  # the five contexts' routes were found
    missing = [
        f"{method.upper()} {path} {code}"
        for path, method, _ in routes
        for code, response in document["paths"][path][method]["responses"].items()
        if code.startswith("2")
        for media in response.get("content", {}).values()
        if not media.get("examples")
    ]
    assert missing == []


def test_every_example_is_an_answer_of_its_route(shared_client: Client) -> None:
    checked = 0
    for path, method, handler in _handlers(shared_client.app):
        answers = getattr(handler.operation_class, "answers", None)
        if answers is None:
            continue  # documented through a ResponseSpec (publishing_dispatch's own test)
        answer_type = _answer_type(handler)
        for example in answers:
            decoded = msgspec.json.decode(json.dumps(example.value), type=answer_type)
            assert msgspec.to_builtins(decoded) == example.value, f"{method} {path} {example.id}"
            checked += 1
    assert checked >= 40


def test_examples_keep_the_generated_response_headers(document: dict[str, Any]) -> None:
    ok = document["paths"]["/api/v1/campaigns/{campaign_id}"]["get"]["responses"]["200"]
    assert "ETag" in ok["headers"]
    assert ok["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CampaignOut"
    }
    assert set(ok["content"]["application/json"]["examples"]) == {"active", "draft"}
