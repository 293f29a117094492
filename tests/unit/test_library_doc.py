"""The example in docs/library.md runs and does what it says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "library.md"


def test_library_example_runs(tmp_path: Path) -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)
    assert blocks, "docs/library.md lost its example"
    script = tmp_path / "example.py"
    script.write_text(blocks[0])
    result = subprocess.run(  # noqa: S603  # runs our own documented example
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Globex cannot see Acme's brand" in result.stdout
