"""pyproject.toml states its metadata in the forms current setuptools reads without warnings."""

from __future__ import annotations

import re
import tomllib
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
