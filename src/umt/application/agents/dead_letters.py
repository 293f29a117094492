"""The operator's view of an agent's dead letters: what each message was, read from its
envelope when it has a valid one (a message dead-lettered *because* it was invalid is shown
as raw bytes, with the validation error as its reason)."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from umt.application.messaging.envelope import (
    EventMessage,
    InvalidMessage,
    TaskMessage,
    parse_message,
)
from umt.domain.audit.entry import redact
from umt.ports.message_broker import DeadLetter

BODY_PREVIEW_BYTES = 64 * 1024  # what `show` prints of a body that is not JSON


@dataclass(frozen=True, slots=True, kw_only=True)
class DeadLetterView:
    id: str
    agent: str
    routing_key: str
    error: str
    attempts: int
    history: tuple[str, ...]
    kind: str  # task, event, or "invalid" for a body that is not a valid envelope
    name: str  # the task type or the event type ("" for an invalid body)
    message_id: str  # the envelope's message id ("" for an invalid body)
    sent_at: datetime | None  # the envelope's timestamp
    job_id: str | None  # the job it ran for, when a job resource tracks it

    def summary(self) -> dict[str, Any]:
        """The JSON-ready fields of ``dlq list``."""
        return {
            "id": self.id,
            "agent": self.agent,
            "kind": self.kind,
            "name": self.name,
            "message_id": self.message_id,
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
            "attempts": self.attempts,
            "error": self.error,
            "routing_key": self.routing_key,
            "job_id": self.job_id,
        }


def describe(agent: str, letter: DeadLetter) -> DeadLetterView:
    try:
        message = parse_message(letter.body)
    except InvalidMessage:
        message = None
    kind, name, job_id = "invalid", "", None
    if isinstance(message, TaskMessage):
        kind, name = "task", message.task_type
        raw_job = message.payload.get("job_id")
        job_id = str(raw_job) if raw_job is not None else None
    elif isinstance(message, EventMessage):
        kind, name = "event", message.event_type
    elif message is not None:  # a response or a system message on an agent queue
        kind = message.header.message_type.value
    return DeadLetterView(
        id=letter.id,
        agent=agent,
        routing_key=letter.routing_key,
        error=letter.error,
        attempts=letter.attempts,
        history=letter.history,
        kind=kind,
        name=name,
        message_id=str(message.header.message_id) if message is not None else "",
        sent_at=message.header.timestamp if message is not None else None,
        job_id=job_id,
    )


def body_document(letter: DeadLetter) -> Any:
    """The body for ``dlq show``: its JSON document (the values of keys that name a secret,
    a password or a token, redacted as in the audit log: a terminal is no place for them; a
    replay still sends the body as it was), else its text (bounded), else a note."""
    try:
        return redact(json.loads(letter.body))
    except (UnicodeDecodeError, json.JSONDecodeError):
        pass
    preview = letter.body[:BODY_PREVIEW_BYTES]
    try:
        text = preview.decode()
    except UnicodeDecodeError:
        return f"<{len(letter.body)} bytes, not UTF-8: {preview[:64].hex()}...>"
    cut = "" if len(letter.body) <= BODY_PREVIEW_BYTES else f"... <{len(letter.body)} bytes>"
    return text + cut


def chosen(
    letters: Sequence[DeadLetter], ids: Collection[str]
) -> tuple[list[DeadLetter], list[str]]:
    """The ``letters`` named by ``ids``, and the ids naming none. An id names the letter
    with that id, else the one letter whose id starts with it (ids are long; ``dlq list``
    shows their first characters); a prefix several ids share names none."""
    picked: list[DeadLetter] = []
    unknown: list[str] = []
    for wanted in ids:
        matches = [d for d in letters if d.id == wanted] or [
            d for d in letters if wanted and d.id.startswith(wanted)
        ]
        if len(matches) != 1:
            unknown.append(wanted)
        elif matches[0] not in picked:
            picked.append(matches[0])
    return picked, unknown
