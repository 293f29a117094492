"""A campaign's lifecycle: its statuses and the moves between them.

::

    draft ──launch──► creating ──(whole tree created remotely)──► active ⇄ paused
      │                                                            │        │
      └──────────────► archived ◄───────── completed ◄─────────────┴────────┘

``creating`` only ever moves on to ``active``: a half-created tree is completed (reconciled
by reference on the platform), never dropped or duplicated.
"""

from __future__ import annotations

from enum import StrEnum

from umt.domain.advertising.errors import IllegalCampaignTransition


class CampaignStatus(StrEnum):
    DRAFT = "draft"
    CREATING = "creating"  # the tree is being created on the platform, PAUSED
    PAUSED = "paused"
    ACTIVE = "active"
    COMPLETED = "completed"
    ARCHIVED = "archived"


_S = CampaignStatus
TRANSITIONS: dict[CampaignStatus, frozenset[CampaignStatus]] = {
    _S.DRAFT: frozenset({_S.CREATING, _S.ARCHIVED}),
    _S.CREATING: frozenset({_S.ACTIVE}),  # a half-created tree is completed, never dropped
    _S.ACTIVE: frozenset({_S.PAUSED, _S.COMPLETED, _S.ARCHIVED}),
    _S.PAUSED: frozenset({_S.ACTIVE, _S.COMPLETED, _S.ARCHIVED}),
    _S.COMPLETED: frozenset({_S.ARCHIVED}),
    _S.ARCHIVED: frozenset(),
}
# the statuses whose ad sets may get a new budget (a draft's, or a live one's)
BUDGET_CHANGEABLE = frozenset({_S.DRAFT, _S.ACTIVE, _S.PAUSED})
# delivering or able to deliver again: what pacing and rules look after
LIVE = frozenset({_S.ACTIVE, _S.PAUSED})
# what the review loop visits: the live campaigns, and those whose launch did not finish
REVIEWED = frozenset({_S.CREATING, *LIVE})


def check_transition(current: CampaignStatus, target: CampaignStatus) -> None:
    """Raise ``IllegalCampaignTransition`` (naming the allowed moves) unless allowed."""
    if target not in TRANSITIONS[current]:
        allowed = sorted(s.value for s in TRANSITIONS[current]) or ["none"]
        raise IllegalCampaignTransition(
            f"a {current.value} campaign cannot become {target.value};"
            f" allowed: {', '.join(allowed)}",
            field="status",
        )
