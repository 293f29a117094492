"""Importing a library without the optional extras it would load for features umt never uses.

Several libraries import an optional module when it happens to be installed, at their own
import, for a feature umt does not use: pybreaker imports redis (for a synchronous storage),
httpx its command line (rich, pygments, click), dependency-injector's wiring werkzeug (for
Flask's proxies). Each costs megabytes in every server and worker process. Importing the
library while those modules are unimportable makes it take its documented fallback (each
guards the import with ``except ImportError``); afterwards the modules are importable again,
so anything that really wants them still gets them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def hiding(*modules: str) -> Iterator[None]:
    """Within the block, ``import`` of any of ``modules`` (not loaded yet) raises ImportError."""
    hidden = [name for name in modules if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # the documented way to block an import
    try:
        yield
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
