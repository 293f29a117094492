"""Calendar conflicts of a publication on its channel account: the account's cap of posts in
any rolling 24 hours, the minimum spacing between two of its posts, and the brand's blackout
dates (read in the account's time zone). Every conflict is listed, so one 409 says them all."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.shared.errors import Conflict
from umt.domain.shared.ids import PublicationId
from umt.ports.unit_of_work import UnitOfWork

DAY = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class CalendarConflict:
    field: str  # where in the request: "channel_account_ids[1]", "rows[4].at"
    code: str  # daily_cap | min_spacing | blackout_date
    message: str


class PublicationConflicts(Conflict):
    """The publication clashes with the account's calendar; ``conflicts`` lists each clash."""

    code = "publication_conflicts"

    def __init__(self, conflicts: Sequence[CalendarConflict]) -> None:
        listed = "; ".join(f"{c.field}: {c.message}" for c in conflicts[:5])
        super().__init__(f"the calendar refuses it: {listed}", field=conflicts[0].field)
        self.conflicts = tuple(conflicts)


@dataclass(frozen=True, slots=True)
class Slot:
    """A post on an account's calendar: its time and (when stored) its publication."""

    due_at: datetime
    publication_id: PublicationId | None = None


async def conflicts_of(
    uow: UnitOfWork,
    account: ChannelAccount,
    due_at: datetime,
    *,
    field: str,
    blackout_dates: Collection[date] = (),
    exclude: PublicationId | None = None,
    pending: Sequence[Slot] = (),
) -> list[CalendarConflict]:
    """What keeps a post to ``account`` at ``due_at`` off the calendar. ``pending`` are posts
    of the same request not yet visible to the repository; ``exclude`` is the publication
    being moved."""
    found: list[CalendarConflict] = []
    local_day = due_at.astimezone(ZoneInfo(account.time_zone)).date()
    if local_day in blackout_dates:
        found.append(
            CalendarConflict(
                field, "blackout_date", f"{local_day.isoformat()} is a blackout date of the brand"
            )
        )
    spacing = timedelta(minutes=account.min_spacing_minutes)
    reach = max(DAY, spacing)
    stored = await uow.publications.account_slots(
        account.organization_id, account.id, due_at - reach, due_at + reach
    )
    others = [Slot(s.due_at, s.publication_id) for s in stored if s.publication_id != exclude] + [
        s for s in pending if due_at - reach <= s.due_at < due_at + reach
    ]
    if spacing and (near := [s for s in others if abs(s.due_at - due_at) < spacing]):
        found.append(
            CalendarConflict(
                field,
                "min_spacing",
                f"{account.name} takes one post every {account.min_spacing_minutes} minutes;"
                f" {len(near)} other(s) within that of {due_at.isoformat()}",
            )
        )
    cap = account.daily_cap
    if cap is not None and _busiest_day(due_at, [s.due_at for s in others]) + 1 > cap:
        found.append(
            CalendarConflict(
                field,
                "daily_cap",
                f"{account.name} takes at most {cap} posts in 24 hours",
            )
        )
    return found


def _busiest_day(due_at: datetime, others: Sequence[datetime]) -> int:
    """The most other posts in one 24-hour window that also holds ``due_at``."""
    near = sorted(t for t in others if due_at - DAY < t < due_at + DAY)
    starts = [t for t in near if t <= due_at] + [due_at]
    return max(sum(1 for t in near if start <= t < start + DAY) for start in starts)
