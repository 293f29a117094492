"""Root test configuration: marks every test by its folder (unit, contracts, integration)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Under CI=true every property test draws the same examples each run (derandomize) and replays
# no local failure database: a build must never fail by chance. Locally they explore afresh
# each run, and what they find is kept in .hypothesis/ and replayed until it is fixed.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI", "").lower() == "true":
    settings.load_profile("ci")

_FOLDER_MARKS = {"unit": "unit", "contracts": "contracts", "integration": "integration"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    root = Path(__file__).parent
    for item in items:
        try:
            folder = Path(item.path).relative_to(root).parts[0]
        except ValueError:
            continue
        mark = _FOLDER_MARKS.get(folder)
        if mark:
            item.add_marker(getattr(pytest.mark, mark))
