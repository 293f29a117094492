"""Refusals of the attribution context (each answered as a 4xx problem)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from umt.domain.shared.errors import InvalidValue


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One bad value of a batch: where (``paths[2].touchpoints[0].at``, ``rows[7].value``)
    and why."""

    field: str
    message: str


class PathsRejected(InvalidValue):
    """A batch with bad rows: nothing of it is stored, and every bad row is listed."""

    code = "attribution_batch_rejected"

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(
            f"{len(problems)} bad value(s), nothing stored: {listed}{more}",
            field=problems[0].field if problems else None,
        )
        self.problems = tuple(problems)


class TooManyKeys(InvalidValue):
    """A model asked of more distinct channels (campaigns, contents) than it computes exactly:
    Shapley enumerates every coalition (2^n), Markov inverts an n x n matrix."""

    code = "attribution_too_many_channels"


class PathLimitExceeded(InvalidValue):
    """More conversion paths in the range than one report reads: narrow the range."""

    code = "attribution_too_many_paths"
