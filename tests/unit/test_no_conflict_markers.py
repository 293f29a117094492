"""No file of the repository holds an unresolved merge-conflict marker (code, docs, config)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".git", ".venv", "var", "node_modules", ".mypy_cache", ".ruff_cache", ".hypothesis"}
MARKER = re.compile(rb"^(<{7}|>{7}) ", re.MULTILINE)


def _files() -> list[Path]:
    found: list[Path] = []
    for path in ROOT.iterdir():
        if path.name in SKIPPED or path.name.startswith(".pytest"):
            continue
        found.extend([path] if path.is_file() else (p for p in path.rglob("*") if p.is_file()))
    return [p for p in found if "__pycache__" not in p.parts]


def test_no_file_holds_a_merge_conflict_marker() -> None:
    marked = [
        str(path.relative_to(ROOT))
        for path in _files()
        if path.stat().st_size < 5_000_000 and MARKER.search(path.read_bytes())
    ]
    assert marked == []


def test_the_marker_pattern_finds_a_conflict() -> None:
    sample = b"text\n" + b"<" * 7 + b" HEAD\nours\n=======\ntheirs\n" + b">" * 7 + b" branch\n"
    assert MARKER.search(sample)
