"""No file of the repository holds an unresolved merge-conflict marker (code, docs, config)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".git", ".venv", "var", "node_modules", ".mypy_cache", ".ruff_cache", ".hypothesis"}
# git writes "<<<<<<< ours" and ">>>>>>> theirs"; a marker with its label cut off counts too
MARKER = re.compile(rb"^(<{7}|>{7})( |\r?$)", re.MULTILINE)


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


def test_a_marker_without_a_label_is_found_too() -> None:
    assert MARKER.search(b"text\n" + b"<" * 7 + b"\nours\n")
    assert MARKER.search(b"text\r\n" + b">" * 7 + b"\r\n")


def test_the_scan_covers_docs_sources_and_tests() -> None:
    scanned = {str(path.relative_to(ROOT)).replace("\\", "/") for path in _files()}
    assert {"docs/api.md", "docs/agents.md", "pyproject.toml", "src/umt/__init__.py"} <= scanned
    assert "tests/unit/test_no_conflict_markers.py" in scanned
