"""The examples in docs/library.md run and do what they say."""

from __future__ import annotations

import ast
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from umt.adapters.sql.migrate import revisions
from umt.application.bus import MessageBus

ROOT = Path(__file__).resolve().parents[4]
DOC = ROOT / "docs" / "library.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)


def run(block: str, tmp_path: Path) -> str:
    script = tmp_path / "example.py"
    script.write_text(block)
    # this tree's umt, not whichever one the environment installed
    path = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
    result = subprocess.run(  # noqa: S603  # runs our own documented example
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": path},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_library_example_runs(tmp_path: Path) -> None:
    assert BLOCKS, "docs/library.md lost its example"
    out = run(BLOCKS[0], tmp_path)
    assert "Globex cannot see Acme's brand" in out
    assert "a view is read-only" in out


@pytest.mark.parametrize("block", BLOCKS[1:2], ids=["content"])
def test_content_example_runs(block: str, tmp_path: Path) -> None:
    out = run(block, tmp_path)
    assert re.search(r"^5 drafts; the best scores \d+$", out, flags=re.M), out
    assert "winner: question" in out


def test_publishing_example_publishes_on_two_sandbox_channels(tmp_path: Path) -> None:
    out = run(BLOCKS[2], tmp_path)
    assert "linkedin: published once, after 1 attempt" in out
    assert "facebook: published once, after 1 attempt" in out
    assert "the piece is published" in out
    assert "'impressions'" in out, out


def test_database_on_disk_example_migrates_then_connects(tmp_path: Path) -> None:
    out = run(BLOCKS[3], tmp_path)
    assert f"applied {len(revisions())} migrations, then 0" in out
    assert "brands: ['Acme Coffee']" in out


def test_attribution_example_reports_the_models_side_by_side(tmp_path: Path) -> None:
    out = run(BLOCKS[4], tmp_path)
    assert "stored 3 paths" in out
    # first touch: order-1 to linkedin, order-2 to email; last touch: both to email
    assert "email: first_touch 1.00, last_touch 2.00" in out, out
    assert "linkedin: first_touch 1.00, last_touch 0.00" in out, out
    assert "association, not causation" in out


def test_every_example_is_run() -> None:
    assert len(BLOCKS) == 5, "a new example in docs/library.md needs a test here"


def test_bus_execute_is_documented_as_it_is_called() -> None:
    """The facade table states ``execute``'s signature as the code has it, and every call in
    the examples that leaves the principal out is one of the commands the table names."""
    row = next(line for line in DOC.read_text().splitlines() if line.startswith("| `platform.bus`"))
    documented = re.search(r"`execute\((\w+), principal=None\)`", row)
    assert documented, row
    parameters = list(inspect.signature(MessageBus.execute).parameters.values())
    assert parameters[2].name == "principal"
    assert parameters[2].default is None
    without_principal = [
        call.args[0].func.id
        for block in BLOCKS
        for call in ast.walk(ast.parse(block))
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "execute"
        and ast.unparse(call.func.value).endswith(".bus")
        and len(call.args) + len(call.keywords) < 2
        and isinstance(call.args[0], ast.Call)
        and isinstance(call.args[0].func, ast.Name)
    ]
    assert without_principal, "the examples no longer show a call without a principal"
    for command in without_principal:
        assert f"`{command}`" in row, f"{command} runs without a principal but the table says not"
