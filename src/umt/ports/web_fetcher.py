"""The WebFetcher port: fetching a user-supplied URL politely and safely.

An implementation honours the site's robots.txt (its rules and its crawl-delay), paces its
requests per host, sends the stored validators (conditional GET), bounds time, size and
redirects, and reaches only destinations the SSRF guard permits, each redirect target
included. Whatever goes wrong is an answer (``Fetched.failure``), never an exception: a
crawl records it and goes on with the next URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class FetchFailure(StrEnum):
    """Why a fetch brought no content."""

    UNSAFE_DESTINATION = "unsafe_destination"  # the guard refused the address (SSRF)
    ROBOTS_DISALLOWED = "robots_disallowed"  # robots.txt disallows it for our user agent
    CRAWL_DELAY_TOO_LONG = "crawl_delay_too_long"  # the host asks for more than we wait
    TIMED_OUT = "timed_out"
    TOO_LARGE = "too_large"  # the body (decompressed) is over the size limit
    TOO_MANY_REDIRECTS = "too_many_redirects"
    CONNECTION_FAILED = "connection_failed"  # refused, reset, unresolvable, broken answer
    HTTP_ERROR = "http_error"  # a 4xx or 5xx status
    UNSUPPORTED = "unsupported"  # an encoding or a redirect umt does not follow


@dataclass(frozen=True, slots=True)
class Validators:
    """What a server said to recognise a version of a resource (conditional GET)."""

    etag: str | None = None
    last_modified: str | None = None

    @property
    def empty(self) -> bool:
        return self.etag is None and self.last_modified is None


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    """One fetch's answer: the content (``status`` 200), unchanged (304), or a failure."""

    url: str  # as asked
    final_url: str  # after the redirects followed
    fetched_at: datetime
    status: int | None = None
    body: bytes = b""  # decoded (Content-Encoding and gzip files), within the size limit
    content_type: str = ""  # the media type without parameters, lower case
    validators: Validators = Validators()
    failure: FetchFailure | None = None
    detail: str = ""  # what the failure was, for the crawl's report
    truncated: bool = False  # the body is the first ``max_bytes`` of a longer one (``cut``)

    @property
    def not_modified(self) -> bool:
        return self.status == 304 and self.failure is None

    @property
    def ok(self) -> bool:
        return self.failure is None and self.status is not None and 200 <= self.status < 300


class WebFetcher(Protocol):
    async def fetch(
        self,
        url: str,
        *,
        validators: Validators | None = None,
        max_bytes: int | None = None,
        cut: bool = False,
    ) -> Fetched:
        """GET ``url`` politely: conditional on ``validators``, at most ``max_bytes`` (the
        fetcher's own limit when None) after decompression. A longer body is a ``too_large``
        failure, or with ``cut`` its first ``max_bytes`` (``truncated``): a page's head and
        first screens say what a brand enrichment reads, whatever follows them."""
        ...

    async def sitemaps_of(self, site_url: str) -> list[str]:
        """The ``Sitemap:`` lines of the robots.txt of ``site_url``'s host (none when it
        has no robots.txt, or it cannot be fetched)."""
        ...

    async def close(self) -> None: ...
