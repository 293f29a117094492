"""IngestSampleCsv: a CSV file of metric samples, for the platforms umt does not connect.

The first line names the columns (any order, any case): ``subject_kind``, ``subject_id``,
``channel``, ``metric``, ``value``, ``observed_at`` and optionally ``raw_name`` and
``currency``; an empty cell is an absent value. Each line is one sample, checked like a row of
an HTTP batch (the same rules, the same all-or-nothing, each bad line named by its number).
The size is bounded by the batch's row limit (and, over HTTP, by the request body limit).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.analytics.config import AnalyticsConfig
from umt.application.analytics.ingest_samples import IngestReport, ingest, ingesting_brand
from umt.application.analytics.sample_rows import FIELDS, REQUIRED, UnreadableRow
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.analytics.errors import InvalidSamples
from umt.domain.identity.permissions import Permission
from umt.ports.brand_reader import BrandReader
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestSampleCsv:
    use_case: ClassVar = UseCase(Permission.ANALYTICS_MANAGE)

    brand_id: UUID
    content: str | bytes  # the file (bytes: UTF-8)
    source: str = "csv"


async def ingest_sample_csv(
    cmd: IngestSampleCsv,
    ctx: Context,
    *,
    clock: Clock,
    brand_reader: BrandReader,
    analytics: AnalyticsConfig,
) -> IngestReport:
    actor = ctx.actor()
    actor.require(IngestSampleCsv.use_case.permission)
    brand = await ingesting_brand(actor, cmd.brand_id, cmd.source, brand_reader)
    rows, lines = read_csv(_text(cmd.content), max_rows=analytics.max_batch_rows)
    return await ingest(
        ctx.uow,
        actor,
        brand,
        rows,
        source=cmd.source,
        label=lambda index: f"line {lines[index]}",
        clock=clock,
        analytics=analytics,
    )


def _text(content: str | bytes) -> str:
    if isinstance(content, str):
        return content
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidSamples(
            f"the file is not UTF-8 text (byte {exc.start})", field="content"
        ) from None


def read_csv(
    content: str, *, max_rows: int
) -> tuple[list[dict[str, Any] | UnreadableRow], list[int]]:
    """The rows (empty cells left out; a line that cannot be one is an ``UnreadableRow``) and
    the line each starts on; ``InvalidSamples`` for a header that is not a sample's or more
    than ``max_rows`` rows."""
    reader = csv.reader(io.StringIO(content.removeprefix("\ufeff")))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise InvalidSamples(
            "the file is empty: its first line names the columns", field="header"
        ) from None
    except csv.Error as exc:
        raise InvalidSamples(f"line 1 is not CSV: {exc}", field="header") from None
    problems = [
        (f"header.{name or '(blank)'}", "is not a column of a sample")
        for name in header
        if name not in FIELDS
    ]
    problems += [("header", f"has no column {name}") for name in REQUIRED if name not in header]
    if len(set(header)) != len(header):
        problems.append(("header", "names a column twice"))
    if problems:
        raise InvalidSamples(
            "the first line names the columns of a sample",
            field=problems[0][0],
            errors=tuple(problems),
        )
    rows: list[dict[str, Any] | UnreadableRow] = []
    lines: list[int] = []
    start = reader.line_num + 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):  # a blank line is skipped
                if len(rows) >= max_rows:
                    raise InvalidSamples(
                        f"a file holds at most {max_rows} samples", field="content"
                    )
                rows.append(_row(header, cells))
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        rows.append(UnreadableRow(f"is not CSV: {exc}"))
        lines.append(start)
    return rows, lines


def _row(header: list[str], cells: list[str]) -> dict[str, Any] | UnreadableRow:
    if len(cells) != len(header):
        return UnreadableRow(f"has {len(cells)} cells, the header {len(header)}")
    return {name: cell for name, cell in zip(header, cells, strict=True) if cell.strip() != ""}
