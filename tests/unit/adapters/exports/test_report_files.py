"""The report files: CSV and XLSX of one sheet, formulas neutralised in text cells of both,
numbers kept numbers, and the size bound."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from umt.adapters.exports.report_files import TabularReportFiles, neutral
from umt.domain.analytics.errors import ReportTooLarge
from umt.ports.report_files import ExportFormat, Sheet

HOSTILE = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
SHEET = Sheet(
    title="campaigns",
    header=("name", "spend", "spend_change"),
    rows=(
        *((name, Decimal("12.5"), Decimal("-0.25")) for name in HOSTILE),
        ("Spring", Decimal(400), None),
    ),
    about=(("from", "2026-03-01"), ("note", "=1+1")),
)
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def test_neutral_prefixes_every_formula_start_and_nothing_else() -> None:
    assert [neutral(t) for t in HOSTILE] == ["'" + t for t in HOSTILE]
    assert neutral("Spring = good") == "Spring = good"
    assert neutral("") == ""


def test_csv_neutralises_text_and_keeps_numbers() -> None:
    rendered = TabularReportFiles().render(SHEET, ExportFormat.CSV, max_bytes=10_000)
    assert rendered.media_type == "text/csv"
    rows = list(csv.reader(io.StringIO(rendered.content.decode("utf-8"))))
    assert rows[0] == ["name", "spend", "spend_change"]
    assert [r[0] for r in rows[1:-1]] == ["'" + t for t in HOSTILE]
    assert rows[1][1:] == ["12.5", "-0.25"]  # a negative number stays a number
    assert rows[-1] == ["Spring", "400", ""]


def _xlsx(content: bytes) -> tuple[list[str], dict[str, str]]:
    """The workbook's shared strings, and each sheet's XML by name."""
    book = zipfile.ZipFile(io.BytesIO(content))
    strings = [
        "".join(t.text or "" for t in item.iter(f"{{{NS['m']}}}t"))
        for item in ElementTree.fromstring(book.read("xl/sharedStrings.xml"))  # noqa: S314 - our own file
    ]
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))  # noqa: S314 - our own file
    names = [s.get("name") or "" for s in workbook.iterfind("m:sheets/m:sheet", NS)]
    sheets = {
        name: book.read(f"xl/worksheets/sheet{i}.xml").decode()
        for i, name in enumerate(names, start=1)
    }
    return strings, sheets


def test_xlsx_writes_text_as_text_never_a_formula() -> None:
    rendered = TabularReportFiles().render(SHEET, ExportFormat.XLSX, max_bytes=100_000)
    assert rendered.content.startswith(b"PK")
    assert rendered.media_type.endswith("spreadsheetml.sheet")
    strings, sheets = _xlsx(rendered.content)
    assert list(sheets) == ["campaigns", "about"]
    for text in HOSTILE:
        read = text.replace("\r", "_x000D_")  # how OOXML escapes a carriage return
        assert "'" + read in strings
        assert read not in strings
    assert "'=1+1" in strings  # the about sheet too
    assert "<f>" not in sheets["campaigns"]
    assert "<f>" not in sheets["about"]
    # numbers are numeric cells (no t="s"), with their values
    values = re.findall(r'<c r="[BC]2"[^>]*><v>([^<]+)</v>', sheets["campaigns"])
    assert values == ["12.5", "-0.25"]


@pytest.mark.parametrize("file_format", list(ExportFormat))
def test_a_file_past_the_bound_is_refused(file_format: ExportFormat) -> None:
    many = Sheet(title="content", header=("x",), rows=tuple((f"row {i}",) for i in range(5000)))
    with pytest.raises(ReportTooLarge):
        TabularReportFiles().render(many, file_format, max_bytes=2000)
