"""The ``umt`` command's subcommands, a module per group. Each module's ``register(sub)`` adds
its parsers to the ``umt`` parser and binds each to the function that runs it
(``set_defaults(run=...)``), so ``cli.build_parser`` lists every group once and ``cli.main``
needs no branch per command."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

# what a subcommand runs: its parsed arguments in; None or an exit code out
Run = Callable[[argparse.Namespace], int | None]

if TYPE_CHECKING:  # generic for type checkers only: not subscriptable at run time
    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]


def redacted(url: str) -> str:
    """The URL without its password, fit for a terminal or a log."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        creds, _, host = rest.rpartition("@")
        user = creds.split(":", 1)[0]
        return f"{scheme}{sep}{user}:***@{host}"
    return url
