"""Revising a campaign after planning: its name, its dates, and (while draft) its objective.

``Campaign`` inherits ``revise`` from ``CampaignRevision``. The invariants are those of
planning: the dates are ordered, a moved end lies ahead, every ad set's own dates stay within
the campaign's, a lifetime budget keeps an end date, and a flight made shorter (which spreads
a lifetime budget over fewer days) keeps the daily ceiling under the cap, and a longer one
keeps the total under the lifetime cap. A launched campaign
that already started keeps its start (the platforms refuse to move it), and its objective is
fixed from the launch on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from umt.domain.advertising import events as ev
from umt.domain.advertising.caps import Cap, Flight, check_growth
from umt.domain.advertising.errors import CampaignDatesInvalid, CampaignNotEditable
from umt.domain.advertising.flight import check_budget, check_dates, check_end, check_within
from umt.domain.advertising.levels import Objective
from umt.domain.advertising.lifecycle import CampaignLifecycle
from umt.domain.advertising.status import CampaignStatus
from umt.domain.shared.values import require_text

# the statuses in which a campaign may still be renamed or moved
REVISABLE = frozenset({CampaignStatus.DRAFT, CampaignStatus.ACTIVE, CampaignStatus.PAUSED})


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignChanges:
    """What a revision changes; None leaves a field as it is. ``drop_end`` runs the campaign
    without an end (``ends_at`` is then ignored)."""

    name: str | None = None
    objective: Objective | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    drop_end: bool = False


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


class CampaignRevision(CampaignLifecycle):
    """``revise``: the fields of a campaign outside its tree and its status."""

    if not TYPE_CHECKING:
        __slots__ = ()

    if TYPE_CHECKING:  # the Campaign dataclass declares these fields
        name: str
        objective: Objective
        currency: str
        starts_at: datetime

    def revise(
        self,
        changes: CampaignChanges,
        *,
        now: datetime,
        cap: Cap,
        expected_version: int | None = None,
    ) -> list[str]:
        """Apply ``changes``; the names of the fields that changed (empty: nothing did).
        Every check passes before anything is changed."""
        self._check_version(expected_version)
        if self.status not in REVISABLE:
            raise CampaignNotEditable(f"a {self.status.value} campaign is final")
        name = (
            self.name
            if changes.name is None
            else require_text(changes.name, field="name", max_length=200)
        )
        objective = changes.objective or self.objective
        if objective is not self.objective and self.status is not CampaignStatus.DRAFT:
            raise CampaignNotEditable(
                "the objective is fixed once the campaign is launched", field="objective"
            )
        start = changes.starts_at or self.starts_at
        end = None if changes.drop_end else (changes.ends_at or self.ends_at)
        if (start, end) != (self.starts_at, self.ends_at):
            self._check_flight(start, end, now=now, cap=cap)
        before = self._revisable()
        self.name, self.objective, self.starts_at, self.ends_at = name, objective, start, end
        after = self._revisable()
        changed = [key for key in before if before[key] != after[key]]
        if changed:
            self._bump(now)
            self._record(
                ev.CampaignUpdated,
                now,
                ev.CampaignRevised(
                    brand_id=self.brand_id,
                    before={k: before[k] for k in changed},
                    after={k: after[k] for k in changed},
                ),
            )
        return changed

    def _revisable(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "objective": self.objective.value,
            "starts_at": _moment(self.starts_at),
            "ends_at": _moment(self.ends_at),
        }

    def _check_flight(
        self, start: datetime, end: datetime | None, *, now: datetime, cap: Cap
    ) -> None:
        check_dates(start, end, field="ends_at")
        if end != self.ends_at:
            check_end(end, now)
        if self.status is not CampaignStatus.DRAFT and start != self.starts_at:
            if self.starts_at <= now:
                raise CampaignDatesInvalid(
                    "the campaign has started: its start stays", field="starts_at"
                )
            if start <= now:
                raise CampaignDatesInvalid(
                    "a launched campaign's start can only move to the future", field="starts_at"
                )
        new: list[Flight] = []
        for ad_set in self.ad_sets:
            check_within(ad_set.starts_at, ad_set.ends_at, start, end)
            set_end = ad_set.ends_at or end
            check_budget(ad_set.budget, self.currency, set_end, field="ad_sets.budget")
            new.append((ad_set.budget, ad_set.starts_at or start, set_end))
        old: list[Flight] = [(a.budget, *self.flight_of(a)) for a in self.ad_sets]
        check_growth(new, old, self.currency, cap)
