"""The publishing calendar's routes, and the problems that list each violation or conflict."""

from __future__ import annotations

from umt.application.publishing.conflicts import PublicationConflicts
from umt.domain.publishing.rendering import RenderingRefused
from umt.entrypoints.http.domain_problems import ProblemMapping
from umt.entrypoints.http.publishing.controllers import PublicationController
from umt.entrypoints.http.publishing.evergreen import EvergreenController
from umt.entrypoints.http.publishing.plans import PlannedPublicationController
from umt.entrypoints.http.publishing.schedules import ScheduleController
from umt.entrypoints.http.routers import ContextRouter
from umt.entrypoints.http.schemas.common import FieldError


def _conflicts(exc: PublicationConflicts) -> list[FieldError]:
    """Each conflict at the place in the request it concerns, with its code."""
    return [FieldError(field=c.field, message=f"{c.code}: {c.message}") for c in exc.conflicts]


def _violations(exc: RenderingRefused) -> list[FieldError]:
    """Each error-level rule the post breaks, located in the post."""
    return [
        FieldError(field=v.location or "content", message=f"{v.code}: {v.message}")
        for v in exc.rendering.errors
    ]


router = ContextRouter(
    route_handlers=(
        PublicationController,
        ScheduleController,
        PlannedPublicationController,
        EvergreenController,
    ),
    problems=(
        ProblemMapping(PublicationConflicts, field_errors=_conflicts),
        ProblemMapping(RenderingRefused, field_errors=_violations),
    ),
)
