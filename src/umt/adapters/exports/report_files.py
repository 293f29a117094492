"""ReportFiles on the standard library's csv and xlsxwriter.

xlsxwriter writes XLSX without reading any (no XML parser of untrusted input), streams
nothing to disk (``in_memory``) and, told so, never turns a string into a formula, a number
or a link: text stays text. Text cells that a spreadsheet would still run as a formula when
edited or re-saved as CSV (OWASP "CSV injection") get an apostrophe in front, in both
formats; numbers are written as numbers (a negative change is a number, not a formula)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from umt.domain.analytics.errors import ReportTooLarge
from umt.ports.report_files import Cell, ExportFormat, RenderedFile, ReportFiles, Sheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_MAX = 31  # Excel's bound on a sheet's name
_NOT_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def neutral(text: str) -> str:
    """``text`` that no spreadsheet runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return format(cell, "f")
    return neutral(cell)


class TabularReportFiles(ReportFiles):
    def render(self, sheet: Sheet, file_format: ExportFormat, *, max_bytes: int) -> RenderedFile:
        if file_format is ExportFormat.CSV:
            content = self._csv(sheet, max_bytes)
        else:
            content = self._xlsx(sheet)
        if len(content) > max_bytes:
            raise ReportTooLarge(
                f"the file would exceed {max_bytes:,} bytes: narrow the range or lower the limit",
                field="limit",
            )
        return RenderedFile(content=content, format=file_format)

    def _csv(self, sheet: Sheet, max_bytes: int) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
        writer.writerow([neutral(name) for name in sheet.header])
        for row in sheet.rows:
            writer.writerow([_csv_cell(cell) for cell in row])
            if out.tell() > max_bytes:  # characters: at least as many bytes
                break  # refused below; no need to write the rest
        return out.getvalue().encode("utf-8")

    def _xlsx(self, sheet: Sheet) -> bytes:
        # loaded by the first XLSX export, not by every process that starts (a server's
        # footprint: tests/unit/entrypoints/http/test_startup_footprint.py)
        import xlsxwriter

        out = io.BytesIO()
        options = {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        }
        with xlsxwriter.Workbook(out, options) as book:
            bold = book.add_format({"bold": True})
            table = book.add_worksheet(_sheet_name(sheet.title))
            for column, name in enumerate(sheet.header):
                table.write_string(0, column, neutral(name), bold)
            for line, row in enumerate(sheet.rows, start=1):
                for column, cell in enumerate(row):
                    if isinstance(cell, Decimal):
                        table.write_number(line, column, float(cell))
                    elif cell is not None:
                        table.write_string(line, column, neutral(cell))
            if sheet.about:
                about = book.add_worksheet("about")
                for line, (key, value) in enumerate(sheet.about):
                    about.write_string(line, 0, neutral(key), bold)
                    about.write_string(line, 1, neutral(value))
        return out.getvalue()


def _sheet_name(title: str) -> str:
    name = title.translate(_NOT_IN_SHEET_NAMES).strip("'")[:SHEET_NAME_MAX]
    return name or "report"
