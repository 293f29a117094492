"""The README tour's shell: its job poll stops on a failed job, and responses end their line.

The lines are taken from README.md as written and run by bash against a small local server
that plays the jobs endpoint, so the tour cannot drift back to a loop that spins forever.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
ERROR = {"code": "generation_failed", "message": "the model refused"}

pytestmark = pytest.mark.skipif(
    shutil.which("curl") is None or shutil.which("bash") is None, reason="needs curl and bash"
)


def tour_lines() -> list[str]:
    lines = README.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# 11. "))
    end = next(i for i in range(start, len(lines)) if "> generation.json" in lines[i])
    helpers = [line for line in lines if line.startswith(("curl() ", "field() "))]
    poll = [line for line in lines[start:end] if not line.startswith(("#", "JOB=", "  "))]
    return [*helpers, *poll]


class Jobs(BaseHTTPRequestHandler):
    """GET /jobs/<id>: queued twice, then failed with ``ERROR``; anything else is 404."""

    polls = 0

    def do_GET(self) -> None:
        if self.path != "/api/v1/jobs/j-1":
            self.send_response(404)
            self.end_headers()
            return
        type(self).polls += 1
        status = "queued" if self.polls <= 2 else "failed"
        body = {"id": "j-1", "status": status, "error": ERROR if status == "failed" else None}
        payload = json.dumps(body, separators=(",", ":")).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def api() -> Iterator[str]:
    Jobs.polls = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Jobs)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v1"
    finally:
        server.shutdown()
        server.server_close()


def bash(script: str, api: str) -> str:
    result = subprocess.run(  # noqa: S603  # the README's own lines, against a local server
        ["bash", "-c", script],  # noqa: S607  # bash from PATH, as the reader runs it
        env={"PATH": "/usr/bin:/bin", "API": api, "JOB": "j-1", "AUTH": "X-Test: 1"},
        capture_output=True,
        text=True,
        timeout=60,  # a loop that never ends fails here instead of hanging the suite
        check=False,
    )
    return result.stdout


def test_the_poll_of_step_11_stops_on_a_failed_job_and_prints_its_error(api: str) -> None:
    out = bash("\n".join(tour_lines()), api)
    assert json.loads(out.strip()) == ERROR
    assert Jobs.polls == 4  # queued, queued, failed; then once more for the error


def test_every_response_ends_its_line(api: str) -> None:
    helpers = [line for line in tour_lines() if line.startswith("curl() ")]
    out = bash("\n".join([*helpers, "curl -s $API/jobs/$JOB", "curl -s $API/jobs/$JOB"]), api)
    assert [json.loads(line)["status"] for line in out.splitlines()] == ["queued", "queued"]
