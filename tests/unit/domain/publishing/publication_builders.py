"""Publications for tests, with every identity field set."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

from umt.domain.brand.channels import Channel
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.planned_time import PlannedTime
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.rendered_post import RenderedPost

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def publication(
    *, due_in: timedelta = timedelta(hours=1), now: datetime = NOW, **kw: Any
) -> Publication:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "organization_id": uuid4(),
        "brand_id": uuid4(),
        "content_id": uuid4(),
        "content_version_id": uuid4(),
        "channel_account_id": uuid4(),
        "channel": Channel.LINKEDIN,
        "kind": ChannelKind.LINKEDIN_ORGANIZATION,
        "rendering": RenderedPost(text="Spring menu is out", link="https://acme.example/menu"),
    }
    fields.update(kw)
    planned = PlannedTime.at_instant(now + due_in, "Europe/Berlin")
    return Publication.schedule(planned=planned, now=now, **fields)
