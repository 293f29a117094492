"""The channel comparison report: per channel, the organic metrics of its content pieces,
publications, email campaigns and ads, the engagements and engagement rate, and how many
subjects were active, beside the previous period. Ads count at the ad level only (a platform
that reports ad sets and campaigns too reports the same figures again)."""

from __future__ import annotations

from decimal import Decimal

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
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.rollup_totals import SubjectTotal
from umt.ports.unit_of_work import UnitOfWork

KINDS = (
    SubjectKind.CONTENT_PIECE,
    SubjectKind.PUBLICATION,
    SubjectKind.EMAIL_CAMPAIGN,
    SubjectKind.AD,
)
FIGURES = [*SOCIAL_FIGURES, "subjects"]


def _figures(values: dict[Metric, Decimal], subjects: int) -> dict[str, Decimal | None]:
    return {**social_figures(values), "subjects": Decimal(subjects)}


def _subjects(totals: list[SubjectTotal]) -> dict[str, int]:
    seen: dict[str, set[object]] = {}
    for item in totals:
        seen.setdefault(item.channel.value, set()).add((item.subject_kind, item.subject_id))
    return {channel: len(subjects) for channel, subjects in seen.items()}


async def channels_table(uow: UnitOfWork, scope: Scope, limit: int) -> Table:
    current = list(await read_totals(uow, scope, scope.period, KINDS, SOCIAL))
    before = list(await read_totals(uow, scope, scope.previous, KINDS, SOCIAL))
    now = grouped(current, lambda t: t.channel.value)
    then = grouped(before, lambda t: t.channel.value)
    counted, counted_before = _subjects(current), _subjects(before)
    rows = [
        ReportRow(
            labels={"channel": channel},
            figures=compared(
                _figures(now.get(channel, {}), counted.get(channel, 0)),
                _figures(then.get(channel, {}), counted_before.get(channel, 0)),
                FIGURES,
            ),
        )
        for channel in sorted({*now, *then})
    ]
    rows.sort(key=descending("impressions"))
    totals = compared(
        _figures(added(now.values()), sum(counted.values())),
        _figures(added(then.values()), sum(counted_before.values())),
        FIGURES,
    )
    return table(
        ["channel"],
        FIGURES,
        rows,
        totals,
        limit=limit,
        notes=["ads count at the ad level; a channel active in either period has a row"],
    )
