"""The attribution context: conversion paths, tagged events and the attribution report."""

from __future__ import annotations

from umt.domain.attribution.errors import PathsRejected
from umt.entrypoints.http.attribution.controllers import AttributionController
from umt.entrypoints.http.domain_problems import ProblemMapping
from umt.entrypoints.http.routers import ContextRouter
from umt.entrypoints.http.schemas.common import FieldError

MAX_LISTED = 2_000  # entries of a rejected batch's problem (its detail counts them all)


def _listed(exc: PathsRejected) -> list[FieldError]:
    return [FieldError(field=p.field, message=p.message) for p in exc.problems[:MAX_LISTED]]


router = ContextRouter(
    route_handlers=(AttributionController,),
    problems=(ProblemMapping(PathsRejected, field_errors=_listed),),
)
