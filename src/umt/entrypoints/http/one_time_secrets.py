"""Responses that show a secret once: tokens, API keys, signing secrets, an OAuth start.

A route that answers such a secret declares it with :func:`secret_route`, which

- sends ``Cache-Control: no-store`` and ``Pragma: no-cache`` (RFC 6749 §5.1, and RFC 9111 for
  every cache between the server and the client), and
- names the body's fields that hold the secret, so that the idempotency middleware keeps a
  replay without them: a stored outcome is a copy of the secret at rest, in Redis in
  production, for as long as the key lives. A replay (``Idempotent-Replayed: true``) has those
  fields ``null`` and a ``notice`` that says they were shown once; it drops ``Set-Cookie`` too.

A test reads the OpenAPI document and fails for a route whose success body has a field that
looks like a secret but is not declared here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import msgspec
from litestar.datastructures import ResponseHeader
from litestar.types import Scope

SECRET_FIELDS = "secret_fields"  # noqa: S105  # the key in a route's ``opt``, not a secret
NO_STORE_HEADERS = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def secret_route(rule: Mapping[str, Any], *fields: str) -> dict[str, Any]:
    """Keywords for a route decorator: its authorization ``rule`` (see rules.py), the fields of
    its body that hold a secret, and the headers that keep every cache from storing it::

        @post("/", **secret_route(requires(Permission.API_KEYS_MANAGE), "key"))
    """
    return {
        "opt": {**rule, SECRET_FIELDS: fields},
        "response_headers": [
            ResponseHeader(name=name, value=value, description="the body holds a secret")
            for name, value in NO_STORE_HEADERS.items()
        ],
    }


def declared_secret_fields(scope: Scope) -> tuple[str, ...]:
    """The secret fields of the route that serves ``scope`` (none before routing)."""
    handler = scope.get("route_handler")
    if handler is None:
        return ()
    return tuple(handler.opt.get(SECRET_FIELDS, ()))


def withhold(body: bytes, fields: Sequence[str]) -> bytes | None:
    """``body`` with ``fields`` set to null and a notice saying they were shown once; None
    when the body is not a JSON object (then nothing may be stored)."""
    try:
        document = msgspec.json.decode(body)
    except msgspec.DecodeError:
        return None
    if not isinstance(document, dict):
        return None
    withheld = [name for name in fields if document.get(name) is not None]
    if not withheld:
        return body  # an error, or a body without the secret: nothing to take out
    for name in withheld:
        document[name] = None
    document["notice"] = (
        f"{', '.join(withheld)} shown once, in the first response to this Idempotency-Key;"
        " it is not kept, so a replay cannot show it again"
    )
    return msgspec.json.encode(document)
