"""Evergreen recycling on real PostgreSQL through the library: the performers read from the
rollups in SQL, the rule and its picks stored, the recycled publication on the calendar
(the same scenario as the in-memory and SQLite runs)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.postgres import throwaway_database
from tests.unit.entrypoints.library.test_library_evergreen import evergreen_scenario

from umt.entrypoints.library import Platform


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


async def test_evergreen_on_postgres(database_url: str, tmp_path: Path) -> None:
    settings = {"database_url": database_url, "data_dir": tmp_path, "broker_url": ""}
    async with Platform.from_settings(**settings) as umt:
        await evergreen_scenario(umt)
