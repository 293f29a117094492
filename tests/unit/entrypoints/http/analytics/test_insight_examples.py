"""The insights' and alert rules' success answers are shown by example in the OpenAPI
document, and each example is an answer its route could give: it decodes as the handler's
return type and encodes back to itself (no unknown, missing or mistyped field)."""

from __future__ import annotations

import json
import re
from typing import Any, get_args, get_origin

import msgspec
from litestar import Litestar, Response
from litestar.testing import TestClient

Client = TestClient[Litestar]
PREFIXES = (
    "/api/v1/brands/{brand_id}/analytics/insights",
    "/api/v1/brands/{brand_id}/analytics/alert-rules",
)


def test_every_insight_answer_has_examples_that_decode(shared_client: Client) -> None:
    document: dict[str, Any] = shared_client.get("/schema/openapi.json").json()
    checked = 0
    for route in shared_client.app.routes:
        path = re.sub(r":\w+}", "}", route.path)
        if not path.startswith(PREFIXES):
            continue
        for handler in getattr(route, "route_handlers", ()):
            for method in handler.http_methods - {"OPTIONS", "HEAD"}:
                responses = document["paths"][path][method.lower()]["responses"]
                for code, response in responses.items():
                    for media in (
                        response.get("content", {}).values() if code.startswith("2") else ()
                    ):
                        assert media.get("examples"), f"{method} {path} {code}"
            answer = handler.parsed_fn_signature.return_type.annotation
            if get_origin(answer) is Response:
                (answer,) = get_args(answer)
            for example in getattr(handler.operation_class, "answers", ()):
                decoded = msgspec.json.decode(json.dumps(example.value), type=answer)
                assert msgspec.to_builtins(decoded) == example.value, (path, example.id)
                checked += 1
    assert checked >= 9
