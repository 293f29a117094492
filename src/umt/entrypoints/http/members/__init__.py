"""The identity context's members and the ownership of the organization."""

from __future__ import annotations

from umt.entrypoints.http.members.controllers import MemberController, OrganizationController
from umt.entrypoints.http.routers import ContextRouter

router = ContextRouter(route_handlers=(MemberController, OrganizationController))
