"""The publish engine's routes for people: reconcile a publication whose outcome is unknown."""

from __future__ import annotations

from umt.entrypoints.http.publishing_dispatch.controllers import ReconcileController
from umt.entrypoints.http.routers import ContextRouter

router = ContextRouter(route_handlers=(ReconcileController,))
