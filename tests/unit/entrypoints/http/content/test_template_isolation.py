"""Hostile templates cannot starve the server: each one is a 422 problem, and while it is being
saved and rendered the event loop keeps answering (``/health/live`` stays fast).

The hostile work takes seconds (a template the sandbox refuses only after jinja would have
folded it, macros calling themselves, a loop the worker's CPU limit must stop), while a probe on
a free event loop answers in milliseconds; the assertions compare the two, so a slow machine
cannot make them fail, and a blocked loop cannot pass them.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, Account, assert_problem, build_app, register

Client = TestClient[Litestar]

HOSTILE = {
    # jinja folded this constant while compiling (saving), then computed it again to render
    "huge power": "{{ 9**(9**7) % 10 }}",
    # a macro calling itself until Python's recursion limit, then a 500
    "endless macro": "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
    # 10**10 empty iterations: nothing for a sandbox rule to catch, the CPU limit stops it
    "endless loop": (
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    ),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    # one CPU second per template keeps the endless loop's test short
    app = build_app(tmp_path_factory.mktemp("isolation"), template_cpu_seconds=1)
    with TestClient(app=app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def owner(client: Client) -> Account:
    return register(client, organization_name="Acme")


def save_and_render(
    client: Client, owner: Account, template: dict[str, Any], values: dict[str, str]
) -> list[httpx.Response]:
    """The answers to saving ``template`` and, once saved, to rendering it with ``values``."""
    saved = client.post(f"{API}/templates", json=template, headers=owner.headers)
    if saved.status_code != 201:
        return [saved]
    url = f"{API}/templates/{saved.json()['id']}/render"
    return [saved, client.post(url, json={"variables": values}, headers=owner.headers)]


def probe(client: Client) -> float:
    """Seconds ``/health/live`` took to answer."""
    started = time.perf_counter()
    response = client.get("/health/live")
    assert response.status_code == 200
    return time.perf_counter() - started


def probe_while(client: Client, work: threading.Thread) -> list[float]:
    """Seconds each ``/health/live`` took, probing until ``work`` ends (at least once)."""
    latencies = [probe(client)]
    while work.is_alive():
        time.sleep(0.01)
        latencies.append(probe(client))
    return latencies


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_template_is_a_422_and_the_server_keeps_answering(
    client: Client, owner: Account, body: str
) -> None:
    responses: list[httpx.Response] = []
    template = {"name": f"hostile {time.monotonic_ns()}", "content_type": "email", "body": body}

    def hostile_work() -> None:
        responses.extend(save_and_render(client, owner, template, {}))

    client.get("/health/live")  # warm
    work = threading.Thread(target=hostile_work)
    started = time.perf_counter()
    work.start()
    latencies = probe_while(client, work)
    work.join()
    hostile_seconds = time.perf_counter() - started

    # The loop answered all along. Blocked, it answers one probe per blocking step, each after
    # seconds; free, a probe every few tens of ms, each in a few ms. So: a probe at least every
    # 200 ms of hostile work, none held up for a sizeable part of it, and typically (the median,
    # with probes after the work if it was short: one probe alone could meet a hiccup of a
    # loaded machine) under 100 ms.
    assert len(latencies) >= hostile_seconds * 5, (latencies, hostile_seconds)
    assert max(latencies) < max(0.5, hostile_seconds / 4), (latencies, hostile_seconds)
    typical = latencies + [probe(client) for _ in range(max(0, 20 - len(latencies)))]
    assert statistics.median(typical) < 0.1, typical
    saved, rendered = responses  # saving compiles only: nothing in it runs, so it succeeds
    assert saved.status_code == 201, saved.text
    problem = assert_problem(rendered, 422, "template_too_expensive")
    assert problem["detail"]


def test_the_server_renders_normally_after_hostile_templates(
    client: Client, owner: Account
) -> None:
    template = {
        "name": "after",
        "content_type": "email",
        "body": "{{ product }} lands {{ day }}.",
        "variables": [{"name": "product"}, {"name": "day", "default": "Monday"}],
    }
    saved, rendered = save_and_render(client, owner, template, {"product": "Night Roast"})
    assert saved.status_code == 201, saved.text
    assert rendered.status_code == 200, rendered.text
    assert rendered.json()["text"] == "Night Roast lands Monday."


def test_the_template_workers_end_with_the_app(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    with TestClient(app=app) as test_client:
        account = register(test_client, organization_name="Acme")
        template = {"name": "t", "content_type": "email", "body": "{{ 1 + 1 }}"}
        saved = test_client.post(f"{API}/templates", json=template, headers=account.headers)
        assert saved.status_code == 201, saved.text
        renderer = app.state.container.template_renderer()
        pids = renderer.worker_pids
        assert pids  # the workers run in processes of their own
    assert not renderer.worker_pids
    for pid in pids:  # and have exited (and been reaped), not only been forgotten
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
