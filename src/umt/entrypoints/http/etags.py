"""ETags carry the resource version; If-Match turns it into an optimistic-concurrency check."""

from __future__ import annotations

from typing import Any

from litestar import Request

from umt.domain.shared.errors import StaleVersion


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(request: Request[Any, Any, Any]) -> int | None:
    """The version named by If-Match, None when absent or ``*``; unparseable never matches."""
    header = request.headers.get("if-match")
    if header is None or header.strip() == "*":
        return None
    value = header.split(",")[0].strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise StaleVersion(f"If-Match {header!r} does not name a version of this resource")
    return int(value)
