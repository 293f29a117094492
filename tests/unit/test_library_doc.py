"""The examples in docs/library.md run and do what they say."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
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
    assert "Globex cannot see Acme's brand" in run(BLOCKS[0], tmp_path)


@pytest.mark.parametrize("block", BLOCKS[1:2], ids=["content"])
def test_content_example_runs(block: str, tmp_path: Path) -> None:
    out = run(block, tmp_path)
    assert re.search(r"^5 drafts; the best scores \d+$", out, flags=re.M), out
    assert "winner: question" in out


def test_every_example_is_run() -> None:
    assert len(BLOCKS) == 2, "a new example in docs/library.md needs a test here"
