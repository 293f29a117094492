"""What the platform knows of its agents: each one's instances, from their heartbeats.

Every process that serves the API listens to heartbeats (a queue of its own), so any
instance can answer ``GET /api/v1/agents``. An instance not heard of for
``stale_after_seconds`` is shown as stale; one silent for ``forget_after_seconds`` is dropped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from umt.application.agents.catalogue import AGENTS
from umt.application.messaging.envelope import (
    HeartbeatMessage,
    InvalidMessage,
    LoopHeartbeat,
    parse_message,
)
from umt.ports.clock import Clock

log = logging.getLogger("umt.agents")


@dataclass(frozen=True, slots=True)
class InstanceView:
    instance_id: str
    status: str
    in_flight: int
    processed: int
    failed: int
    last_heartbeat: datetime
    stale: bool
    # the loops the instance runs beside the agent: each one's last tick (name → beat)
    loops: dict[str, LoopHeartbeat] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AgentView:
    name: str
    description: str
    tasks: list[str]
    event_patterns: list[str]
    instances: list[InstanceView]

    @property
    def status(self) -> str:
        """up: a live instance runs; degraded: live ones are all paused or stopping; down."""
        live = [i for i in self.instances if not i.stale and i.status != "stopping"]
        if any(i.status == "running" for i in live):
            return "up"
        return "degraded" if live else "down"

    @property
    def load(self) -> int:
        return sum(i.in_flight for i in self.instances if not i.stale)


class AgentDirectory:
    def __init__(
        self, clock: Clock, *, stale_after_seconds: float = 15, forget_after_seconds: float = 3600
    ) -> None:
        self._clock = clock
        self._stale = timedelta(seconds=stale_after_seconds)
        self._forget = timedelta(seconds=forget_after_seconds)
        self._latest: dict[tuple[str, str], tuple[HeartbeatMessage, datetime]] = {}

    async def on_heartbeat(self, body: bytes) -> None:
        try:
            message = parse_message(body)
        except InvalidMessage:
            log.warning("invalid heartbeat ignored")
            return
        if isinstance(message, HeartbeatMessage):
            self.record(message)

    def record(self, heartbeat: HeartbeatMessage) -> None:
        # the time of hearing it, not the sender's clock: skew must not hide a dead instance
        self._latest[(heartbeat.agent, heartbeat.instance_id)] = (heartbeat, self._clock.now())

    def agents(self) -> list[AgentView]:
        now = self._clock.now()
        for key, (_, heard) in list(self._latest.items()):
            if now - heard > self._forget:
                del self._latest[key]
        return [
            AgentView(
                name=agent.name,
                description=agent.description,
                tasks=sorted(agent.tasks),
                event_patterns=list(agent.event_patterns),
                instances=sorted(
                    (
                        InstanceView(
                            instance_id=beat.instance_id,
                            status=beat.status.value,
                            in_flight=beat.in_flight,
                            processed=beat.processed,
                            failed=beat.failed,
                            last_heartbeat=heard,
                            stale=now - heard > self._stale,
                            loops=dict(beat.loops or {}),
                        )
                        for (name, _), (beat, heard) in self._latest.items()
                        if name == agent.name
                    ),
                    key=lambda i: i.instance_id,
                ),
            )
            for agent in AGENTS.values()
        ]
