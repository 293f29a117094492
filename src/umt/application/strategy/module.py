"""The strategy context: the best times to post (``strategy.best_times``), recommendations
and calendar proposals, served by the content-strategy agent (docs/strategy.md)."""

from __future__ import annotations

from umt.application.context_module import ContextModule
from umt.application.strategy import best_times

MODULE = ContextModule(
    name="strategy",
    handlers=(best_times.find_best_times,),
)
