"""Root test configuration: marks every test by its folder (unit, contracts, integration)."""

from __future__ import annotations

from pathlib import Path

import pytest

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
