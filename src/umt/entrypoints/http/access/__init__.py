"""API keys (the identity context's machine credentials) and the audit log."""

from __future__ import annotations

from umt.entrypoints.http.access.controllers import ApiKeyController, AuditLogController
from umt.entrypoints.http.routers import ContextRouter

router = ContextRouter(route_handlers=(ApiKeyController, AuditLogController))
