"""umt, the Ultimate Marketing Team: an AI-powered marketing platform.

Embed it in another Python service with :func:`umt.connect`::

    async with umt.connect(settings) as platform:
        session = await platform.login("owner@example.com", "a long passphrase")
        brand = await platform.brands.create(session, name="Acme")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "connect"]

if TYPE_CHECKING:
    from umt.entrypoints.library import Platform
    from umt.entrypoints.settings import Settings


def connect(settings: Settings | None = None, **overrides: Any) -> Platform:
    """Open the platform in-process; use as ``async with umt.connect(...) as platform``."""
    from umt.entrypoints.library import Platform  # imported lazily: keep `import umt` light

    return Platform.from_settings(settings, **overrides)
