"""The brand context: brands with their audiences and competitors, and projects."""

from __future__ import annotations

from umt.entrypoints.http.brand.audiences import AudienceController
from umt.entrypoints.http.brand.brands import BrandController
from umt.entrypoints.http.brand.competitors import CompetitorController
from umt.entrypoints.http.brand.projects import BrandProjectController, ProjectController
from umt.entrypoints.http.routers import ContextRouter

router = ContextRouter(
    route_handlers=(
        BrandController,
        AudienceController,
        CompetitorController,
        BrandProjectController,
        ProjectController,
    )
)
