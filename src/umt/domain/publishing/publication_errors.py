"""Named business-rule violations of publications (the calendar and the publish engine)."""

from __future__ import annotations

from umt.domain.shared.errors import Conflict, IllegalTransition, InvalidValue


class PublicationInvalid(InvalidValue):
    """A publication's fields are inconsistent (a naive time, a negative grace window...)."""

    code = "publication_invalid"


class IllegalPublicationTransition(IllegalTransition):
    """The publication's lifecycle does not allow this step (see ``publication.TRANSITIONS``)."""

    code = "illegal_publication_transition"


class PublicationNotReschedulable(Conflict):
    """Once a publication is being published (or was), its time can no longer change."""

    code = "publication_not_reschedulable"


class StaleFence(Conflict):
    """The caller's claim was superseded: its lease expired and the publication was claimed
    again (or returned), so what it reports is refused. Whatever it did on the platform is
    found by the reconciliation of the attempt it began."""

    code = "stale_fence"


class ReconciliationRequired(Conflict):
    """An attempt's outcome is unknown: the platform may hold the post. It must be looked up
    by our reference before another attempt (never a blind retry) or before giving up."""

    code = "reconciliation_required"


class PublicationAlreadyExists(Conflict):
    """A recurring schedule already made this publication (same account and time)."""

    code = "publication_already_exists"


class VersionNotApproved(Conflict):
    """Only an approved version is published: the piece is not approved, or the version named
    is not the one that was approved."""

    code = "version_not_approved"


class AccountNotPublishable(InvalidValue):
    """The channel account is not the brand's, is switched off or gone, or does not publish
    (an ad account)."""

    code = "account_not_publishable"
