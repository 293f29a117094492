"""Read models of the publish engine handed to callers outside the application (the library):
what a person's reconciliation found, with the publication as it left it (frozen values)."""

from __future__ import annotations

from dataclasses import dataclass

from umt.application.publishing.views import PublicationView
from umt.application.publishing_dispatch.engine_records import Step


@dataclass(frozen=True, slots=True, kw_only=True)
class ReconcileView:
    """``step``: ``reconciled`` (the post exists: published, with its remote id) or
    ``deferred`` (no such post: due again now, status ``scheduled``; or the platform could not
    be asked: still ``outcome_unknown``); ``detail`` says which."""

    step: Step
    detail: str
    publication: PublicationView
