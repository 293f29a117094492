"""The bounded contexts of umt: every ``application/<context>/module.py``, found by the layout.

A new context creates its ``module.py`` with a ``MODULE``; nothing here lists it. The registry
of handlers and the agent catalogue are derived from these (a duplicate fails at start-up).
"""

from __future__ import annotations

from umt.application.context_module import ContextModule
from umt.discovery import context_modules


def _declared() -> tuple[ContextModule, ...]:
    modules = []
    for found in context_modules("umt.application", "module"):
        declared = getattr(found, "MODULE", None)
        if not isinstance(declared, ContextModule):
            raise TypeError(f"{found.__name__} declares no MODULE = ContextModule(...)")
        modules.append(declared)
    return tuple(modules)


MODULES: tuple[ContextModule, ...] = _declared()
