"""The integration context: connecting platforms, and the platforms this deployment offers."""

from __future__ import annotations

from umt.entrypoints.http.integrations.controllers import IntegrationController, PlatformController
from umt.entrypoints.http.routers import ContextRouter

router = ContextRouter(route_handlers=(IntegrationController, PlatformController))
