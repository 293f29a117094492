"""What a brand-voice compliance check reports: a score and located violations."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # must be fixed: approval is refused while one remains
    WARNING = "warning"  # should be fixed; lowers the score
    INFO = "info"  # worth knowing; does not lower the score


@dataclass(frozen=True, slots=True, kw_only=True)
class Violation:
    """One broken rule. ``location`` names the field (``body``, ``fields.subject``,
    ``fields.headlines[2]``); ``start``/``end`` are character offsets in that field's text
    when the rule points at a span, else ``None``."""

    code: str
    severity: Severity
    message: str
    location: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplianceReport:
    """``score`` is 0..100 (100: nothing to fix); ``reading_grade`` is Flesch-Kincaid."""

    score: int
    violations: tuple[Violation, ...] = ()
    reading_grade: float | None = None

    @property
    def errors(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.severity is Severity.ERROR)

    @property
    def passed(self) -> bool:
        """No error-level violation remains."""
        return not self.errors
