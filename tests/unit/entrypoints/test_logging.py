"""Log lines carry the request's context and never a secret."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest

from umt.application.log_context import bind_request, start_request
from umt.entrypoints.logging import REDACTED, configure_logging
from umt.entrypoints.settings import Settings


@pytest.fixture
def json_logs(tmp_path: Path) -> io.StringIO:
    configure_logging(
        Settings(log_format="json", log_level="INFO", data_dir=tmp_path, _env_file=None)
    )
    stream = io.StringIO()
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    return stream


def last_line(stream: io.StringIO) -> dict[str, object]:
    lines = [line for line in stream.getvalue().splitlines() if line.strip()]
    return json.loads(lines[-1])  # type: ignore[no-any-return]


def test_request_context_is_on_every_line(json_logs: io.StringIO) -> None:
    start_request("req-123")
    bind_request(organization_id="org-9")
    logging.getLogger("umt.test").info("brand created")
    line = last_line(json_logs)
    assert line["request_id"] == "req-123"
    assert line["organization_id"] == "org-9"
    assert line["event"] == "brand created"


def test_secrets_are_redacted(json_logs: io.StringIO) -> None:
    start_request("req-1")
    logging.getLogger("umt.test").info(
        "login",
        extra={
            "password": "hunter2hunter2",
            "refresh_token": "umtr_abc",
            "note": "sent Authorization: Bearer eyJhbGciOi.abc.def",
        },
    )
    raw = json_logs.getvalue()
    assert "hunter2hunter2" not in raw
    assert "umtr_abc" not in raw
    assert "eyJhbGciOi" not in raw
    line = json.loads([x for x in raw.splitlines() if x.strip()][-1])
    assert line["password"] == REDACTED
    assert line["refresh_token"] == REDACTED


def test_a_new_request_does_not_inherit_the_last_one(json_logs: io.StringIO) -> None:
    start_request("first")
    bind_request(organization_id="org-1")
    start_request("second")
    logging.getLogger("umt.test").info("hello")
    line = last_line(json_logs)
    assert line["request_id"] == "second"
    assert "organization_id" not in line


@pytest.mark.parametrize("log_format", ["console", "json"])
def test_tracebacks_never_show_local_variables(tmp_path: Path, log_format: str) -> None:
    """A logged exception shows where it happened, never the frames' locals: in development
    the console renderer (rich) would print them, a request body with a password included."""
    configure_logging(
        Settings(log_format=log_format, log_level="INFO", data_dir=tmp_path, _env_file=None)
    )
    stream = io.StringIO()
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)

    def decode(body: bytes) -> None:
        raise ValueError("cannot decode")

    body = json.dumps({"email": "ana@example.com", "password": "hunter2hunter2"}).encode()
    try:
        decode(body)  # the traceback shows this line, not the line above
    except ValueError:
        logging.getLogger("umt.test").exception("unhandled error")
    raw = stream.getvalue()
    assert "cannot decode" in raw  # the traceback is there
    assert "decode(body)" in raw
    assert "hunter2hunter2" not in raw
    assert "ana@example.com" not in raw
