"""Schemas of the publish engine's routes: what a reconciliation found and did."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

import msgspec

from umt.application.publishing_dispatch.engine import PublishReport

StepName = Literal[
    "published",
    "reconciled",
    "failed",
    "retry_scheduled",
    "outcome_unknown",
    "deferred",
    "missed",
    "stale",
]


class ReconcileOut(msgspec.Struct):
    """``step``: ``reconciled`` (the post exists: published), ``deferred`` (no post with our
    reference: due again now, with ``status`` ``scheduled``; or the platform could not be
    asked: still ``outcome_unknown``, looked up again later; ``detail`` says which)."""

    publication_id: UUID
    step: StepName
    status: str
    remote_id: str | None
    detail: str


def reconcile_out(report: PublishReport) -> ReconcileOut:
    return ReconcileOut(
        publication_id=report.publication_id,
        step=report.step.value,
        status=report.status.value,
        remote_id=report.remote_id,
        detail=report.detail,
    )
