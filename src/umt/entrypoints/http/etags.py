"""ETags carry the resource version; If-Match turns it into an optimistic-concurrency check.

A PATCH, PUT or DELETE of a versioned resource must say which version it changes
(:func:`required_version`): without If-Match it is refused with 428, so that two editors can
never silently overwrite each other. ``If-Match: *`` is the deliberate "whatever is current".
The state transitions sent as POST (archive, submit, status ...) take If-Match when given
(:func:`expected_version`). An If-Match that is not an entity tag (``banana``) is a 400; a
well-formed tag that names no version (``"banana"``, ``"99"``) fails the precondition: 412.
"""

from __future__ import annotations

import re

from umt.domain.shared.errors import StaleVersion
from umt.entrypoints.http.coded_errors import CodedHTTPException

# RFC 9110 §8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, in a comma-separated list
_ENTITY_TAG = r'\s*(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"\s*'
_IF_MATCH = re.compile(rf"\s*\*\s*|{_ENTITY_TAG}(?:,{_ENTITY_TAG})*")


class IfMatchRefused(CodedHTTPException):
    """An If-Match the API cannot act on; ``code`` is the problem's code."""

    code = "if_match_refused"


class PreconditionRequired(IfMatchRefused):
    status_code = 428
    code = "precondition_required"


class MalformedIfMatch(IfMatchRefused):
    status_code = 400
    code = "malformed_if_match"


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(header: str | None) -> int | None:
    """The version named by If-Match, None when absent or ``*``."""
    if header is None:
        return None
    if not _IF_MATCH.fullmatch(header):
        raise MalformedIfMatch(
            detail=f'If-Match must be an entity tag such as "3" (the ETag you read) or *, '
            f"not {header[:80]!r}"
        )
    if header.strip() == "*":
        return None
    value = header.split(",")[0].strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise StaleVersion(f"If-Match {header!r} does not name a version of this resource")
    return int(value)


def required_version(header: str | None) -> int | None:
    """Like :func:`expected_version`, but a missing If-Match is refused (428)."""
    if header is None:
        raise PreconditionRequired(
            detail="this change needs If-Match: send the ETag of the version you read (GET it "
            'first, e.g. If-Match: "3"), or If-Match: * to change whatever version is current'
        )
    return expected_version(header)
