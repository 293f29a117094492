"""The rows of a bulk import: CSV text with a header, or JSON objects, each one publication.

Columns (CSV header or JSON keys): ``content_id``, ``channel_account_id`` (required), ``at``
or ``local_time`` (+ ``time_zone``), and optionally ``version_id``, ``first_comment``,
``grace_seconds``, ``missed_policy``. Empty CSV cells are absent values. The size is bounded
before anything is parsed; an unknown column refuses the whole import (a typo would otherwise
silently drop a setting on every row).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from umt.domain.shared.errors import InvalidValue

MAX_ROWS = 500
MAX_CSV_CHARS = 500_000
COLUMNS = frozenset(
    {
        "content_id",
        "channel_account_id",
        "at",
        "local_time",
        "time_zone",
        "version_id",
        "first_comment",
        "grace_seconds",
        "missed_policy",
    }
)


@dataclass(frozen=True, slots=True)
class ImportRow:
    number: int  # 1-based: the CSV data line (after the header) or the JSON item
    values: Mapping[str, Any]


def csv_rows(text: str) -> list[ImportRow]:
    if len(text) > MAX_CSV_CHARS:
        raise InvalidValue(f"the CSV is longer than {MAX_CSV_CHARS} characters", field="csv")
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
        _check_columns(header, "csv")
        rows: list[ImportRow] = []
        for number, record in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise InvalidValue(f"at most {MAX_ROWS} rows per import", field="csv")
            if None in record:  # more cells than the header has columns
                raise InvalidValue(f"row {number} has more cells than the header", field="csv")
            values = {k: v.strip() for k, v in record.items() if v is not None and v.strip()}
            rows.append(ImportRow(number, values))
    except csv.Error as exc:
        raise InvalidValue(f"the CSV cannot be read: {exc}", field="csv") from None
    if not rows:
        raise InvalidValue("the CSV has a header and no rows", field="csv")
    return rows


def json_rows(items: Sequence[Any]) -> list[ImportRow]:
    if not 1 <= len(items) <= MAX_ROWS:
        raise InvalidValue(f"1 to {MAX_ROWS} rows per import", field="rows")
    rows: list[ImportRow] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            raise InvalidValue(f"row {number} is not an object", field=f"rows[{number - 1}]")
        _check_columns(list(item), f"rows[{number - 1}]")
        rows.append(ImportRow(number, {k: v for k, v in item.items() if v not in (None, "")}))
    return rows


def _check_columns(names: Sequence[str], field: str) -> None:
    unknown = sorted(set(names) - COLUMNS)
    if unknown:
        raise InvalidValue(
            f"unknown column(s) {', '.join(unknown)}; the columns are {', '.join(sorted(COLUMNS))}",
            field=field,
        )
    missing = sorted({"content_id", "channel_account_id"} - set(names))
    if missing and field == "csv":
        raise InvalidValue(f"the header lacks {', '.join(missing)}", field=field)
