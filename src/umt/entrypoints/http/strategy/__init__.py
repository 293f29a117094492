"""The strategy context: best times to post, recommendations, calendar proposals."""

from __future__ import annotations

from umt.entrypoints.http.routers import ContextRouter
from umt.entrypoints.http.strategy.controllers import StrategyController
from umt.entrypoints.http.strategy.proposals import CalendarProposalController
from umt.entrypoints.http.strategy.recommendations import RecommendationController

router = ContextRouter(
    route_handlers=(StrategyController, RecommendationController, CalendarProposalController)
)
