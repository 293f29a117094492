"""The sandbox platform's OAuth consent page."""

from __future__ import annotations

from umt.entrypoints.http.routers import ContextRouter
from umt.entrypoints.http.sandbox.controllers import SandboxConsentController

router = ContextRouter(route_handlers=(SandboxConsentController,))
