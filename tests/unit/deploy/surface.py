"""What the deployment files may name: the ``umt`` command line and the ``UMT_*`` settings.

The Dockerfile, deploy/compose.yaml and deploy/k8s are only honest if every command they run
parses with the real argument parser and every ``UMT_*`` variable they set is a setting (a
misspelt variable would be ignored silently, and the process would run on a default).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from umt.entrypoints.cli import build_parser
from umt.entrypoints.settings import environment_names

REPO = Path(__file__).resolve().parents[3]
DEPLOY = REPO / "deploy"
AGENTS = (
    "auth-integration",
    "brand-project",
    "content-strategy",
    "content-creation",
    "content-ad-management",
)
_UMT_VARIABLE = re.compile(r"\bUMT_[A-Z0-9_]+\b")


def parse_error(args: list[str]) -> str | None:
    """None when ``umt ARGS`` parses, else what argparse said."""
    stderr = io.StringIO()
    try:
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            build_parser().parse_args(args)
    except SystemExit:
        return stderr.getvalue().strip() or "exited while parsing"
    return None


@cache
def known_variables() -> frozenset[str]:
    return frozenset(environment_names())


def unknown_variables(names: Iterable[str]) -> list[str]:
    return sorted({name for name in names if name not in known_variables()})


def variables_in(text: str) -> set[str]:
    """Every UMT_* name a text mentions."""
    return set(_UMT_VARIABLE.findall(text))


def bad_commands(commands: Iterable[list[str]]) -> list[str]:
    return [
        f"umt {' '.join(args)}: {error}"
        for args in commands
        if (error := parse_error(args)) is not None
    ]
