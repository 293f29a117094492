"""HTTP errors raised by the web layer itself that carry their problem ``code``."""

from __future__ import annotations

from litestar.exceptions import HTTPException


class CodedHTTPException(HTTPException):
    """An HTTP error whose problem+json ``code`` is ``code`` (not derived from the status)."""

    code = "http_error"
