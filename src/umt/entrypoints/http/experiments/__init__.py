"""The experiments context: design, lifecycle, assignment, events and analysis."""

from __future__ import annotations

from umt.domain.experiments.errors import InvalidObservations
from umt.entrypoints.http.domain_problems import ProblemMapping, field_errors_of
from umt.entrypoints.http.experiments.controllers import ExperimentController
from umt.entrypoints.http.routers import ContextRouter
from umt.entrypoints.http.schemas.common import FieldError


def _observation_errors(exc: InvalidObservations) -> list[FieldError]:
    """Each refused event of a batch, by its place in the batch."""
    if not exc.errors:
        return field_errors_of(exc)
    return [FieldError(field=field, message=message) for field, message in exc.errors]


router = ContextRouter(
    route_handlers=(ExperimentController,),
    problems=(ProblemMapping(InvalidObservations, field_errors=_observation_errors),),
)
