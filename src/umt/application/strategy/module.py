"""The strategy context: the best times to post (``strategy.best_times``), recommendations
and calendar proposals, served by the content-strategy agent (docs/strategy.md)."""

from __future__ import annotations

from umt.application.context_module import ContextModule
from umt.application.strategy import (
    best_times,
    calendar_proposals,
    propose_calendar,
    recommend,
    recommendations,
)

MODULE = ContextModule(
    name="strategy",
    handlers=(
        best_times.find_best_times,
        recommend.generate_recommendations,
        recommendations.list_recommendations,
        recommendations.get_recommendation,
        recommendations.dismiss_recommendation,
        recommendations.accept_recommendation,
        propose_calendar.propose_calendar,
        calendar_proposals.list_calendar_proposals,
        calendar_proposals.get_calendar_proposal,
        calendar_proposals.accept_calendar_proposal,
        calendar_proposals.reject_calendar_proposal,
    ),
)
