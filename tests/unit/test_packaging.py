"""pyproject.toml states its metadata in the forms current setuptools reads without warnings."""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_the_license_is_an_spdx_expression_with_a_setuptools_that_reads_it() -> None:
    config = tomllib.loads(PYPROJECT.read_text())
    # a table ({text = "MIT"}) makes setuptools >= 77 warn three times per build (PEP 639)
    assert config["project"]["license"] == "MIT"
    # the string form needs setuptools 77; an older one would reject it
    wanted = next(r for r in config["build-system"]["requires"] if r.startswith("setuptools"))
    found = re.fullmatch(r"setuptools>=(\d+)(\.\d+)*", wanted)
    assert found, wanted
    assert int(found.group(1)) >= 77
    # PEP 639: no License classifiers beside a license expression
    assert not [c for c in config["project"].get("classifiers", []) if c.startswith("License")]


def _package_data() -> list[str]:
    config = tomllib.loads(PYPROJECT.read_text())
    patterns: list[str] = config["tool"]["setuptools"]["package-data"]["umt"]
    return patterns


def test_every_file_that_is_not_python_ships_as_package_data() -> None:
    """A wheel carries the .py files of every directory under src/umt (setuptools' namespace
    discovery, on by default in pyproject.toml: migrations/ and versions/ have no
    __init__.py) and, of the rest, what package-data names: the migration template must be
    among it, or an installed umt could not write a revision."""
    config = tomllib.loads(PYPROJECT.read_text())
    assert config["tool"]["setuptools"]["packages"]["find"].get("namespaces", True)
    package = PYPROJECT.parent / "src" / "umt"
    data = sorted(
        path.relative_to(package).as_posix()
        for path in package.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    )
    assert "adapters/sql/migrations/script.py.mako" in data
    unshipped = [
        name for name in data if not any(fnmatch(name, pattern) for pattern in _package_data())
    ]
    assert not unshipped


def test_the_migrations_are_found_inside_the_package_without_an_ini_file() -> None:
    from importlib.resources import files

    from umt.adapters.sql.migrate import alembic_config, revisions

    config = alembic_config()
    assert config.config_file_name is None  # built in code: no alembic.ini needed
    migrations = files("umt.adapters.sql") / "migrations"
    assert Path(str(config.get_main_option("script_location"))) == Path(str(migrations))
    assert (migrations / "env.py").is_file()
    assert (migrations / "script.py.mako").is_file()
    scripts = sorted(
        entry.name for entry in (migrations / "versions").iterdir() if entry.name.endswith(".py")
    )
    assert len(scripts) == len(revisions())
