"""umt, the Ultimate Marketing Team: an AI-powered marketing platform.

Embed it in another Python service with :func:`umt.connect`::

    await umt.migrate(settings)  # once per database (what `umt migrate` does)
    async with umt.connect(settings) as platform:
        session = await platform.login("owner@example.com", "a long passphrase")
        brand = await platform.brands.create(session, name="Acme")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "connect", "migrate"]

if TYPE_CHECKING:
    from umt.entrypoints.library import Platform
    from umt.entrypoints.settings import Settings


def connect(
    settings: Settings | None = None, *, migrate: bool = False, **overrides: Any
) -> Platform:
    """Open the platform in-process; use as ``async with umt.connect(...) as platform``.

    On a database that was never migrated, entering raises ``umt.ports.errors.SchemaMissing``
    saying what to run; ``migrate=True`` migrates an embedded SQLite database first.
    """
    from umt.entrypoints.library import Platform  # imported lazily: keep `import umt` light

    return Platform.from_settings(settings, migrate=migrate, **overrides)


async def migrate(settings: Settings | None = None) -> list[str]:
    """Bring the database of ``settings`` (``UMT_*`` by default) to the newest schema, as
    ``umt migrate`` does; returns the revisions it applied, oldest first (none when current)."""
    from umt.entrypoints import schema
    from umt.entrypoints.settings import Settings

    return await schema.migrate(settings or Settings())
