"""The registry: each command and query type to its one handler, from the contexts' modules."""

from __future__ import annotations

from umt.application.bus import Handler
from umt.application.context_module import handlers_of
from umt.application.modules import MODULES

HANDLERS: dict[type, Handler] = handlers_of(MODULES)
