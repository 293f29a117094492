"""The channel accounts' fixtures (a scripted discovering platform, the vault-backed channel
credentials and the bus over them), shared by the modules of this folder."""

from tests.unit.application.channels.test_channel_handlers import (  # noqa: F401 - fixtures
    bus,
    credentials,
    meta,
    tiktok,
    x,
)
