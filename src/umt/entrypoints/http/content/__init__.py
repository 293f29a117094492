"""The content context's library: pieces, versions, review, comments and templates."""

from __future__ import annotations

from umt.domain.content.errors import ComplianceViolationsRemain
from umt.entrypoints.http.content.pieces import (
    BrandContentController,
    ContentCommentController,
    ContentController,
)
from umt.entrypoints.http.content.templates import TemplateController
from umt.entrypoints.http.domain_problems import ProblemMapping
from umt.entrypoints.http.routers import ContextRouter
from umt.entrypoints.http.schemas.common import FieldError


def _blocking_violations(exc: ComplianceViolationsRemain) -> list[FieldError]:
    """Each compliance violation that blocks approval, where it is and what it is."""
    return [FieldError(field=where, message=what) for where, what in exc.violations]


router = ContextRouter(
    route_handlers=(
        BrandContentController,
        ContentController,
        ContentCommentController,
        TemplateController,
    ),
    problems=(ProblemMapping(ComplianceViolationsRemain, field_errors=_blocking_violations),),
)
