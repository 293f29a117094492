"""How the API reads a JSON request body: its media type, its nesting depth, its position errors.

Litestar decodes a handler's ``data`` through :meth:`Request.json`; :class:`JsonRequest` (the
app's request class) checks around that one call, so bodies that are fine pay two header
look-ups and two byte counts, nothing more:

- a body declared as another media type (``text/plain``, a form) is refused with 415 naming
  ``application/json``; a body without a Content-Type is read as JSON;
- a body nested deeper than :data:`MAX_JSON_DEPTH` is refused with 400 ``malformed_body`` and
  one log line — whether the decoder ran out of stack (10,000 levels raise RecursionError inside
  msgspec) or decoded it (a few hundred levels that later code might not survive);
- a body cut short says at which byte it ended (the decoder's own message does not).
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request
from litestar.exceptions import HTTPException, SerializationException

MAX_JSON_DEPTH = 64
JSON_MEDIA_TYPE = "application/json"
log = logging.getLogger("umt.http")


class JsonRequest(Request[Any, Any, Any]):
    """The app's request: JSON bodies are checked as the module says before handlers see them."""

    async def json(self) -> Any:
        body = await self.body()
        if body:
            _require_json_media_type(self.headers.get("content-type"))
        try:
            value = await super().json()
        except RecursionError:
            raise _too_deep() from None
        except SerializationException as exc:
            raise SerializationException(_with_position(str(exc), body)) from None
        # a value nests no deeper than it has openers: most bodies stop at this count
        if body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH and nested_deeper_than(
            value, MAX_JSON_DEPTH
        ):
            raise _too_deep()
        return value


def _require_json_media_type(content_type: str | None) -> None:
    if content_type is None:
        return
    media_type = content_type.partition(";")[0].strip().lower()
    if media_type == JSON_MEDIA_TYPE or (
        media_type.startswith("application/") and media_type.endswith("+json")
    ):
        return
    raise HTTPException(
        status_code=415,
        detail=f"the body is {media_type or 'untyped'!r}; send it as {JSON_MEDIA_TYPE}",
        headers={"Accept-Post": JSON_MEDIA_TYPE, "Accept-Patch": JSON_MEDIA_TYPE},
    )


def _too_deep() -> SerializationException:
    log.warning("refused a JSON request body nested deeper than %d levels", MAX_JSON_DEPTH)
    return SerializationException(f"the JSON body is nested deeper than {MAX_JSON_DEPTH} levels")


def _with_position(message: str, body: bytes) -> str:
    """msgspec names the byte of a malformed value, but not where a truncated one ends."""
    if "truncated" in message.lower():
        return f"the JSON body ends at byte {len(body)} before its value is complete"
    return message


def nested_deeper_than(value: Any, limit: int) -> bool:
    """Whether a decoded JSON value has arrays or objects more than ``limit`` levels deep
    (iteratively: the walk itself must not recurse)."""
    pending: list[tuple[Any, int]] = [(value, 1)] if isinstance(value, dict | list) else []
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False
