"""SQLAlchemy's asyncio engine and connection without the ORM that its package imports.

umt uses SQLAlchemy Core only: ``AsyncEngine``, ``AsyncConnection`` and
``create_async_engine``. Their package, ``sqlalchemy.ext.asyncio``, also imports its
``AsyncSession`` and ``async_scoped_session`` from its ``__init__``, and with them the whole
ORM (``sqlalchemy.orm``): about 7 MiB of resident memory in every server and worker process
for code umt never runs (docs/benchmarks.md, the memory part of ``bench/http_read.py``).

This module puts a lazy stand-in for the package in ``sys.modules`` (unless the real one is
loaded already): it loads the package's ``engine`` module (and the ``base``, ``result`` and
``exc`` modules it imports) at once, runs the one statement of the package's ``__init__`` that
matters to the engine (greenlet's initialisation), and any other name of the package
(``AsyncSession``, ``async_sessionmaker``, ...) is imported from its submodule on first access
(PEP 562). So ``from sqlalchemy.ext.asyncio import AsyncConnection`` anywhere in a process
loads no ORM, and ``from sqlalchemy.ext.asyncio import AsyncSession`` (Alembic, a test) still
works, with the very classes the real package would give.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import TYPE_CHECKING, Any

_PACKAGE = "sqlalchemy.ext.asyncio"
# the names the package's __init__ exports, by the submodule it takes each from (SQLAlchemy 2)
_EXPORTS = {
    "engine": (
        "async_engine_from_config",
        "AsyncConnection",
        "AsyncEngine",
        "AsyncTransaction",
        "create_async_engine",
        "create_async_pool_from_url",
    ),
    "result": ("AsyncMappingResult", "AsyncResult", "AsyncScalarResult", "AsyncTupleResult"),
    "scoping": ("async_scoped_session",),
    "session": (
        "async_object_session",
        "async_session",
        "async_sessionmaker",
        "AsyncAttrs",
        "AsyncSession",
        "AsyncSessionTransaction",
        "close_all_sessions",
    ),
}
_SUBMODULE_OF = {name: submodule for submodule, names in _EXPORTS.items() for name in names}


class _LazyPackage(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        # anything else (a submodule such as ``exc``) is the import system's to find
        submodule = _SUBMODULE_OF.get(name)
        if submodule is None:
            raise AttributeError(f"module {_PACKAGE!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{_PACKAGE}.{submodule}"), name)
        setattr(self, name, value)
        return value


def _load_engine_module() -> types.ModuleType:
    if _PACKAGE in sys.modules:  # the real package (or the stand-in) is loaded already
        return importlib.import_module(f"{_PACKAGE}.engine")
    import sqlalchemy.ext
    from sqlalchemy.util import concurrency

    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or spec.submodule_search_locations is None:  # pragma: no cover - broken install
        raise ImportError(f"{_PACKAGE} is not installed")
    stand_in = _LazyPackage(_PACKAGE, "SQLAlchemy's asyncio package, its ORM names loaded lazily")
    stand_in.__path__ = list(spec.submodule_search_locations)
    stand_in.__spec__ = spec
    stand_in.__package__ = _PACKAGE
    stand_in.__file__ = spec.origin
    sys.modules[_PACKAGE] = stand_in
    sqlalchemy.ext.asyncio = stand_in  # as an import would set it
    engine = importlib.import_module(f"{_PACKAGE}.engine")
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
