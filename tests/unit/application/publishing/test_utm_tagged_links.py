"""Scheduling tags the post's links for attribution: the channel as utm_source, the piece as
utm_content (docs/attribution.md); a tagged click reads back as that channel and piece."""

from __future__ import annotations

from tests.unit.application.publishing.publishing_support import approved_piece, channel_account

from umt.adapters.memory.store import InMemoryStore
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.application.publishing.schedule_publication import SchedulePublication
from umt.domain.attribution.utm import touch_of, utm_of_url
from umt.domain.content.compliance.text import URL


async def test_a_scheduled_posts_links_carry_the_channel_and_the_piece(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    piece = await approved_piece(
        bus,
        owner,
        body="The menu: https://acme.example/menu (ours: https://acme.example/?utm_source=own)",
    )
    account = await channel_account(store, piece)
    scheduled = await bus.execute(
        SchedulePublication(
            content_id=piece.id, channel_account_ids=[account.id], at="2026-03-02T09:00:00Z"
        ),
        owner,
    )
    urls = URL.findall(scheduled.items[0].rendering.text)
    assert urls[0] == (
        f"https://acme.example/menu?utm_source=linkedin&utm_medium=social&utm_content={piece.id}"
    )
    assert urls[1] == "https://acme.example/?utm_source=own"  # the author's own tags
    touch = touch_of(utm_of_url(urls[0]))
    assert (touch.channel, touch.campaign, touch.content) == ("linkedin", "", str(piece.id))
