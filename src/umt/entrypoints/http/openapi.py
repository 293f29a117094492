"""What the OpenAPI document says beyond the handlers' signatures: security, the problem+json
errors every operation can answer, ETag and If-Match."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, ClassVar

from litestar.datastructures import ResponseHeader
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import Example, OpenAPIResponse, Operation
from litestar.params import HeaderParameter

from umt.entrypoints.http.schemas.common import Problem

BEARER: list[dict[str, list[str]]] = [{"bearer": []}]
PROBLEM_MEDIA_TYPE = "application/problem+json"


def problem_spec(description: str) -> ResponseSpec:
    return ResponseSpec(
        data_container=Problem,
        description=description,
        media_type=PROBLEM_MEDIA_TYPE,
        generate_examples=False,
    )


_COMMON = {
    400: problem_spec("The body is not valid JSON (or nests too deep), or If-Match is malformed"),
    413: problem_spec("The body is larger than the configured limit"),
    415: problem_spec("The body's Content-Type is not one this operation reads (JSON)"),
    422: problem_spec("The request breaks the schema or a business rule; `errors` names fields"),
    429: problem_spec("Rate limited; retry after the Retry-After seconds (RateLimit-* headers)"),
    503: problem_spec("A dependency is down; retry after the Retry-After seconds"),
}
PUBLIC_ERRORS = {
    **_COMMON,
    401: problem_spec("Wrong credentials or token"),
    409: problem_spec("Already exists"),
}
PROTECTED_ERRORS = {
    **_COMMON,
    401: problem_spec("Missing, expired or invalid access token"),
    403: problem_spec("The caller's role lacks the permission"),
    404: problem_spec("No such resource in the caller's organization"),
    409: problem_spec("Conflicts with the current state (duplicate, illegal transition, archived)"),
    412: problem_spec("If-Match names an older version than the current one"),
}
# PATCH, PUT and DELETE of a versioned resource: If-Match is required
VERSIONED_ERRORS = {
    **PROTECTED_ERRORS,
    428: problem_spec("If-Match is missing: send the ETag you read (or * for any version)"),
}

ETAG_HEADERS = [
    ResponseHeader(
        name="ETag",
        documentation_only=True,
        description="The resource version; send it back as If-Match to update safely",
    )
]

IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        required=False,
        description='ETag of the version being changed, e.g. "3"; a stale one answers 412',
    ),
]
# ``required`` here is the document's word; a missing header reaches the handler, which answers
# 428 (etags.required_version) rather than the framework's 400 for a missing parameter
RequiredIfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        required=True,
        description='ETag of the version being changed, e.g. "3" (or * for whatever version '
        "is current); missing answers 428, a stale one 412",
    ),
]


def answered_by(*examples: Example) -> type[Operation]:
    """An ``operation_class`` for a route handler whose success answer the document shows by
    ``examples`` (each with an ``id``).

    Litestar documents a success response from the handler's signature (schema, description,
    the ``ETag`` header); a ``responses={200: ResponseSpec(...)}`` entry would replace that
    response whole and drop its headers. This class adds the examples to the generated one.
    """

    @dataclass
    class ExampledOperation(Operation):
        answers: ClassVar[tuple[Example, ...]] = examples  # read by the tests

        def __post_init__(self) -> None:
            for code, response in (self.responses or {}).items():
                if code.startswith("2") and isinstance(response, OpenAPIResponse):
                    for media in (response.content or {}).values():
                        media.examples = {example.id or "": example for example in self.answers}

    return ExampledOperation
