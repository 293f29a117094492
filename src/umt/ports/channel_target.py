"""The channel account a capability call acts on, as an adapter needs it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from umt.domain.publishing.channel_kinds import ChannelKind


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelTarget:
    """Which destination: its kind, the platform's id for it, and the non-secret details
    discovery recorded (``DiscoveredAccount.details``). The credentials travel beside it."""

    kind: ChannelKind
    external_id: str
    details: Mapping[str, str] = field(default_factory=dict)
