"""Security headers on every response, routing errors included.

A raw ASGI middleware (not an ``after_request`` hook) so that every handled response carries
them, error responses included; the problem responses Litestar makes before routing (404,
405) add them themselves (problems.py), since no middleware runs for those.

The API answers JSON only, so its Content-Security-Policy allows nothing at all; the
interactive OpenAPI pages under ``/schema`` load their scripts and styles from the CDNs
Litestar uses, and get a policy that allows exactly those. HSTS is sent on HTTPS requests,
and always with ``UMT_HSTS`` (a TLS-terminating proxy in front).
"""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

API_POLICY = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
_CDNS = "https://cdn.jsdelivr.net https://unpkg.com https://cdn.redoc.ly"
DOCS_POLICY = (
    f"default-src 'self'; script-src 'self' 'unsafe-inline' {_CDNS}; "
    f"style-src 'self' 'unsafe-inline' {_CDNS} https://fonts.googleapis.com; "
    f"font-src 'self' https://fonts.gstatic.com data:; img-src 'self' data: {_CDNS}; "
    f"connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'"
).encode()
HSTS = b"max-age=63072000; includeSubDomains"
_COMMON = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
DOCS_PREFIX = "/schema"


def headers_for(path: str, scheme: str, *, force_hsts: bool) -> list[tuple[bytes, bytes]]:
    """The security headers of a response to a request for ``path`` over ``scheme``."""
    extra = list(_COMMON)
    docs = path.startswith(DOCS_PREFIX)
    extra.append((b"content-security-policy", DOCS_POLICY if docs else API_POLICY))
    if force_hsts or scheme == "https":
        extra.append((b"strict-transport-security", HSTS))
    return extra


def security_headers(*, force_hsts: bool = False) -> type:
    """The middleware class for ``Litestar(middleware=[...])``."""

    class SecurityHeaders:
        def __init__(self, app: ASGIApp) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await self.app(scope, receive, send)
                return
            extra = headers_for(scope["path"], scope.get("scheme", "http"), force_hsts=force_hsts)

            async def send_with_headers(message: Message) -> None:
                if message["type"] == "http.response.start":
                    headers = list(message.get("headers", ()))
                    present = {name.lower() for name, _ in headers}
                    headers.extend(h for h in extra if h[0] not in present)
                    message["headers"] = headers
                await send(message)

            await self.app(scope, receive, send_with_headers)

    return SecurityHeaders
