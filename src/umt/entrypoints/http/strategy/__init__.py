"""The strategy context: best times to post, recommendations, calendar proposals."""

from __future__ import annotations

from umt.entrypoints.http.routers import ContextRouter
from umt.entrypoints.http.strategy.controllers import StrategyController

router = ContextRouter(route_handlers=(StrategyController,))
