"""Finding what the bounded contexts declare, by the layout of the tree.

A context declares its part in each layer at a conventional place (``application/<context>/
module.py``, ``adapters/sql/<context>/tables.py``); the collectors of each layer import every
such module they find, so adding a context adds files and lists it nowhere. The order is the
packages' names, so it never depends on the file system.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from types import ModuleType


def context_modules(package: str, module: str) -> list[ModuleType]:
    """``<package>.<sub>.<module>`` for every sub-package of ``package`` that has one, sorted."""
    parent = importlib.import_module(package)
    found = []
    for info in sorted(pkgutil.iter_modules(parent.__path__), key=lambda i: i.name):
        if not info.ispkg:
            continue
        name = f"{package}.{info.name}.{module}"
        if importlib.util.find_spec(name) is not None:
            found.append(importlib.import_module(name))
    return found
