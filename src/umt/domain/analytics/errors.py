"""Refusals of the analytics context (each answered as a 4xx problem)."""

from __future__ import annotations

from umt.domain.shared.errors import InvalidValue


class InvalidSamples(InvalidValue):
    """A batch of metric samples was refused as a whole: ``errors`` lists (field, message)
    for every bad row, the field named by the row's place (``samples[3].value``, or
    ``line 5.value`` in a CSV file)."""

    code = "invalid_samples"

    def __init__(
        self, message: str, *, field: str | None = None, errors: tuple[tuple[str, str], ...] = ()
    ) -> None:
        super().__init__(message, field=field)
        self.errors = errors


class ReportTooLarge(InvalidValue):
    """An exported report would exceed the export's size bound: narrow the range or lower
    the limit."""

    code = "report_too_large"
