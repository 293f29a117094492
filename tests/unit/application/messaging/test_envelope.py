"""The message envelope: the architecture's examples round-trip, everything else validates."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from umt.application.messaging.envelope import (
    _MESSAGE,
    EventMessage,
    Header,
    HeartbeatMessage,
    InvalidMessage,
    MessageType,
    ResponseMessage,
    SystemMessage,
    TaskMessage,
    parse_message,
)

# The two examples of the original architecture document, "Communication Patterns".
TASK_EXAMPLE = """{
  "header": {
    "message_id": "550e8400-e29b-41d4-a716-446655440000",
    "message_type": "task",
    "sender_id": "content-strategy-agent",
    "timestamp": "2025-03-26T12:34:56.789Z",
    "version": "1.0",
    "correlation_id": "550e8400-e29b-41d4-a716-446655440111",
    "reply_to": "response-queue-123",
    "priority": 1,
    "trace_id": "550e8400-e29b-41d4-a716-446655440222",
    "span_id": "550e8400-e29b-41d4-a716-446655440333"
  },
  "task_type": "analyze_content",
  "payload": {
    "content_id": "123456",
    "metrics": ["engagement", "conversion"]
  },
  "timeout_seconds": 30,
  "retry_count": 0,
  "max_retries": 3,
  "idempotency_key": "analyze-content-123456-20250326"
}"""

EVENT_EXAMPLE = """{
  "header": {
    "message_id": "550e8400-e29b-41d4-a716-446655441234",
    "message_type": "event",
    "sender_id": "content-creation-agent",
    "timestamp": "2025-03-26T12:35:00.000Z",
    "version": "1.0",
    "trace_id": "550e8400-e29b-41d4-a716-446655440222",
    "span_id": "550e8400-e29b-41d4-a716-446655443333"
  },
  "event_type": "content.created",
  "payload": {
    "content_id": "123456",
    "title": "New Blog Post",
    "brand_id": "789012"
  },
  "source_timestamp": "2025-03-26T12:34:58.000Z",
  "event_version": "1.0"
}"""


@pytest.mark.parametrize(
    ("example", "kind"), [(TASK_EXAMPLE, TaskMessage), (EVENT_EXAMPLE, EventMessage)]
)
def test_architecture_examples_parse_and_round_trip(example: str, kind: type) -> None:
    message = parse_message(example)
    assert isinstance(message, kind)
    assert json.loads(message.to_json()) == json.loads(example)
    assert parse_message(message.to_json()) == message


def header(kind: MessageType, **extra: Any) -> Header:
    return Header(
        message_id=uuid4(),
        message_type=kind,
        sender_id="brand-project",
        timestamp=datetime(2026, 1, 2, 3, 4, 5, 678_901, tzinfo=UTC),
        **extra,
    )


def test_timestamps_are_utc_milliseconds_with_z() -> None:
    task = TaskMessage(header=header(MessageType.TASK), task_type="create_brand")
    wire = json.loads(task.to_json())
    assert wire["header"]["timestamp"] == "2026-01-02T03:04:05.678Z"
    assert "correlation_id" not in wire["header"]  # empty optionals stay off the wire


@pytest.mark.parametrize(
    "message",
    [
        ResponseMessage(
            header=header(MessageType.RESPONSE, correlation_id=uuid4()),
            status="ok",
            result={"brand_id": "b1"},
        ),
        ResponseMessage(
            header=header(MessageType.RESPONSE, correlation_id=uuid4()),
            status="error",
            error={"code": "not_found", "message": "no brand", "retryable": False},
        ),
        HeartbeatMessage(
            header=header(MessageType.HEARTBEAT),
            agent="brand-project",
            instance_id="host-1:4242",
            status="running",
            in_flight=2,
            processed=10,
            failed=1,
        ),
        SystemMessage(
            header=header(MessageType.SYSTEM), command="pause", targets=["content-creation"]
        ),
    ],
)
def test_every_kind_round_trips(message: Any) -> None:
    assert parse_message(message.to_json()) == message


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda m: m.pop("header"), "header"),
        (lambda m: m["header"].update(message_type="gossip"), "$"),
        (lambda m: m["header"].update(message_type="event"), "event_type"),
        (lambda m: m["header"].update(timestamp="2025-03-26T12:34:56"), "timestamp"),
        (lambda m: m["header"].update(priority=10), "priority"),
        (lambda m: m["header"].update(message_id="not-a-uuid"), "message_id"),
        (lambda m: m.update(timeout_seconds=0), "timeout_seconds"),
        (lambda m: m.update(retry_count=4), "retry_count"),
        (lambda m: m.update(surprise=True), "surprise"),
        (lambda m: m.update(task_type="Bad Type"), "task_type"),
    ],
)
def test_invalid_messages_are_refused_with_the_reason(mutate: Any, where: str) -> None:
    document = json.loads(TASK_EXAMPLE)
    mutate(document)
    with pytest.raises(InvalidMessage) as refused:
        parse_message(json.dumps(document))
    assert refused.value.errors
    if where != "$":
        assert where in str(refused.value)


def test_garbage_is_an_invalid_message_not_a_crash() -> None:
    for raw in (b"", b"not json", b"[]", b"{}", b'{"header": 1}'):
        with pytest.raises(InvalidMessage):
            parse_message(raw)


def test_response_consistency_is_enforced() -> None:
    with pytest.raises(ValueError, match="error response needs error"):
        ResponseMessage(header=header(MessageType.RESPONSE, correlation_id=uuid4()), status="error")
    with pytest.raises(ValueError, match="correlation_id"):
        ResponseMessage(header=header(MessageType.RESPONSE), status="ok")


@given(
    task_type=st.from_regex(r"^[a-z][a-z0-9_.]{0,30}$", fullmatch=True),
    payload=st.dictionaries(
        st.text(max_size=10),
        st.one_of(st.integers(), st.text(max_size=20), st.booleans(), st.none()),
        max_size=5,
    ),
    priority=st.none() | st.integers(0, 9),
    retries=st.integers(0, 20),
    moment=st.datetimes(
        min_value=datetime(2000, 1, 1),  # noqa: DTZ001  # hypothesis bounds are naive
        max_value=datetime(2100, 1, 1),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
)
def test_any_valid_task_round_trips(
    task_type: str, payload: dict[str, Any], priority: int | None, retries: int, moment: datetime
) -> None:
    task = TaskMessage(
        header=Header(
            message_id=UUID(int=retries + 1),
            message_type=MessageType.TASK,
            sender_id="api",
            timestamp=moment,
            priority=priority,
        ),
        task_type=task_type,
        payload=payload,
        max_retries=retries,
        retry_count=retries,
    )
    assert parse_message(task.to_json()) == task


def test_published_schemas_are_current() -> None:
    """docs/messages/ holds what `umt message-schemas` writes; regenerate after a change."""
    from pathlib import Path

    from umt.application.messaging.envelope import message_schemas

    folder = Path(__file__).resolve().parents[4] / "docs" / "messages"
    for kind, schema in message_schemas().items():
        published = json.loads((folder / f"{kind}.schema.json").read_text())
        assert published == schema, f"run `umt message-schemas` to refresh {kind}"


def _union(raw: bytes) -> Any:
    """What parse_message returned before its fast path: the discriminated union alone."""
    return _MESSAGE.validate_json(raw)


@pytest.mark.parametrize(
    "message",
    [
        TaskMessage(header=header(MessageType.TASK), task_type="brand.get"),
        EventMessage(header=header(MessageType.EVENT), event_type="brand.created"),
        ResponseMessage(
            header=header(MessageType.RESPONSE, correlation_id=uuid4()), status="ok", result={}
        ),
        HeartbeatMessage(
            header=header(MessageType.HEARTBEAT),
            agent="brand-project",
            instance_id="i-1",
            status="running",
        ),
        SystemMessage(header=header(MessageType.SYSTEM), command="pause", targets=["*"]),
    ],
)
def test_the_fast_path_returns_what_the_union_returns(message: Any) -> None:
    wire = message.to_json()
    parsed = parse_message(wire)
    assert type(parsed) is type(message)
    assert parsed == message == _union(wire)
    assert parse_message(wire.decode()) == message  # str input too


def test_a_payload_that_names_another_kind_does_not_mislead_the_parser() -> None:
    # an event whose payload carries a task's wire form: the guess (task) is wrong
    inner = TaskMessage(header=header(MessageType.TASK), task_type="brand.get").to_json()
    event = EventMessage(
        header=header(MessageType.EVENT),
        event_type="agent.replayed",
        payload={"original": json.loads(inner), "note": '"message_type":"task"'},
    )
    parsed = parse_message(event.to_json())
    assert isinstance(parsed, EventMessage)
    assert parsed == event


def test_an_invalid_message_reports_the_same_errors_as_before() -> None:
    document = json.loads(TASK_EXAMPLE)
    document["timeout_seconds"] = 0
    compact = json.dumps(document, separators=(",", ":")).encode()
    assert b'"message_type":"task"' in compact  # the fast path tries it, then the union
    with pytest.raises(InvalidMessage) as refused:
        parse_message(compact)
    with pytest.raises(ValidationError) as union:
        _union(compact)
    assert [e["loc"] for e in refused.value.errors] == [
        list(e["loc"]) for e in union.value.errors()
    ]
