"""The content context's generation: variants, compliance checks, usage and budget."""

from __future__ import annotations

from umt.domain.content.budget import GenerationBudgetExhausted
from umt.entrypoints.http.domain_problems import ProblemMapping
from umt.entrypoints.http.generation.controllers import (
    GenerationController,
    GenerationUsageController,
)
from umt.entrypoints.http.generation.limits import ComplianceLimitsController
from umt.entrypoints.http.routers import ContextRouter

router = ContextRouter(
    route_handlers=(GenerationController, GenerationUsageController, ComplianceLimitsController),
    problems=(
        # the month's budget is spent: retry when the month rolls over
        ProblemMapping(
            GenerationBudgetExhausted, 429, retry_after=lambda exc: exc.retry_after_seconds
        ),
    ),
)
