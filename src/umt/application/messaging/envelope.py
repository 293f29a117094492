"""The message envelope of the original architecture, as versioned pydantic models.

Every message carries a ``header``; the body depends on ``header.message_type``. Timestamps are
UTC and travel as millisecond ISO-8601 with ``Z`` (``2025-03-26T12:34:56.789Z``). Optional
header fields are left out of the JSON when empty, so the documented examples round-trip
byte for byte.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    TypeAdapter,
    ValidationError,
    model_validator,
)

ENVELOPE_VERSION = "1.0"


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("timestamps must carry a timezone (UTC, e.g. ...Z)")
    moment = value.astimezone(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def iso_millis(value: datetime) -> str:
    """A timestamp as the envelope writes it: UTC, milliseconds, ``Z``."""
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


UtcTimestamp = Annotated[
    datetime,
    AfterValidator(_utc),
    PlainSerializer(iso_millis, return_type=str, when_used="json"),
    Field(examples=["2025-03-26T12:34:56.789Z"]),
]
Identifier = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9._:@/-]+$")]
# W3C trace context ids (32/16 hex) or the UUIDs of the original architecture's examples
TraceId = Annotated[
    str, Field(pattern=r"^([0-9a-f]{32}|[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})$")
]
SpanId = Annotated[
    str, Field(pattern=r"^([0-9a-f]{16}|[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})$")
]
DottedName = Annotated[
    str, Field(min_length=3, max_length=100, pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
]
TaskType = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[a-z][a-z0-9_.]*$")]
Payload = dict[str, Any]


class MessageType(StrEnum):
    TASK = "task"
    EVENT = "event"
    RESPONSE = "response"
    HEARTBEAT = "heartbeat"
    SYSTEM = "system"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Header(_Model):
    """Routing, tracing and bookkeeping shared by every message."""

    message_id: UUID
    message_type: MessageType
    sender_id: Identifier
    timestamp: UtcTimestamp
    version: Annotated[str, Field(pattern=r"^1\.\d+$")] = ENVELOPE_VERSION
    correlation_id: UUID | None = None
    reply_to: Identifier | None = None
    priority: Annotated[int, Field(ge=0, le=9)] | None = None
    trace_id: TraceId | None = None
    span_id: SpanId | None = None
    expiration: UtcTimestamp | None = None


class _Message(_Model):
    header: Header

    def to_json(self) -> bytes:
        """The wire form: compact JSON without empty optional fields."""
        return self.model_dump_json(exclude_none=True).encode()

    def _expect(self, kind: MessageType) -> None:
        if self.header.message_type is not kind:
            raise ValueError(f"header.message_type must be {kind.value!r} for this body")


class TaskMessage(_Message):
    """Work for one agent; at most ``max_retries`` further attempts, one idempotent effect."""

    task_type: TaskType
    payload: Payload = Field(default_factory=dict)
    timeout_seconds: Annotated[int, Field(ge=1, le=3600)] = 30
    retry_count: Annotated[int, Field(ge=0)] = 0
    max_retries: Annotated[int, Field(ge=0, le=20)] = 3
    idempotency_key: Annotated[str, Field(min_length=1, max_length=200)] | None = None

    @model_validator(mode="after")
    def _is_task(self) -> TaskMessage:
        self._expect(MessageType.TASK)
        if self.retry_count > self.max_retries:
            raise ValueError("retry_count cannot exceed max_retries")
        return self


class EventMessage(_Message):
    """A fact that happened, published to whoever subscribes to ``event_type``."""

    event_type: DottedName
    payload: Payload = Field(default_factory=dict)
    source_timestamp: UtcTimestamp | None = None
    event_version: Annotated[str, Field(pattern=r"^\d+\.\d+$")] = "1.0"

    @model_validator(mode="after")
    def _is_event(self) -> EventMessage:
        self._expect(MessageType.EVENT)
        return self


class ErrorInfo(_Model):
    code: Annotated[str, Field(min_length=1, max_length=100)]
    message: Annotated[str, Field(max_length=2000)]
    retryable: bool = False
    details: Payload = Field(default_factory=dict)


class ResponseMessage(_Message):
    """The reply to a task: ``result`` when ok, ``error`` when not (never both)."""

    status: Literal["ok", "error"]
    result: Payload | None = None
    error: ErrorInfo | None = None

    @model_validator(mode="after")
    def _is_response(self) -> ResponseMessage:
        self._expect(MessageType.RESPONSE)
        if self.header.correlation_id is None:
            raise ValueError("a response needs header.correlation_id (the task's message_id)")
        if self.status == "ok" and self.error is not None:
            raise ValueError("an ok response carries no error")
        if self.status == "error" and self.error is None:
            raise ValueError("an error response needs error")
        return self


class AgentStatus(StrEnum):
    STARTING = "starting"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPING = "stopping"


class LoopHeartbeat(BaseModel):
    """The last tick of a background loop running beside the agent (the publication ticker)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    last_tick: UtcTimestamp
    handled: Annotated[int, Field(ge=0)] = 0  # items handed on by that tick
    lag_seconds: Annotated[float, Field(ge=0)] = 0.0  # how late the oldest of them was
    counts: dict[Identifier, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)


class HeartbeatMessage(_Message):
    """An agent instance's periodic sign of life and load."""

    agent: Identifier
    instance_id: Identifier
    status: AgentStatus
    in_flight: Annotated[int, Field(ge=0)] = 0
    processed: Annotated[int, Field(ge=0)] = 0
    failed: Annotated[int, Field(ge=0)] = 0
    # the loops the process runs beside this agent, by name (absent when none)
    loops: Annotated[dict[Identifier, LoopHeartbeat], Field(max_length=50)] | None = None

    @model_validator(mode="after")
    def _is_heartbeat(self) -> HeartbeatMessage:
        self._expect(MessageType.HEARTBEAT)
        return self


class SystemCommand(StrEnum):
    SHUTDOWN = "shutdown"
    PAUSE = "pause"
    RESUME = "resume"


class SystemMessage(_Message):
    """An operator's command to agents: ``targets`` names agents or instances, ``*`` all."""

    command: SystemCommand
    targets: Annotated[list[Identifier | Literal["*"]], Field(min_length=1, max_length=100)]

    @model_validator(mode="after")
    def _is_system(self) -> SystemMessage:
        self._expect(MessageType.SYSTEM)
        return self


def _message_type(value: Any) -> str | None:
    header = value.get("header") if isinstance(value, dict) else getattr(value, "header", None)
    if isinstance(header, dict):
        kind = header.get("message_type")
    else:
        kind = getattr(header, "message_type", None)
    return str(kind.value if isinstance(kind, MessageType) else kind) if kind else None


Message = Annotated[
    Annotated[TaskMessage, Tag("task")]
    | Annotated[EventMessage, Tag("event")]
    | Annotated[ResponseMessage, Tag("response")]
    | Annotated[HeartbeatMessage, Tag("heartbeat")]
    | Annotated[SystemMessage, Tag("system")],
    Discriminator(
        _message_type,
        custom_error_type="unknown_message_type",
        custom_error_message="header.message_type must be one of: "
        + ", ".join(kind.value for kind in MessageType),
    ),
]
_MESSAGE: TypeAdapter[Message] = TypeAdapter(Message)


class InvalidMessage(ValueError):
    """The bytes are not a valid envelope; ``errors`` lists every problem with its location."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        summary = "; ".join(f"{'.'.join(map(str, e['loc'])) or '$'}: {e['msg']}" for e in errors)
        super().__init__(f"invalid message: {summary}")
        self.errors = errors


# The compact form of each kind's header field, as ``to_json`` writes it, and the model it
# names. Most messages are found by the first one or two (tasks, then events).
_KINDS: tuple[tuple[bytes, type[_Message]], ...] = tuple(
    (f'"message_type":"{kind}"'.encode(), model)
    for kind, model in (
        ("task", TaskMessage),
        ("event", EventMessage),
        ("response", ResponseMessage),
        ("heartbeat", HeartbeatMessage),
        ("system", SystemMessage),
    )
)


def parse_message(raw: bytes | str) -> Message:
    """Validate wire bytes into the message class its ``header.message_type`` names.

    Fast path: when the bytes name a kind in compact form, that kind's model validates them
    straight from JSON (each model checks ``header.message_type`` itself, so a message it
    accepts is exactly what the union would return). The union's callable discriminator
    first turns the whole document into Python objects, about a third more work per message.
    Anything else, and any message the guess rejects, goes through the union, which reports
    the errors.
    """
    wire = raw.encode() if isinstance(raw, str) else raw
    for marker, model in _KINDS:
        if marker in wire:
            try:
                return model.model_validate_json(wire)  # type: ignore[return-value]  # a member
            except ValidationError:
                break
    try:
        return _MESSAGE.validate_json(raw)
    except ValidationError as exc:
        errors = [
            {"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]}
            for e in exc.errors(include_url=False, include_context=False, include_input=False)
        ]
        raise InvalidMessage(errors) from None


def message_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema of each message kind, as published in docs/messages/."""
    kinds: dict[str, type[BaseModel]] = {
        "task": TaskMessage,
        "event": EventMessage,
        "response": ResponseMessage,
        "heartbeat": HeartbeatMessage,
        "system": SystemMessage,
    }
    return {name: model.model_json_schema(mode="serialization") for name, model in kinds.items()}
