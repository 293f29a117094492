"""The ReportFiles port: a report's table written as a file (CSV or XLSX) for a download or a
mail attachment. The application hands over a plain ``Sheet``; the adapter writes it,
neutralising spreadsheet formulas in text cells, within a size bound."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

Cell = str | Decimal | None  # text, a number, or empty


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv",  # UTF-8 (HTTP adds the charset)
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Sheet:
    title: str  # the table's name (an XLSX sheet's; at most 31 characters there)
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]  # as long as the header each
    about: tuple[tuple[str, str], ...] = ()  # what the table is (XLSX: a second sheet)


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderedFile:
    content: bytes
    format: ExportFormat

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]


class ReportFiles(Protocol):
    def render(self, sheet: Sheet, file_format: ExportFormat, *, max_bytes: int) -> RenderedFile:
        """The sheet as a file. A text cell that a spreadsheet would read as a formula (it
        starts with = + - @, a tab or a carriage return) is prefixed with an apostrophe;
        numbers are written as numbers. Raises ``ReportTooLarge`` past ``max_bytes``."""
        ...
