"""SQLAlchemy's asyncio engine and connection without the ORM that its package imports.

umt uses SQLAlchemy Core only: ``AsyncEngine``, ``AsyncConnection`` and
``create_async_engine``. Their package, ``sqlalchemy.ext.asyncio``, also imports its
``AsyncSession`` and ``async_scoped_session`` from its ``__init__``, and with them the whole
ORM (``sqlalchemy.orm``): about 7 MiB of resident memory in every server and worker process
for code umt never runs (docs/benchmarks.md, the memory part of ``bench/http_read.py``).

This module loads the package's ``engine`` module (and the ``base``, ``result`` and ``exc``
modules it imports) under a bare stand-in for the package, runs the one statement of the
package's ``__init__`` that matters to the engine (greenlet's initialisation), then takes the
stand-in out of ``sys.modules``. The submodules stay loaded, so a later ``import
sqlalchemy.ext.asyncio`` (Alembic's migrations, a test using ``AsyncSession``) runs the real
``__init__``, which finds them and re-exports the very same classes: ``isinstance`` and the
type checker see one ``AsyncEngine``. Every umt module imports these names from here.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import TYPE_CHECKING

_PACKAGE = "sqlalchemy.ext.asyncio"


def _load_engine_module() -> types.ModuleType:
    loaded = sys.modules.get(f"{_PACKAGE}.engine")
    if loaded is not None:  # the package (or this module, earlier) has loaded it already
        return loaded
    import sqlalchemy.ext
    from sqlalchemy.util import concurrency

    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or spec.submodule_search_locations is None:  # pragma: no cover - broken install
        raise ImportError(f"{_PACKAGE} is not installed")
    stand_in = types.ModuleType(_PACKAGE)
    stand_in.__path__ = list(spec.submodule_search_locations)
    stand_in.__spec__ = spec
    stand_in.__package__ = _PACKAGE
    sys.modules[_PACKAGE] = stand_in
    try:
        engine = importlib.import_module(f"{_PACKAGE}.engine")
    finally:
        # The real package replaces the stand-in on its first import; the attribute would
        # otherwise keep the stand-in reachable as ``sqlalchemy.ext.asyncio``.
        if sys.modules.get(_PACKAGE) is stand_in:
            del sys.modules[_PACKAGE]
        if getattr(sqlalchemy.ext, "asyncio", None) is stand_in:
            delattr(sqlalchemy.ext, "asyncio")
    # What the package's __init__ does after its imports: greenlet for the async bridge.
    concurrency._concurrency_shim._initialize()
    return engine


if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
else:
    _engine = _load_engine_module()
    AsyncConnection = _engine.AsyncConnection
    AsyncEngine = _engine.AsyncEngine
    create_async_engine = _engine.create_async_engine

__all__ = ["AsyncConnection", "AsyncEngine", "create_async_engine"]
