"""The public surface stays put while the inside is rebuilt: the OpenAPI document, the library
API (its namespaces, methods and parameters) and the names of the ``UMT_*`` settings are
compared with snapshots taken before the redesign (tests/snapshots/).

A deliberate change of the surface regenerates them:
``UMT_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/unit/test_public_surface.py`` and the diff is
reviewed in the commit.
"""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path
from typing import Any

from tests.unit.entrypoints.http.helpers import running_client

import umt
from umt.entrypoints.settings import Settings, environment_names

SNAPSHOTS = Path(__file__).resolve().parents[1] / "snapshots"
UPDATE = os.environ.get("UMT_UPDATE_SNAPSHOTS") == "1"


def _compare(name: str, actual: Any) -> None:
    path = SNAPSHOTS / name
    rendered = json.dumps(actual, indent=1, sort_keys=True) + "\n"
    if UPDATE:
        path.write_text(rendered)
    expected = path.read_text()
    assert rendered == expected, (
        f"{name} changed; if on purpose, regenerate with UMT_UPDATE_SNAPSHOTS=1 and review the diff"
    )


def test_the_openapi_document_is_unchanged(tmp_path: Path) -> None:
    with running_client(tmp_path) as client:
        response = client.get("/schema/openapi.json")
    assert response.status_code == 200
    _compare("openapi.json", response.json())


def _parameters(function: Any) -> list[str]:
    """A method's parameters as callers see them: name, kind and default (not annotations,
    which may name other classes once the library hands out read models)."""
    described = []
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name == "self":
            continue
        text = f"{parameter.kind.name.lower()} {parameter.name}"
        if parameter.default is not inspect.Parameter.empty:
            text += f" = {parameter.default!r}"
        described.append(text)
    return described


def _methods(cls: type) -> dict[str, list[str]]:
    return {
        name: _parameters(member)
        for name, member in inspect.getmembers(cls, callable)
        if not name.startswith("_")
    }


async def test_the_library_api_is_unchanged(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'surface.db'}", data_dir=tmp_path
    )
    async with umt.connect(settings, migrate=True) as platform:
        namespaces = {
            name: _methods(type(value))
            for name, value in vars(platform).items()
            if not name.startswith("_")
        }
    surface = {
        "umt": {name: _parameters(getattr(umt, name)) for name in ("connect", "migrate")},
        "platform": _methods(type(platform)),
        "namespaces": namespaces,
    }
    _compare("library_api.json", surface)


def test_every_setting_keeps_its_variable_name() -> None:
    """The names of the ``UMT_*`` variables as of the snapshot are all still read."""
    if UPDATE:
        names = sorted(environment_names())
        (SNAPSHOTS / "settings.json").write_text(json.dumps(names, indent=1) + "\n")
    expected: list[str] = json.loads((SNAPSHOTS / "settings.json").read_text())
    missing = [
        name for name in expected if name.removeprefix("UMT_").lower() not in _accepted_names()
    ]
    assert not missing, f"settings no longer read: {missing}"


def _accepted_names() -> set[str]:
    """Every flat name Settings reads (its sections declare theirs as aliases)."""
    return {name.removeprefix("UMT_").lower() for name in environment_names()}
