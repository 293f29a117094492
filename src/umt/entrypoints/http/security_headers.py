"""Security headers on every response, routing errors included.

The edge middleware (edge.py) adds them to every handled response, error responses included;
the problem responses Litestar makes before routing (404, 405) add them themselves
(problems.py), since no middleware runs for those.

The API answers JSON only, so its Content-Security-Policy allows nothing at all; the
interactive OpenAPI pages under ``/schema`` load their scripts and styles from the CDNs
Litestar uses, and get a policy that allows exactly those. HSTS is sent on HTTPS requests,
and always with ``UMT_HSTS`` (a TLS-terminating proxy in front).
"""

from __future__ import annotations

API_POLICY = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
_CDNS = "https://cdn.jsdelivr.net https://unpkg.com https://cdn.redoc.ly"
DOCS_POLICY = (
    f"default-src 'self'; script-src 'self' 'unsafe-inline' {_CDNS}; "
    f"style-src 'self' 'unsafe-inline' {_CDNS} https://fonts.googleapis.com; "
    f"font-src 'self' https://fonts.gstatic.com data:; img-src 'self' data: {_CDNS}; "
    f"connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'"
).encode()
# The web app's pages (web_app.py): scripts, fonts and images from the origin only, no inline
# script and no eval; inline styles are allowed because the component library (MUI, through
# Emotion) writes its styles into <style> elements at run time.
APP_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
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
