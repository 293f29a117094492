"""The idempotency fingerprint is stored (Redis, the database) for a day: its bytes must not
change between versions, or duplicates delivered across a deploy would be refused as reused
keys."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from umt.application.agents.execution import fingerprint
from umt.application.messaging.envelope import Header, MessageType, TaskMessage

# sha256 of the compact JSON of ["brand.create", payload without job_id], keys sorted
PINNED = "0cd78efb1dd821048ad2d79806366537a0d420821b413ade908e396b978105ca"


def task(payload: dict[str, Any]) -> TaskMessage:
    return TaskMessage(
        header=Header(
            message_id=UUID(int=1),
            message_type=MessageType.TASK,
            sender_id="api",
            timestamp=datetime(2026, 1, 1, tzinfo=UTC),
        ),
        task_type="brand.create",
        payload=payload,
    )


def test_the_fingerprint_is_stable_across_versions() -> None:
    payload = {
        "input": {"name": "Acme", "tags": ["b", "a"], "n": 1.5},
        "actor": {"user_id": "u", "role": "owner"},
    }
    assert fingerprint(task(payload)) == PINNED
    assert fingerprint(task({**payload, "job_id": "j1"})) == PINNED  # the job id is left out


def test_key_order_does_not_matter_but_values_do() -> None:
    one = task({"actor": {"role": "owner", "user_id": "u"}, "input": {"n": 1, "m": 2}})
    same = task({"input": {"m": 2, "n": 1}, "actor": {"user_id": "u", "role": "owner"}})
    other = task({"input": {"m": 2, "n": 3}, "actor": {"user_id": "u", "role": "owner"}})
    assert fingerprint(one) == fingerprint(same) != fingerprint(other)
