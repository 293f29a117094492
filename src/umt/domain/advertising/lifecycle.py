"""The status moves of a campaign (launch, activate, pause, resume, complete, archive): the
``Campaign`` aggregate inherits them from ``CampaignLifecycle``, which keeps them, and the
events they record, apart from the planning of the tree. The allowed moves are in
``status.py``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from umt.domain.advertising import events as ev
from umt.domain.advertising.errors import CampaignTreeIncomplete, IllegalCampaignTransition
from umt.domain.advertising.flight import check_end
from umt.domain.advertising.levels import DeliveryStatus
from umt.domain.advertising.status import CampaignStatus, check_transition
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import StaleVersion

if TYPE_CHECKING:
    from umt.domain.advertising.tree import Ad, AdSet
    from umt.domain.shared.ids import BrandId, CampaignId, OrganizationId

StatusEvent = (
    type[ev.CampaignLaunchStarted]
    | type[ev.CampaignLaunched]
    | type[ev.CampaignPaused]
    | type[ev.CampaignResumed]
    | type[ev.CampaignCompleted]
    | type[ev.CampaignArchived]
)


class CampaignLifecycle(AggregateRoot):
    """The campaign's status moves; every one is checked against ``status.TRANSITIONS`` and
    recorded as an event naming the reason (a person, a rule, pacing, the flight's end)."""

    if not TYPE_CHECKING:  # no __dict__ of its own; mypy would read the fields below as
        __slots__ = ()  # undeclared slots, they are the Campaign dataclass's

    if TYPE_CHECKING:  # the Campaign dataclass declares these fields
        id: CampaignId
        organization_id: OrganizationId
        brand_id: BrandId
        status: CampaignStatus
        status_reason: str
        ends_at: datetime | None
        ad_sets: list[AdSet]
        launched_at: datetime | None
        version: int
        updated_at: datetime

        def ads(self) -> Iterator[tuple[AdSet, Ad]]: ...
        def flight_of(self, ad_set: AdSet) -> tuple[datetime, datetime | None]: ...
        def has_pending_objects(self) -> bool: ...

    def begin_launch(self, *, now: datetime, expected_version: int | None = None) -> None:
        """draft → creating: the tree is complete and its flight not over."""
        self._check_version(expected_version)
        if not self.ad_sets or any(not ad_set.ads for ad_set in self.ad_sets):
            raise CampaignTreeIncomplete("a campaign launches with ad sets that each have ads")
        check_end(self.ends_at, now)
        for ad_set in self.ad_sets:
            check_end(self.flight_of(ad_set)[1], now, field="ad_sets.ends_at")
        self._move(CampaignStatus.CREATING, now, "launch", ev.CampaignLaunchStarted)

    def claim_launch_retry(self, *, now: datetime) -> None:
        """A launch left ``creating`` is taken up again: the version moves, so of several
        processes saving this claim only one wins (the others get ``StaleVersion``)."""
        if self.status is not CampaignStatus.CREATING:
            raise IllegalCampaignTransition(
                f"a {self.status.value} campaign is not being created", field="status"
            )
        self._bump(now)

    def activate(self, *, now: datetime) -> None:
        """creating → active, once every object exists remotely (and was switched on)."""
        if self.status is CampaignStatus.CREATING and self.has_pending_objects():
            raise CampaignTreeIncomplete("objects of the tree are not created yet")
        self._move(CampaignStatus.ACTIVE, now, "launch", ev.CampaignLaunched)
        self.launched_at = now
        for ad_set, ad in self.ads():
            ad_set.status = DeliveryStatus.ACTIVE
            ad.status = DeliveryStatus.ACTIVE

    def pause(self, *, now: datetime, reason: str = "user", expected: int | None = None) -> None:
        self._check_version(expected)
        self._move(CampaignStatus.PAUSED, now, reason, ev.CampaignPaused)

    def resume(self, *, now: datetime, reason: str = "user", expected: int | None = None) -> None:
        self._check_version(expected)
        check_end(self.ends_at, now)
        self._move(CampaignStatus.ACTIVE, now, reason, ev.CampaignResumed)

    def complete(self, *, now: datetime, reason: str = "flight_ended") -> None:
        self._move(CampaignStatus.COMPLETED, now, reason, ev.CampaignCompleted)

    def archive(self, *, now: datetime, reason: str = "user", expected: int | None = None) -> None:
        self._check_version(expected)
        self._move(CampaignStatus.ARCHIVED, now, reason, ev.CampaignArchived)

    def _move(self, target: CampaignStatus, now: datetime, reason: str, kind: StatusEvent) -> None:
        check_transition(self.status, target)
        before, self.status = self.status, target
        self.status_reason = reason
        self._bump(now)
        self._record(
            kind,
            now,
            ev.CampaignStatusChange(
                brand_id=self.brand_id, before=before.value, after=target.value, reason=reason
            ),
        )

    def _check_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise StaleVersion(
                f"campaign is at version {self.version},"
                f" the change was made against version {expected}"
            )
