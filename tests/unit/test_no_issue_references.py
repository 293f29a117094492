"""The source says why, not which ticket: no "issue N" or "issue N §M" references in src/
(they rot once the tracker moves on; the commit history keeps the link)."""

from __future__ import annotations

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "umt"
REFERENCE = re.compile(r"\bissue\s*#?\d+", re.IGNORECASE)


def test_no_source_file_names_an_issue_number() -> None:
    found = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in sorted(SOURCE.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if REFERENCE.search(line)
    ]
    assert found == []


def test_the_pattern_finds_a_reference() -> None:
    assert REFERENCE.search("# webhooks (issue 4 §4)")
    assert REFERENCE.search("see Issue #12")
    assert not REFERENCE.search("an issue with the token")
