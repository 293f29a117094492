"""Which process runs what: ``umt serve --no-agents``, ``umt worker``, ``umt relay`` and
``umt scheduler`` (the command line, the roles, and the runtime of the API and the library)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import umt
from umt.application.agents.catalogue import AGENTS
from umt.application.context_module import loops_of
from umt.application.modules import MODULES
from umt.entrypoints.cli import build_parser, main
from umt.entrypoints.commands.processes import serve_settings
from umt.entrypoints.processes import RELAY_ROLE, SCHEDULER_ROLE, worker_role
from umt.entrypoints.settings import AgentsMode, Settings

RABBIT = "amqp://guest:guest@127.0.0.1:5672/"


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_serve_no_agents_is_the_api_alone() -> None:
    args = build_parser().parse_args(["serve", "--no-agents", "--port", "8123"])
    served = serve_settings(settings(broker_url=RABBIT), args)
    assert served.broker.run_agents is AgentsMode.NEVER
    assert not served.broker.serves_agents_in_process
    assert not served.broker.run_outbox_relay
    assert served.http.port == 8123


def test_serve_without_the_flag_keeps_the_settings() -> None:
    args = build_parser().parse_args(["serve"])
    served = serve_settings(settings(), args)
    assert served.broker.serves_agents_in_process  # the embedded default: agents here
    assert served.broker.run_outbox_relay


def test_a_worker_runs_its_agents_loops_and_a_relay_unless_told_otherwise() -> None:
    role = worker_role(settings(broker_url=RABBIT), ["brand-project"], concurrency=3)
    assert role.agents == ("brand-project",)
    assert role.loops_of == ("brand-project",)
    assert role.relay
    assert role.concurrency == 3
    split = settings(broker_url=RABBIT, run_background_loops=False, run_outbox_relay=False)
    bare = worker_role(split, ["brand-project"])
    assert bare.agents == ("brand-project",)
    assert bare.loops_of == ()
    assert not bare.relay


def test_the_relay_and_the_scheduler_run_no_agent() -> None:
    assert RELAY_ROLE.agents == ()
    assert RELAY_ROLE.loops_of == ()
    assert RELAY_ROLE.relay
    assert SCHEDULER_ROLE.agents == ()
    assert not SCHEDULER_ROLE.relay
    assert set(SCHEDULER_ROLE.loops_of) == set(AGENTS)  # every context's loops


@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--no-agents"],
        ["worker", "--agent", "brand-project"],
        ["relay"],
        ["scheduler"],
    ],
)
def test_a_process_apart_from_the_api_needs_a_shared_broker(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("UMT_BROKER_URL", raising=False)
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert "needs UMT_BROKER_URL" in error
    assert f"umt {argv[0]}" in error


def test_the_relay_refuses_a_database_no_other_process_sees(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("UMT_BROKER_URL", RABBIT)
    monkeypatch.setenv("UMT_DATABASE_URL", "memory://")
    assert main(["relay"]) == 2
    assert "memory:// lives and dies inside one process" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["worker", "relay", "scheduler"])
def test_the_probe_port_is_an_option_of_every_background_process(command: str) -> None:
    extra = ["--agent", "brand-project"] if command == "worker" else []
    args = build_parser().parse_args([command, *extra, "--probe-port", "9464"])
    assert args.probe_port == 9464
    assert build_parser().parse_args([command, *extra]).probe_port is None  # the setting's
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, *extra, "--probe-port", "70000"])


def test_the_probe_port_setting_falls_back_to_its_former_name() -> None:
    assert settings().observability.resolved_probe_port == 0
    assert settings(metrics_port=9100).observability.resolved_probe_port == 9100
    assert settings(probe_port=9464, metrics_port=9100).observability.resolved_probe_port == 9464


async def test_the_library_runs_the_agents_loops_unless_the_scheduler_does() -> None:
    async with umt.connect(settings(database_url="memory://")) as platform:
        with_loops = platform._runtime._loops  # type: ignore[union-attr]
        assert {loop._name for loop in with_loops} >= {"integration-scheduler", "webhook-sender"}
    quiet = settings(database_url="memory://", run_background_loops=False)
    async with umt.connect(quiet) as platform:
        assert platform._runtime._loops == []  # type: ignore[union-attr]
        assert len(platform._runtime.host.workers) == len(AGENTS)  # type: ignore[union-attr]


def test_the_operations_guide_lists_every_background_loop_by_agent() -> None:
    """docs/operations.md tells operators which loops `umt scheduler` takes over."""
    doc = (Path(__file__).resolve().parents[3] / "docs" / "operations.md").read_text()
    section = doc[doc.index("## The processes") : doc.index("### Probes of the processes")]
    documented = {
        agent: set(re.findall(r"`([a-z-]+)`", loops))
        for agent, loops in re.findall(r"^\| `([a-z-]+)` \| (.+) \|$", section, re.MULTILINE)
        if agent in AGENTS
    }
    declared: dict[str, set[str]] = {}
    for agent in AGENTS:
        names = {loop.name for loop in loops_of(MODULES, [agent])}
        if names:
            declared[agent] = names
    assert documented == declared, "update the loops table in docs/operations.md (The processes)"
