"""Importing a library without the optional extras it would load for features umt never uses.

Several libraries import an optional module when it happens to be installed, at their own
import, for a feature umt does not use: pybreaker imports redis (for a synchronous storage),
httpx its command line (rich, pygments, click), dependency-injector's wiring werkzeug (for
Flask's proxies). Each costs megabytes in every server and worker process. Importing the
library while those modules are unimportable makes it take its documented fallback (each
guards the import with ``except ImportError``); afterwards the modules are importable again,
so anything that really wants them still gets them.

When the library itself is one another part of the process may want whole, ``privately``
gives the importer a copy of its own without the extras and leaves the library unloaded for
everyone else (umt's access tokens use PyJWT's HMAC algorithms only, and PyJWT imports
cryptography, 9 MiB, for the asymmetric ones).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
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


@contextmanager
def privately(package: str, *, without: Sequence[str]) -> Iterator[None]:
    """Within the block, ``import package`` loads a copy of ``package`` for this importer only,
    with ``without`` hidden (see ``hiding``); on the way out the copy's modules leave
    ``sys.modules``, so the next ``import package`` elsewhere loads the library whole, extras
    included. When ``package`` is loaded already, the block imports that one: the process has
    paid for the extras, and there is nothing to save."""
    if package in sys.modules:
        yield
        return
    before = set(sys.modules)
    try:
        with hiding(*without):
            yield
    finally:
        for name in set(sys.modules) - before:
            if name == package or name.startswith(package + "."):
                del sys.modules[name]
