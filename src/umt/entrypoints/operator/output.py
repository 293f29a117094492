"""How an operator command answers: a human table by default, a JSON document with
``--json`` (for scripts), progress bars and questions on stderr so stdout stays parseable.

Rich degrades by itself: no colours, no live bar when the stream is not a terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

OK, FAILED, USAGE = 0, 1, 2  # the exit codes of every operator command


def bounded(kind: Callable[[str], float], low: float, high: float) -> Callable[[str], Any]:
    """An argparse ``type``: ``kind`` of the text, refused (a usage error) outside
    ``low..high``, so no option can ask for a negative wait or a million rows."""

    def parse(text: str) -> float:
        value = kind(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is not between {low:g} and {high:g}")
        return value

    return parse


def ask_on_terminal(question: str) -> bool:
    """A yes/no question on stderr, answered on stdin; no answer (EOF, or no stdin) is a no."""
    sys.stderr.write(f"{question} [y/N] ")
    sys.stderr.flush()
    try:
        answer = input()
    except (EOFError, OSError):
        return False
    return answer.strip().lower() in ("y", "yes")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)  # UUIDs, enums


def when(value: datetime | None) -> str:
    """A timestamp for a table: UTC, to the second."""
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else "-"


@dataclass(slots=True)
class Output:
    json_mode: bool = False
    stdout: TextIO | None = None  # None: sys.stdout at the time of writing (pytest's capture)
    stderr: TextIO | None = None
    confirm: Callable[[str], bool] = field(default=ask_on_terminal)

    def console(self, *, error: bool = False) -> Console:
        stream = (self.stderr or sys.stderr) if error else (self.stdout or sys.stdout)
        return Console(file=stream, highlight=False, soft_wrap=False)

    def document(self, data: Any) -> None:
        """The JSON answer (``--json``)."""
        text = json.dumps(data, indent=2, default=_json_default, ensure_ascii=False)
        (self.stdout or sys.stdout).write(text + "\n")

    def say(self, text: str) -> None:
        """A line for a human: stdout, or stderr under ``--json`` (stdout is the document)."""
        stream = (self.stderr or sys.stderr) if self.json_mode else (self.stdout or sys.stdout)
        stream.write(text + "\n")

    def error(self, text: str) -> None:
        (self.stderr or sys.stderr).write(f"error: {text}\n")

    def table(self, title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        table = Table(title=title, title_justify="left", show_edge=False)
        for name in columns:
            # ids stay whole (they are copied into the next command); text wraps
            table.add_column(name, no_wrap=name in ("ID", "AGENT", "STATUS"), overflow="fold")
        for row in rows:
            table.add_row(*("-" if cell is None else str(cell) for cell in row))
        self.console().print(table)

    def fields(self, title: str, pairs: Sequence[tuple[str, Any]]) -> None:
        """One record as a two-column table (``show``)."""
        self.table(title, ("FIELD", "VALUE"), pairs)

    @contextmanager
    def progress(self, description: str, total: int) -> Iterator[Callable[[], None]]:
        """A bar on stderr; yields the function that advances it by one."""
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console(error=True),
            transient=False,
        ) as bar:
            task = bar.add_task(description, total=total)
            yield lambda: bar.advance(task)
