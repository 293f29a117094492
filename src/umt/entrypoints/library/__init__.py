"""The library API: umt embedded in another Python service, with no HTTP in between.

    async with umt.connect(Settings(database_url="postgresql+asyncpg://...")) as platform:
        me = await platform.login("ana@example.com", "a long passphrase")
        brand = await platform.brands.create(me, name="Acme Coffee", industry="food")

Every call runs the same use case, with the same authorization, as the HTTP API, and returns
read models (frozen views from ``umt.application.*.views``), never the aggregates the use
case changed. ``platform`` holds ``Platform``; each namespace (``platform.brands``, ...) is
one module here.
"""

from __future__ import annotations

from umt.entrypoints.library.platform import Platform
from umt.entrypoints.library.session import Session

__all__ = ["Platform", "Session"]
