"""The channel accounts context: a brand's destinations, discovered from its integrations."""

from __future__ import annotations

from umt.entrypoints.http.channels.controllers import (
    BrandChannelsController,
    ChannelAccountController,
    DiscoveryController,
)
from umt.entrypoints.http.routers import ContextRouter

router = ContextRouter(
    route_handlers=(DiscoveryController, BrandChannelsController, ChannelAccountController)
)
