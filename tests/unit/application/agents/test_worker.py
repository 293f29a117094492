"""The agent runtime on the in-process broker: answers, idempotency, errors, dead letters."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from tests.support.test_agent import CALLS, TEST_AGENT
from tests.unit.application.agents.harness import Runtime, eventually, serve_test_agent

from umt.application import log_context
from umt.application.agents.catalogue import BRAND_PROJECT, CONTENT_CREATION
from umt.application.agents.worker import ALERT_EVENT
from umt.application.messaging.envelope import AgentStatus, parse_message
from umt.application.principal import Principal
from umt.domain.identity.permissions import Role


def brand_count(runtime: Runtime) -> int:
    return len(runtime.store.brands)


async def test_a_task_runs_its_use_case_and_answers_with_the_result(
    runtime: Runtime, owner: Principal
) -> None:
    await runtime.start(BRAND_PROJECT)
    client = await runtime.requester()
    task = runtime.task("brand.create", owner, input={"name": "Acme Coffee", "industry": "coffee"})
    response = await client.request("brand-project", task)
    assert response.status == "ok", response
    assert response.header.correlation_id == task.header.message_id
    assert response.result is not None
    assert response.result["name"] == "Acme Coffee"
    assert response.result["slug"] == "acme-coffee"
    assert str(response.result["organization_id"]) == str(owner.organization_id)
    assert brand_count(runtime) == 1


async def test_a_duplicate_delivery_returns_the_stored_result_without_a_second_effect(
    runtime: Runtime, owner: Principal
) -> None:
    await runtime.start(BRAND_PROJECT)
    client = await runtime.requester()
    task = runtime.task("brand.create", owner, input={"name": "Once"})
    first = await client.request("brand-project", task)
    again = await client.request("brand-project", task)  # the same message id: a redelivery
    assert first.status == again.status == "ok"
    assert first.result == again.result
    assert brand_count(runtime) == 1
    assert runtime.workers[0].counters.duplicates == 1


async def test_the_inbox_stops_a_second_effect_even_when_the_stored_result_is_lost(
    runtime: Runtime, owner: Principal
) -> None:
    """A worker that died between its commit and storing the outcome: the redelivery finds
    the key in the inbox (written with the effect) and applies nothing."""
    await runtime.start(BRAND_PROJECT)
    client = await runtime.requester()
    task = runtime.task("brand.create", owner, input={"name": "Crash window"})
    assert (await client.request("brand-project", task)).status == "ok"
    runtime.idempotency._entries.clear()  # the outcome never got stored
    again = await client.request("brand-project", task)
    assert again.status == "ok"
    assert again.result == {"already_processed": True}
    assert brand_count(runtime) == 1


async def test_the_same_idempotency_key_with_another_payload_is_refused(
    runtime: Runtime, owner: Principal
) -> None:
    await runtime.start(BRAND_PROJECT)
    client = await runtime.requester()
    first = runtime.task("brand.create", owner, input={"name": "One"}, idempotency_key="k-1")
    other = runtime.task("brand.create", owner, input={"name": "Two"}, idempotency_key="k-1")
    assert (await client.request("brand-project", first)).status == "ok"
    refused = await client.request("brand-project", other)
    assert refused.status == "error"
    assert refused.error is not None
    assert refused.error.code == "idempotency_key_reused"
    assert brand_count(runtime) == 1


async def test_a_client_error_is_answered_at_once_and_never_retried(
    runtime: Runtime, owner: Principal
) -> None:
    await runtime.start(BRAND_PROJECT)
    client = await runtime.requester()
    viewer = Principal.for_member(owner.user_id, owner.organization_id, Role.VIEWER)
    denied = await client.request(
        "brand-project", runtime.task("brand.create", viewer, input={"name": "No"})
    )
    invalid = await client.request(
        "brand-project", runtime.task("brand.create", owner, input={"name": 42, "extra": 1})
    )
    assert denied.error is not None
    assert denied.error.code == "permission_denied"
    assert denied.error.retryable is False
    assert invalid.error is not None
    assert invalid.error.code == "invalid_payload"
    assert invalid.error.details["errors"], invalid.error
    worker = runtime.workers[0]
    assert worker.counters.retried == 0
    assert await runtime.broker.dead_letters("brand-project") == []
    assert brand_count(runtime) == 0


async def test_a_task_the_agent_does_not_serve_gets_a_typed_error(runtime: Runtime) -> None:
    await runtime.start(CONTENT_CREATION)
    client = await runtime.requester()
    response = await client.request(
        "content-creation", runtime.task("content.generate", None, input={"topic": "coffee"})
    )
    assert response.status == "error"
    assert response.error is not None
    assert response.error.code == "task_not_implemented"
    assert response.result is None


async def test_an_expired_task_is_not_run(runtime: Runtime, owner: Principal) -> None:
    await runtime.start(BRAND_PROJECT)
    client = await runtime.requester()
    past = datetime.now(UTC) - timedelta(seconds=1)
    task = runtime.task("brand.create", owner, input={"name": "Late"}, expiration=past)
    response = await client.request("brand-project", task)
    assert response.error is not None
    assert response.error.code == "task_expired"
    assert brand_count(runtime) == 0


async def test_an_invalid_message_is_dead_lettered_and_the_queue_moves_on(
    runtime: Runtime, owner: Principal
) -> None:
    await runtime.start(BRAND_PROJECT)
    await runtime.broker.publish_task("brand-project", b'{"header": {"message_type": "task"}}')
    await runtime.broker.publish_task("brand-project", b"not json at all")
    client = await runtime.requester()
    response = await client.request(
        "brand-project", runtime.task("brand.create", owner, input={"name": "After"})
    )
    assert response.status == "ok"
    dead = await runtime.broker.dead_letters("brand-project")
    assert len(dead) == 2
    assert "header.message_id" in dead[0].error  # the validation error names the field
    assert "invalid message" in dead[1].error
    assert runtime.workers[0].counters.invalid == 2


# -- failures of handlers: transient, bug, fatal -----------------------------------------------


@pytest.fixture
def failing(runtime: Runtime) -> Runtime:
    serve_test_agent(runtime)
    return runtime


async def test_a_transient_failure_is_retried_with_backoff_until_it_succeeds(
    failing: Runtime,
) -> None:
    await failing.start(TEST_AGENT)
    client = await failing.requester()
    name = uuid.uuid4().hex
    task = failing.task("test.flaky", None, input={"failures": 2, "name": name}, max_retries=3)
    response = await client.request("test-agent", task)
    assert response.status == "ok"
    assert response.result == {"calls": 3}
    assert failing.workers[0].counters.retried == 2


async def test_exhausted_retries_dead_letter_the_task_with_its_history(failing: Runtime) -> None:
    await failing.start(TEST_AGENT)
    client = await failing.requester()
    name = uuid.uuid4().hex
    task = failing.task("test.flaky", None, input={"failures": 99, "name": name}, max_retries=2)
    response = await client.request("test-agent", task)
    assert response.status == "error"
    assert response.error is not None
    assert response.error.code == "unavailable"
    assert response.error.retryable is True
    dead = await failing.broker.dead_letters("test-agent")
    assert len(dead) == 1
    assert dead[0].attempts == 3  # the first delivery and two retries
    assert len(dead[0].history) == 3
    assert "restarting" in dead[0].error
    assert CALLS[name] == 3


class TraceCapture(logging.Handler):
    """The trace id bound to the logging context when each line was written."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[tuple[str, str | None]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append((record.getMessage(), log_context.current_trace_id()))


async def test_a_bug_is_dead_lettered_at_once_and_logged_with_the_trace_id(
    failing: Runtime,
) -> None:
    await failing.start(TEST_AGENT)
    client = await failing.requester()
    trace = uuid.uuid4().hex
    capture = TraceCapture()
    logger = logging.getLogger("umt.agents")
    level = logger.level
    logger.setLevel(logging.ERROR)  # whatever an earlier test configured for "umt"
    logger.addHandler(capture)
    try:
        response = await client.request(
            "test-agent", failing.task("test.boom", None, trace_id=trace)
        )
    finally:
        logger.removeHandler(capture)
        logger.setLevel(level)
    assert response.error is not None
    assert response.error.code == "internal_error"
    assert "KeyError" in response.error.message
    dead = await failing.broker.dead_letters("test-agent")
    assert len(dead) == 1
    assert dead[0].attempts == 1
    assert failing.workers[0].counters.retried == 0
    assert [t for m, t in capture.lines if m.startswith("task failed")] == [trace]


async def test_a_fatal_error_stops_consumption_and_raises_an_alert(failing: Runtime) -> None:
    alerts: list[bytes] = []

    async def on_alert(body: bytes) -> None:
        alerts.append(body)

    await failing.broker.listen([ALERT_EVENT], on_alert)
    worker = await failing.start(TEST_AGENT)
    client = await failing.requester()
    response = await client.request("test-agent", failing.task("test.corrupt", None))
    assert response.error is not None
    assert response.error.code == "corrupt_data"
    await eventually(lambda: worker.status is AgentStatus.PAUSED)
    assert len(alerts) == 1
    alert = json.loads(alerts[0])
    assert alert["payload"]["code"] == "corrupt_data"
    assert alert["payload"]["agent"] == "test-agent"
    # it takes no more work: the next task waits in the queue
    with pytest.raises(TimeoutError):
        await client.request(
            "test-agent",
            failing.task("test.sleep", None, input={"seconds": 0}),
            timeout_seconds=0.3,
        )


async def test_the_task_timeout_is_enforced(failing: Runtime) -> None:
    await failing.start(TEST_AGENT)
    client = await failing.requester()
    task = failing.task("test.sleep", None, input={"seconds": 5}, timeout_seconds=1, max_retries=0)
    response = await client.request("test-agent", task, timeout_seconds=4)
    assert response.error is not None
    assert response.error.code == "unavailable"  # a timeout is transient
    assert len(await failing.broker.dead_letters("test-agent")) == 1


async def test_graceful_stop_lets_in_flight_work_finish(failing: Runtime) -> None:
    worker = await failing.start(TEST_AGENT)
    client = await failing.requester()
    task = failing.task("test.sleep", None, input={"seconds": 0.3})
    pending = asyncio.create_task(client.request("test-agent", task))
    await eventually(lambda: worker.in_flight == 1)
    await worker.stop(grace_seconds=5)
    response = await pending
    assert response.status == "ok"
    assert response.result == {"slept": 0.3}
    assert worker.stopped.is_set()


async def test_heartbeats_carry_status_and_load(failing: Runtime) -> None:
    beats: list[bytes] = []

    async def on_beat(body: bytes) -> None:
        beats.append(body)

    await failing.broker.listen(["agent.heartbeat"], on_beat)
    await failing.start(TEST_AGENT, heartbeat_seconds=0.05, instance_id="i-1")
    await eventually(lambda: len(beats) >= 3)
    heartbeat = parse_message(beats[-1])
    assert heartbeat.header.message_type.value == "heartbeat"
    assert getattr(heartbeat, "agent", None) == "test-agent"
    assert getattr(heartbeat, "instance_id", None) == "i-1"
    assert getattr(heartbeat, "status", None) is AgentStatus.RUNNING
