"""System messages to agents: pause, resume, shut down, addressed by agent or instance."""

from __future__ import annotations

from collections.abc import Sequence

from umt.application.agents.worker import SYSTEM_EVENT
from umt.application.messaging.envelope import Header, MessageType, SystemCommand, SystemMessage
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.message_broker import MessageBroker


async def send_system_command(
    broker: MessageBroker,
    command: str,
    targets: Sequence[str],
    *,
    clock: Clock,
    ids: IdGenerator,
    sender_id: str = "operator",
) -> SystemMessage:
    """Every instance listening receives it; those named (or all, for ``*``) obey."""
    message = SystemMessage(
        header=Header(
            message_id=ids.new_id(),
            message_type=MessageType.SYSTEM,
            sender_id=sender_id,
            timestamp=clock.now(),
        ),
        command=SystemCommand(command),
        targets=list(targets),
    )
    await broker.publish_event(SYSTEM_EVENT, message.to_json())
    return message
