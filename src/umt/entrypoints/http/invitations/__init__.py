"""The identity context's invitations: sending, listing, revoking and accepting them."""

from __future__ import annotations

from umt.entrypoints.http.invitations.controllers import InvitationController
from umt.entrypoints.http.routers import ContextRouter

router = ContextRouter(route_handlers=(InvitationController,))
