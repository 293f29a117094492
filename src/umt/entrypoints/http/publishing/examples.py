"""OpenAPI examples of the calendar's answers, made from domain objects with fixed values (so
they always have the shape the routes answer with): a scheduling to two accounts at 09:00 in
each one's zone, a bulk import's report, and a weekly schedule."""

from __future__ import annotations

from copy import deepcopy
from datetime import UTC, date, datetime, time
from typing import Any
from uuid import UUID

import msgspec
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example, Operation

from umt.domain.brand.channels import Channel
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.planned_time import PlannedTime
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.rendered_post import RenderedPost
from umt.domain.publishing.schedule import Frequency, Schedule
from umt.entrypoints.http.openapi import answered_by
from umt.entrypoints.http.schemas.publishing import (
    ImportReportOut,
    RowRejectionOut,
    ScheduledPublicationsOut,
    ScheduleOut,
    publication_out,
    schedule_out,
)

_NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
_IDS: dict[str, Any] = {
    "organization_id": UUID("0193a3c2-0000-7c4a-9a51-1f6c0f3e2a10"),
    "brand_id": UUID("0193a3c2-1111-7c4a-9a51-1f6c0f3e2a10"),
    "content_id": UUID("0193a3c2-2222-7c4a-9a51-1f6c0f3e2a10"),
}


def _publication(n: int, zone: str, kind: ChannelKind, channel: Channel) -> Publication:
    return Publication.schedule(
        planned=PlannedTime.at_local(datetime(2026, 3, 2, 9, 0), zone),  # noqa: DTZ001  # a wall time
        now=_NOW,
        id=UUID(f"0193a3c2-5f1e-7c4a-9a51-1f6c0f3e2a1{n}"),
        content_version_id=UUID("0193a3c2-3333-7c4a-9a51-1f6c0f3e2a10"),
        channel_account_id=UUID(f"0193a3c2-4444-7c4a-9a51-1f6c0f3e2a1{n}"),
        channel=channel,
        kind=kind,
        rendering=RenderedPost(text="Our spring menu is out.", link="https://example.com/spring"),
        first_comment="Which one is yours?",
        **_IDS,
    )


def _plain(value: msgspec.Struct) -> Any:
    return msgspec.to_builtins(value)


_BERLIN = _publication(0, "Europe/Berlin", ChannelKind.LINKEDIN_ORGANIZATION, Channel.LINKEDIN)
_NEW_YORK = _publication(1, "America/New_York", ChannelKind.X_ACCOUNT, Channel.X)

SCHEDULED_201 = ResponseSpec(
    data_container=ScheduledPublicationsOut,
    generate_examples=False,
    description="One publication per account",
    examples=[
        Example(
            id="two-zones",
            summary="09:00 in each account's own zone",
            value=_plain(
                ScheduledPublicationsOut(
                    items=[publication_out(_BERLIN), publication_out(_NEW_YORK)]
                )
            ),
        )
    ],
)

IMPORT_200 = ResponseSpec(
    data_container=ImportReportOut,
    generate_examples=False,
    description="What was scheduled, and each refused row with its reason",
    examples=[
        Example(
            id="one-refused",
            summary="Row 2 was too close to row 1 on the same account",
            value=_plain(
                ImportReportOut(
                    scheduled=[publication_out(_BERLIN)],
                    rejected=[
                        RowRejectionOut(
                            row=2,
                            field="at",
                            code="min_spacing",
                            message="Acme on LinkedIn takes one post every 60 minutes;"
                            " 1 other(s) within that of 2026-03-02T08:30:00+00:00",
                        )
                    ],
                )
            ),
        )
    ],
)

_WEEKLY = Schedule.create(
    now=_NOW,
    id=UUID("0193a3c2-6666-7c4a-9a51-1f6c0f3e2a10"),
    channel_account_ids=(UUID("0193a3c2-4444-7c4a-9a51-1f6c0f3e2a10"),),
    frequency=Frequency.WEEKLY,
    weekdays=frozenset({0, 3}),
    local_time=time(9, 0),
    time_zone="Europe/Berlin",
    starts_on=date(2026, 3, 2),
    **_IDS,
)
_WEEKLY.expanded(date(2026, 3, 15), now=_NOW)

SCHEDULE_201 = ResponseSpec(
    data_container=ScheduleOut,
    generate_examples=False,
    description="The schedule, expanded ahead at once (ETag: its version)",
    examples=[
        Example(
            id="weekly",
            summary="Mondays and Thursdays at 09:00 in Berlin, two weeks ahead",
            value=_plain(schedule_out(_WEEKLY)),
        )
    ],
)


def _shown(id_: str, summary: str, value: Any) -> type[Operation]:
    """A route whose answer one example shows."""
    return answered_by(Example(id=id_, summary=summary, value=value))


def _publication_value(publication: Publication) -> Any:
    return _plain(publication_out(publication))


_LATER = datetime(2026, 3, 1, 15, 0, tzinfo=UTC)
_RESCHEDULED = deepcopy(_BERLIN)
_RESCHEDULED.reschedule(
    PlannedTime.at_local(datetime(2026, 3, 3, 11, 30), "Europe/Berlin"),  # noqa: DTZ001  # a wall time
    now=_LATER,
)
_CANCELLED = deepcopy(_BERLIN)
_CANCELLED.cancel(now=_LATER)

PUBLICATION_OK = _shown(
    "scheduled", "Scheduled for 09:00 in Berlin (ETag: its version)", _publication_value(_BERLIN)
)
RESCHEDULED_OK = _shown(
    "moved", "Moved to Tuesday 11:30 in Berlin", _publication_value(_RESCHEDULED)
)
CANCELLED_OK = _shown("cancelled", "Taken off the calendar", _publication_value(_CANCELLED))
PUBLICATIONS_OK = _shown(
    "two-zones",
    "A page of the calendar: the same post at 09:00 in Berlin and in New York",
    {
        "items": [_publication_value(_BERLIN), _publication_value(_NEW_YORK)],
        "next_cursor": "eyJkdWUiOiIyMDI2LTAzLTAyVDE0OjAwOjAwWiJ9",
    },
)

_THREE_WEEKS = deepcopy(_WEEKLY)
_THREE_WEEKS.update({"horizon_days": 21, "local_time": time(10, 0)}, now=_LATER)
_THREE_WEEKS.expanded(date(2026, 3, 22), now=_LATER)
_WEEKLY_VALUE = _plain(schedule_out(_WEEKLY))

SCHEDULE_OK = _shown("weekly", "Mondays and Thursdays at 09:00 in Berlin", _WEEKLY_VALUE)
SCHEDULE_UPDATED_OK = _shown(
    "later", "At 10:00 from now on, three weeks ahead", _plain(schedule_out(_THREE_WEEKS))
)
SCHEDULE_DELETED_OK = _shown(
    "deleted", "The schedule as it was; its waiting publications are cancelled", _WEEKLY_VALUE
)
SCHEDULES_OK = _shown(
    "one", "A brand's weekly schedule", {"items": [_WEEKLY_VALUE], "next_cursor": None}
)
