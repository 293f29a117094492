"""The web app (web/, built by Vite into web/dist) served on the API's own origin.

Same origin means the app needs no CORS and its session cookie stays ``SameSite=Strict``.
Everything that is not the API keeps its place: ``/api``, ``/schema``, ``/health`` and
``/metrics`` are routed before the app's catch-all, and a miss under them is the API's own
404 problem, never the app's page. Under the app:

- ``/assets/…`` (file names carry a content hash) are cached for a year, ``immutable``;
- any other existing file of the build (icons, robots.txt) is cached briefly;
- every other path is a client route: ``index.html``, never cached, so a new release is
  picked up at the next load;
- a path that names a missing file (has an extension) is a 404, not the page.

The app's pages get a CSP of their own (``security_headers.APP_POLICY``): scripts only from
the origin, no inline script, no eval.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path, PurePosixPath

from litestar import Response, get
from litestar.exceptions import NotFoundException
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath
from litestar.response import File

from umt.entrypoints.http.rules import PUBLIC
from umt.entrypoints.http.security_headers import APP_POLICY

API_PREFIXES = ("/api", "/schema", "/health", "/metrics")
_IMMUTABLE = "public, max-age=31536000, immutable"
_SHORT = "public, max-age=3600"
_NEVER = "no-cache"
# Named here, not left to the host's mime.types (some have no .js): with nosniff, a script
# served as application/octet-stream is refused by the browser.
_MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".webp": "image/webp",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".txt": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json",
}


def is_app_path(path: str) -> bool:
    """Whether ``path`` belongs to the web app rather than the API."""
    return not any(path == p or path.startswith(p + "/") for p in API_PREFIXES)


def _inside(root: Path, relative: str) -> Path | None:
    """The file ``relative`` names under ``root``; None when missing or outside it."""
    parts = PurePosixPath(relative).parts
    if any(part in {"..", ""} or part.startswith(".") for part in parts):
        return None
    candidate = root.joinpath(*parts)
    try:
        resolved = candidate.resolve(strict=True)
    except OSError:
        return None
    if not resolved.is_file() or root not in resolved.parents:
        return None
    return resolved


def web_app_handlers(dist: Path | None) -> list[HTTPRouteHandler]:
    """The catch-all route serving the built app from ``dist`` (none when not built)."""
    if dist is None or not (dist / "index.html").is_file():
        return []
    root = dist.resolve()
    index = root / "index.html"

    @get("/", include_in_schema=False, opt=PUBLIC, sync_to_thread=False)
    def web_app_root() -> Response[bytes]:
        return page()

    @get("/{path:path}", include_in_schema=False, opt=PUBLIC, sync_to_thread=False)
    def web_app(path: FromPath[str]) -> Response[bytes] | File:
        if not is_app_path(path):
            raise NotFoundException()
        relative = path.lstrip("/")
        if relative:
            found = _inside(root, relative)
            if found is not None:
                cache = _IMMUTABLE if relative.startswith("assets/") else _SHORT
                return File(
                    found,
                    media_type=_media_type(found),
                    headers={"Cache-Control": cache, "Content-Security-Policy": APP_POLICY},
                    content_disposition_type="inline",
                )
            named = PurePosixPath(relative)
            if named.suffix or any(part.startswith(".") for part in named.parts):
                raise NotFoundException()
        return page()

    def page() -> Response[bytes]:
        return Response(
            index.read_bytes(),
            media_type="text/html; charset=utf-8",
            headers={"Cache-Control": _NEVER, "Content-Security-Policy": APP_POLICY},
        )

    return [web_app_root, web_app]


def _media_type(file: Path) -> str:
    known = _MEDIA_TYPES.get(file.suffix.lower())
    return known or mimetypes.guess_type(file.name)[0] or "application/octet-stream"


def resolve_web_dir(configured: str) -> Path | None:
    """``UMT_WEB_DIR`` as a folder (relative to the working directory), None when empty."""
    return Path(configured) if configured.strip() else None
