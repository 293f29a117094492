"""Violations as plain-language lines, to feed back to a generator for a regeneration."""

from __future__ import annotations

from umt.domain.content.compliance_report import ComplianceReport, Severity

#: Most lines a feedback holds: a model follows a short list better than a long one.
MAX_FEEDBACK_LINES = 20


def feedback_lines(
    report: ComplianceReport, *, include_info: bool = False, limit: int = MAX_FEEDBACK_LINES
) -> list[str]:
    """One line per violation, errors first (the report's order), infos only when asked.

    ``"error at body[0:5]: banned word 'Cheap' (the guide lists 'cheap')"``; a last line says
    how many were left out when there are more than ``limit``.
    """
    chosen = [v for v in report.violations if include_info or v.severity is not Severity.INFO]
    lines = [
        f"{v.severity} at {v.location}"
        + (f"[{v.start}:{v.end}]" if v.start is not None else "")
        + f": {v.message}"
        for v in chosen[: max(limit, 0)]
    ]
    if len(chosen) > len(lines):
        lines.append(f"... and {len(chosen) - len(lines)} more")
    return lines
