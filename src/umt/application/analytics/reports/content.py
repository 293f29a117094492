"""The content performance report: per content piece and publication, the organic metrics
of the range, the engagements and the engagement rate, beside the previous period; most
impressions first."""

from __future__ import annotations

from umt.application.analytics.reports.scope import (
    SOCIAL,
    SOCIAL_FIGURES,
    Scope,
    Table,
    added,
    descending,
    grouped,
    read_totals,
    social_figures,
    table,
)
from umt.application.analytics.reports.views import ReportRow, compared
from umt.domain.shared.metrics import SubjectKind
from umt.ports.rollup_totals import SubjectTotal
from umt.ports.unit_of_work import UnitOfWork

KINDS = (SubjectKind.CONTENT_PIECE, SubjectKind.PUBLICATION)
DIMENSIONS = ["subject_kind", "subject_id", "channel"]


def subject(total: SubjectTotal) -> tuple[str, str, str]:
    return (total.subject_kind.value, str(total.subject_id), total.channel.value)


async def content_table(uow: UnitOfWork, scope: Scope, limit: int) -> Table:
    current = await read_totals(uow, scope, scope.period, KINDS, SOCIAL)
    before = await read_totals(uow, scope, scope.previous, KINDS, SOCIAL)

    now, then = grouped(current, subject), grouped(before, subject)
    rows = [
        ReportRow(
            labels=dict(zip(DIMENSIONS, key, strict=True)),
            figures=compared(
                social_figures(values), social_figures(then.get(key, {})), SOCIAL_FIGURES
            ),
        )
        for key, values in now.items()
    ]
    rows.sort(key=descending("impressions"))
    totals = compared(
        social_figures(added(now.values())), social_figures(added(then.values())), SOCIAL_FIGURES
    )
    return table(
        DIMENSIONS,
        SOCIAL_FIGURES,
        rows,
        totals,
        limit=limit,
        notes=["a row per content piece or publication with activity in the range"],
    )
