"""ETags carry the resource version; If-Match turns it into an optimistic-concurrency check."""

from __future__ import annotations

from umt.domain.shared.errors import StaleVersion


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(header: str | None) -> int | None:
    """The version named by If-Match, None when absent or ``*``; unparseable never matches."""
    if header is None or header.strip() == "*":
        return None
    value = header.split(",")[0].strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise StaleVersion(f"If-Match {header!r} does not name a version of this resource")
    return int(value)
