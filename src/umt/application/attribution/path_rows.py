"""Conversion paths from a JSON batch or a CSV upload, with every bad value listed.

JSON: one object per path, ``{"path_key", "touchpoints": [{"channel", "campaign", "content",
"at"}], "converted_at", "value"}``; the touchpoints in time order.

CSV: one row per touchpoint, with a header naming the columns ``path_key``, ``touched_at``,
``channel`` (required) and ``campaign``, ``content``, ``converted_at``, ``value``. The rows of
a path share its ``path_key`` and may come in any order (its touchpoints are put in time
order); its conversion (``converted_at``, ``value``) is given on one of its rows or repeated
identically on several, and left blank on all of them for a path that did not convert.

Sizes are bounded before anything is parsed; an unknown column refuses the whole upload.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from umt.application.attribution.inputs import Problems, amount, instant, text
from umt.domain.attribution.errors import PathsRejected
from umt.domain.attribution.paths import (
    MAX_KEY_CHARS,
    MAX_TOUCHPOINTS,
    ConversionPath,
    PathSource,
    Touchpoint,
)
from umt.domain.shared.errors import InvalidValue

MAX_BATCH_PATHS = 1_000
MAX_CSV_CHARS = 2_000_000
MAX_CSV_ROWS = 20_000
COLUMNS = ("path_key", "touched_at", "channel", "campaign", "content", "converted_at", "value")
_REQUIRED = frozenset({"path_key", "touched_at", "channel"})
_PATH_FIELDS = frozenset({"path_key", "touchpoints", "converted_at", "value"})
_TOUCH_FIELDS = frozenset({"channel", "campaign", "content", "at"})


@dataclass(frozen=True, slots=True)
class GivenPath:
    """A path read from a batch, and where its key was given (for a problem about it)."""

    path: ConversionPath
    field: str  # paths[3].path_key, rows[12].path_key


def paths_from_json(items: Sequence[Any]) -> list[GivenPath]:
    """The paths of a JSON batch (``PathsRejected`` listing every bad value)."""
    if not 1 <= len(items) <= MAX_BATCH_PATHS:
        raise InvalidValue(f"a batch has 1 to {MAX_BATCH_PATHS} paths", field="paths")
    problems = Problems()
    paths = [_json_path(item, f"paths[{i}]", problems) for i, item in enumerate(items)]
    if problems:
        raise PathsRejected(problems.found)
    return [GivenPath(p, f"paths[{i}].path_key") for i, p in enumerate(paths) if p is not None]


def _json_path(given: Any, where: str, problems: Problems) -> ConversionPath | None:
    item = problems.fields_of(given, where, _PATH_FIELDS, "a path")
    if item is None:
        return None
    key = problems.attempt(
        "",
        text,
        item.get("path_key"),
        f"{where}.path_key",
        limit=MAX_KEY_CHARS,
        required=True,
    )
    raw = item.get("touchpoints")
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_TOUCHPOINTS:
        problems.add(f"{where}.touchpoints", f"a path has 1 to {MAX_TOUCHPOINTS} touchpoints")
        raw = []
    touches = [_json_touch(t, f"{where}.touchpoints[{j}]", problems) for j, t in enumerate(raw)]
    converted = item.get("converted_at")
    converted_at = (
        None
        if converted is None
        else problems.attempt("", instant, converted, f"{where}.converted_at")
    )
    value = problems.attempt("", amount, item.get("value"), f"{where}.value")
    if key is None or value is None or not raw or None in touches:
        return None
    if converted is not None and converted_at is None:
        return None
    return problems.attempt(
        where,
        ConversionPath,
        key=key,
        touchpoints=tuple(t for t in touches if t is not None),
        converted_at=converted_at,
        value=value,
        source=PathSource.BATCH,
    )


def _json_touch(given: Any, where: str, problems: Problems) -> Touchpoint | None:
    item = problems.fields_of(given, where, _TOUCH_FIELDS, "a touchpoint")
    if item is None:
        return None
    at = problems.attempt("", instant, item.get("at"), f"{where}.at")
    if at is None:
        return None
    return problems.attempt(
        where,
        Touchpoint,
        channel=_cell(item.get("channel")),
        campaign=_cell(item.get("campaign")),
        content=_cell(item.get("content")),
        at=at,
    )


def _cell(value: Any) -> Any:
    return "" if value is None else value


@dataclass
class _CsvPath:
    """The rows of one path as read: its touchpoints, its conversion, where they were."""

    first_row: int
    touches: list[Touchpoint] = field(default_factory=list)
    converted_at: datetime | None = None
    value: Decimal | None = None
    conversion_row: int | None = None


def paths_from_csv(text_: str) -> list[GivenPath]:
    """The paths of a CSV upload (``PathsRejected`` listing every bad cell)."""
    if len(text_) > MAX_CSV_CHARS:
        raise InvalidValue(f"the CSV is longer than {MAX_CSV_CHARS} characters", field="csv")
    reader = csv.DictReader(io.StringIO(text_, newline=""), strict=True)
    problems = Problems()
    grouped: dict[str, _CsvPath] = {}
    try:
        _check_header(reader.fieldnames or [])
        for number, record in enumerate(reader, start=1):
            if number > MAX_CSV_ROWS:
                raise InvalidValue(f"at most {MAX_CSV_ROWS} rows per upload", field="csv")
            if None in record:
                problems.add(f"rows[{number}]", "more cells than the header has columns")
                continue
            cells = {k: (v or "").strip() for k, v in record.items()}
            _csv_row(cells, number, grouped, problems)
    except csv.Error as exc:
        raise InvalidValue(f"the CSV cannot be read: {exc}", field="csv") from None
    if not grouped and not problems:
        raise InvalidValue("the CSV has a header and no rows", field="csv")
    paths = [(_csv_path(key, found, problems), found) for key, found in grouped.items()]
    if problems:
        raise PathsRejected(problems.found)
    return [GivenPath(p, f"rows[{f.first_row}].path_key") for p, f in paths if p is not None]


def _check_header(names: Sequence[str]) -> None:
    unknown = sorted(set(names) - set(COLUMNS))
    if unknown:
        raise InvalidValue(
            f"unknown column(s) {', '.join(unknown)}; the columns are {', '.join(COLUMNS)}",
            field="csv",
        )
    missing = sorted(_REQUIRED - set(names))
    if missing:
        raise InvalidValue(f"the header lacks {', '.join(missing)}", field="csv")


def _csv_row(
    cells: Mapping[str, str], number: int, grouped: dict[str, _CsvPath], problems: Problems
) -> None:
    where = f"rows[{number}]"
    before = len(problems.found)
    key = problems.attempt(
        "", text, cells.get("path_key"), f"{where}.path_key", limit=MAX_KEY_CHARS, required=True
    )
    at = problems.attempt("", instant, cells.get("touched_at"), f"{where}.touched_at")
    touch = None
    if at is not None:
        touch = problems.attempt(
            where,
            Touchpoint,
            channel=cells.get("channel", ""),
            campaign=cells.get("campaign", ""),
            content=cells.get("content", ""),
            at=at,
        )
    converted_at = None
    if cells.get("converted_at"):
        converted_at = problems.attempt("", instant, cells["converted_at"], f"{where}.converted_at")
    value = problems.attempt("", amount, cells.get("value"), f"{where}.value")
    if key is None or len(problems.found) > before:
        return
    path = grouped.setdefault(key, _CsvPath(first_row=number))
    if touch is not None:
        path.touches.append(touch)
    if converted_at is None and not cells.get("value"):
        return
    if converted_at is None:
        problems.add(f"{where}.value", "a value goes with converted_at on the same row")
        return
    if path.conversion_row is not None and (path.converted_at, path.value) != (converted_at, value):
        problems.add(
            f"{where}.converted_at",
            f"the path's conversion differs from the one on row {path.conversion_row}",
        )
        return
    path.converted_at, path.value, path.conversion_row = converted_at, value, number


def _csv_path(key: str, found: _CsvPath, problems: Problems) -> ConversionPath | None:
    if len(found.touches) > MAX_TOUCHPOINTS:
        problems.add(
            f"rows[{found.first_row}].path_key",
            f"path {key!r} has {len(found.touches)} touchpoints; at most {MAX_TOUCHPOINTS}",
        )
        return None
    row = found.conversion_row or found.first_row
    return problems.attempt(
        f"rows[{row}]",
        ConversionPath,
        key=key,
        touchpoints=tuple(sorted(found.touches, key=lambda t: t.at)),
        converted_at=found.converted_at,
        value=found.value or Decimal(0),
        source=PathSource.CSV,
    )
