"""Every error as RFC 9457 ``application/problem+json``, with field-level details.

Validation → 422, not found → 404 (also for another tenant's resource), conflict → 409,
failed precondition → 412, dependency down → 503 with Retry-After. Never a 500 for bad input.

This module holds the generic machinery; how domain errors map to problems is in
``domain_problems`` (the shared kernel's) and in each router package (its context's own).
"""

from __future__ import annotations

import logging
import re
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from umt.entrypoints.http.coded_errors import CodedHTTPException
from umt.entrypoints.http.middleware import ensure_request_id
from umt.entrypoints.http.path_params import malformed_path_parameter
from umt.entrypoints.http.schemas.common import FieldError, Problem
from umt.entrypoints.http.security_headers import headers_for
from umt.entrypoints.settings import ConfigurationError
from umt.ports.errors import DependencyUnavailable, StorageUnavailable

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("umt.http")

_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    413: "Request body too large",
    415: "Unsupported media type",
    428: "Precondition required",
    422: "Invalid request",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}


def problem_response(
    request: Request[Any, Any, Any],
    *,
    status: int,
    code: str,
    detail: str,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[bytes]:
    request_id = ensure_request_id(request.scope)
    problem = Problem(
        type=f"/problems/{code}",
        title=_TITLES.get(status, "Error"),
        status=status,
        detail=detail,
        instance=request.url.path,
        code=code,
        errors=errors or [],
        request_id=request_id,
    )
    # These headers are set here too: errors raised before routing (404, 405) skip the hooks
    # and the middleware (the middleware does not add a header twice).
    security = headers_for(
        request.url.path,
        request.scope.get("scheme", "http"),
        force_hsts=bool(getattr(request.app.state, "force_hsts", False)),
    )
    return Response(
        content=msgspec.json.encode(problem),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers={
            **{name.decode(): value.decode() for name, value in security},
            **(headers or {}),
            "X-Request-ID": request_id,
        },
    )


def _is_decode_error(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in ("malformed", "truncated", "json", "decode"))


_NAMED_FIELD = re.compile(r"field `([^`]+)`")
_AT_PATH = re.compile(r"at `\$\.?([^`]*)`")


def _field_error(item: dict[str, Any]) -> FieldError:
    """One error, naming the body field itself rather than the handler's ``data`` argument."""
    key = str(item.get("key") or "")
    message = str(item.get("message", "invalid"))
    base = "" if key in ("", "data") else key.removeprefix("data.")
    if not base and (at := _AT_PATH.search(message)):
        base = at.group(1)
    if named := _NAMED_FIELD.search(message):
        base = f"{base}.{named.group(1)}" if base else named.group(1)
    key = base or "body"
    if message.strip("'\"") == "data":
        message = "a JSON request body is required"
    return FieldError(field=key, message=message)


def validation_handler(
    request: Request[Any, Any, Any], exc: ValidationException
) -> Response[bytes]:
    items = exc.extra if isinstance(exc.extra, list) else []
    errors = [_field_error(item) for item in items if isinstance(item, dict)]
    if _is_decode_error(str(exc.detail)) and not errors:
        return problem_response(
            request,
            status=400,
            code="malformed_body",
            detail="the request body is not valid JSON",
        )
    return problem_response(
        request,
        status=422,
        code="validation_failed",
        detail="the request does not match the schema",
        errors=errors,
    )


def http_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[bytes]:
    status = exc.status_code
    code = {
        404: "route_not_found",
        405: "method_not_allowed",
        413: "body_too_large",
        401: "authentication_failed",
        415: "unsupported_media_type",
        429: "rate_limited",
    }.get(status, f"http_{status}")
    if isinstance(exc, CodedHTTPException):
        code = exc.code
    elif status == 400:
        # Litestar raises bare 400s only when it cannot decode the body (bad or truncated
        # JSON, numbers out of range); schema violations arrive as ValidationException.
        code = "malformed_body"
    if status == 404 and (wrong := malformed_path_parameter(request.app, request.url.path)):
        error = FieldError(field=wrong.name, message=wrong.message)
        return problem_response(
            request, status=404, code="invalid_path_parameter", detail=wrong.detail, errors=[error]
        )
    headers = dict(exc.headers or {})
    return problem_response(
        request, status=status, code=code, detail=str(exc.detail), headers=headers
    )


def unavailable_handler(
    request: Request[Any, Any, Any], exc: StorageUnavailable
) -> Response[bytes]:
    """503 with ``Retry-After``. While a breaker is open this answers without having tried
    the dependency; the breaker logged its opening once, so each refusal only logs at debug."""
    if isinstance(exc, DependencyUnavailable):
        log.debug("dependency unavailable: %s", exc)
    else:
        log.warning("dependency unavailable: %s", exc)
    return problem_response(
        request,
        status=503,
        code="dependency_unavailable",
        detail="a backing service is unavailable; retry shortly",
        headers={"Retry-After": str(exc.retry_after)},
    )


def not_configured_handler(
    request: Request[Any, Any, Any], exc: ConfigurationError
) -> Response[bytes]:
    """A feature whose settings are missing (the vault's key ring in production): 503 that
    says what to set, logged for the operator, never a bare 500."""
    log.error("not configured: %s", exc)
    return problem_response(request, status=503, code="not_configured", detail=str(exc))


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    log.exception("unhandled error", exc_info=exc)
    return problem_response(
        request,
        status=HTTP_500_INTERNAL_SERVER_ERROR,
        code="internal_error",
        detail="an unexpected error occurred",
    )
