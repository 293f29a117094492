"""The sandbox connector as a Publisher: references, reconciliation, cursors, every fault."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from tests.unit.adapters.platforms.sandbox.helpers import START, Linked, linked

from umt.adapters.platforms.sandbox.connector import SandboxConnector
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.posts import PAGE_SIZE
from umt.adapters.system.clock import FixedClock
from umt.domain.integration.errors import (
    ContentRejected,
    OutcomeUnknown,
    PlatformRejected,
    PlatformUnavailable,
    QuotaExceeded,
    RateLimited,
    Rejection,
    TokenExpired,
)
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.ports.channel_target import ChannelTarget
from umt.ports.publisher import MediaItem, MediaKind, OutgoingPost


@pytest.fixture
async def ann(network: SandboxNetwork, connector: SandboxConnector) -> Linked:
    return await linked(network, connector)


def _post(reference: str, text: str | None = None) -> OutgoingPost:
    return OutgoingPost(reference=reference, text=text or f"Hello from {reference}")


async def test_a_published_post_carries_our_reference_and_is_found_by_it(
    connector: SandboxConnector, network: SandboxNetwork, ann: Linked
) -> None:
    media = (
        MediaItem(url="https://cdn.example/a.png"),
        MediaItem(url="https://cdn.example/v.mp4", kind=MediaKind.VIDEO),
    )
    sent = await connector.publish(
        ann.posts, ann.credentials, OutgoingPost(reference="pub-1", text="Hi", media=media)
    )
    assert sent.reference == "pub-1"
    assert sent.published_at == START
    found = await connector.find(ann.posts, ann.credentials, "pub-1")
    assert found == sent
    assert await connector.find(ann.posts, ann.credentials, reference="pub-1") == sent
    assert await connector.find(ann.posts, ann.credentials, "pub-2") is None
    stored = (await network.posts_with_reference("pub-1"))[0]
    assert (stored.image_refs, stored.video_refs) == (
        ["https://cdn.example/a.png"],
        ["https://cdn.example/v.mp4"],
    )


async def test_a_lost_response_leaves_the_post_which_find_returns(
    connector: SandboxConnector, network: SandboxNetwork, ann: Linked
) -> None:
    network.faults.lose_responses(calls=1)
    with pytest.raises(OutcomeUnknown):
        await connector.publish(ann.posts, ann.credentials, _post("pub-lost"))
    # the effect happened: reconciliation finds it, so nobody publishes it again
    found = await connector.find(ann.posts, ann.credentials, "pub-lost")
    assert found is not None
    assert len(await network.posts_with_reference("pub-lost")) == 1
    assert network.faults.responses_lost == 1
    # only the next call was lost
    await connector.publish(ann.posts, ann.credentials, _post("pub-next"))


async def test_lost_responses_at_a_rate_are_deterministic_by_seed(
    connector: SandboxConnector, network: SandboxNetwork, ann: Linked
) -> None:
    async def run() -> list[bool]:
        lost = []
        for i in range(60):
            try:
                await connector.publish(ann.posts, ann.credentials, _post(f"r-{i}", f"t {i}"))
            except OutcomeUnknown:
                lost.append(True)
            else:
                lost.append(False)
        return lost

    network.faults.lose_responses(rate=0.2, seed=11)
    first = await run()
    network.faults.lose_responses(rate=0.2, seed=11)
    assert await run() == first
    assert 3 <= sum(first) <= 25  # about a fifth
    # every call had its effect, lost answer or not
    counts = [len(await network.posts_with_reference(f"r-{i}")) for i in range(60)]
    assert counts == [2] * 60


async def test_the_cursor_lists_what_came_after_it_and_is_stable(
    connector: SandboxConnector, ann: Linked
) -> None:
    for i in range(3):
        await connector.publish(ann.posts, ann.credentials, _post(f"c-{i}"))
    first = await connector.recent(ann.posts, ann.credentials)
    assert [p.reference for p in first.posts] == ["c-0", "c-1", "c-2"]
    assert first.cursor is not None
    nothing = await connector.recent(ann.posts, ann.credentials, cursor=first.cursor)
    assert (nothing.posts, nothing.cursor) == ((), None)
    await connector.publish(ann.posts, ann.credentials, _post("c-3"))
    gone = await connector.publish(ann.posts, ann.credentials, _post("c-4"))
    await connector.delete(ann.posts, ann.credentials, gone.remote_id)
    newer = await connector.recent(ann.posts, ann.credentials, cursor=first.cursor)
    assert [p.reference for p in newer.posts] == ["c-3"]  # the deleted one is left out
    again = await connector.recent(ann.posts, ann.credentials, cursor=first.cursor)
    assert again == newer


async def test_pages_chain_without_gaps_when_more_than_a_page_is_new(
    connector: SandboxConnector, ann: Linked
) -> None:
    start = await connector.publish(ann.posts, ann.credentials, _post("start"))
    marker = (await connector.recent(ann.posts, ann.credentials)).cursor
    assert start.remote_id
    assert marker
    for i in range(PAGE_SIZE + 5):
        await connector.publish(ann.posts, ann.credentials, _post(f"p-{i}"))
    seen: list[str | None] = []
    cursor: str | None = marker
    while cursor is not None:
        page = await connector.recent(ann.posts, ann.credentials, cursor=cursor)
        seen += [p.reference for p in page.posts]
        cursor = page.cursor
    assert seen == [f"p-{i}" for i in range(PAGE_SIZE + 5)]


async def test_a_cursor_not_from_the_sandbox_is_refused(
    connector: SandboxConnector, ann: Linked
) -> None:
    for cursor in ("garbage!", "c2J4MTotNQ", "aGVsbG8"):
        with pytest.raises(PlatformRejected) as caught:
            await connector.recent(ann.posts, ann.credentials, cursor=cursor)
        assert caught.value.field == "cursor"


async def test_delete_is_idempotent_and_find_no_longer_returns_the_post(
    connector: SandboxConnector, network: SandboxNetwork, ann: Linked
) -> None:
    sent = await connector.publish(ann.posts, ann.credentials, _post("d-1"))
    await connector.delete(ann.posts, ann.credentials, sent.remote_id)
    await connector.delete(ann.posts, ann.credentials, sent.remote_id)
    await connector.delete(ann.posts, ann.credentials, "post_999")
    assert await connector.find(ann.posts, ann.credentials, "d-1") is None
    record = await network.posts_with_reference("d-1")
    assert len(record) == 1
    assert record[0].deleted_at == START


async def test_comments_land_under_the_post(
    connector: SandboxConnector, network: SandboxNetwork, ann: Linked
) -> None:
    sent = await connector.publish(ann.posts, ann.credentials, _post("k-1"))
    comment_id = await connector.comment(ann.posts, ann.credentials, sent.remote_id, "#one #two")
    comments = await network.posts.comments(sent.remote_id)
    assert [(c.id, c.text) for c in comments] == [(comment_id, "#one #two")]
    with pytest.raises(PlatformRejected):
        await connector.comment(ann.posts, ann.credentials, "post_999", "hello")


async def test_a_future_send_at_schedules_natively(
    connector: SandboxConnector, ann: Linked
) -> None:
    later = START + timedelta(hours=5)
    sent = await connector.publish(
        ann.posts, ann.credentials, OutgoingPost(reference="s-1", text="soon", send_at=later)
    )
    assert sent.published_at == later


async def test_another_grants_account_or_another_kind_is_refused(
    connector: SandboxConnector, network: SandboxNetwork, ann: Linked
) -> None:
    bob = await linked(network, connector, name="Bob")
    with pytest.raises(PlatformRejected):
        await connector.publish(bob.posts, ann.credentials, _post("x"))
    with pytest.raises(PlatformRejected):
        await connector.publish(ann.ads, ann.credentials, _post("x"))
    assert await network.posts_with_reference("x") == []
    # and another account's posts are not found either
    await connector.publish(bob.posts, bob.credentials, _post("bob-1"))
    assert await connector.find(ann.posts, ann.credentials, "bob-1") is None


async def test_duplicate_text_within_the_window_is_rejected_as_duplicate(
    connector: SandboxConnector, network: SandboxNetwork, clock: FixedClock, ann: Linked
) -> None:
    await connector.publish(ann.posts, ann.credentials, _post("dup-1", "same words"))
    await connector.publish(ann.posts, ann.credentials, _post("dup-2", "same words"))  # off
    network.faults.reject_duplicates(timedelta(hours=1))
    with pytest.raises(ContentRejected) as caught:
        await connector.publish(ann.posts, ann.credentials, _post("dup-3", "same words"))
    assert caught.value.rejection is Rejection.DUPLICATE
    assert await network.posts_with_reference("dup-3") == []
    clock.advance(timedelta(minutes=61))
    ann.credentials = await connector.refresh(ann.credentials)
    await connector.publish(ann.posts, ann.credentials, _post("dup-4", "same words"))


async def test_forced_duplicates_refuse_the_next_calls_only(
    connector: SandboxConnector, network: SandboxNetwork, ann: Linked
) -> None:
    network.faults.force_duplicates(calls=2)
    for i in range(2):
        with pytest.raises(ContentRejected) as caught:
            await connector.publish(ann.posts, ann.credentials, _post(f"f-{i}"))
        assert caught.value.rejection is Rejection.DUPLICATE
    await connector.publish(ann.posts, ann.credentials, _post("f-2"))
    assert [len(await network.posts_with_reference(f"f-{i}")) for i in range(3)] == [0, 0, 1]


async def test_an_exhausted_quota_says_when_a_slot_frees(
    connector: SandboxConnector, network: SandboxNetwork, clock: FixedClock, ann: Linked
) -> None:
    network.faults.post_quota(2, timedelta(hours=24))
    await connector.publish(ann.posts, ann.credentials, _post("q-1"))
    clock.advance(timedelta(hours=1))
    ann.credentials = await connector.refresh(ann.credentials)
    await connector.publish(ann.posts, ann.credentials, _post("q-2"))
    with pytest.raises(QuotaExceeded) as caught:
        await connector.publish(ann.posts, ann.credentials, _post("q-3"))
    assert caught.value.retry_after_seconds == 23 * 3600  # when q-1 leaves the window
    assert await network.posts_with_reference("q-3") == []
    clock.advance(timedelta(hours=23))
    ann.credentials = await connector.refresh(ann.credentials)
    await connector.publish(ann.posts, ann.credentials, _post("q-3"))
    network.faults.post_quota(0)
    with pytest.raises(QuotaExceeded):
        await connector.publish(ann.posts, ann.credentials, _post("q-4"))


@pytest.mark.parametrize(
    ("switch", "error"),
    [
        (lambda f: f.outage(), PlatformUnavailable),
        (lambda f: f.rate_limit(12, calls=1), RateLimited),
        (lambda f: f.expire_tokens(), TokenExpired),
    ],
)
async def test_faults_before_the_effect_publish_nothing(
    connector: SandboxConnector,
    network: SandboxNetwork,
    ann: Linked,
    switch: object,
    error: type[Exception],
) -> None:
    assert callable(switch)
    switch(network.faults)
    with pytest.raises(error) as caught:
        await connector.publish(ann.posts, ann.credentials, _post("fault"))
    assert not isinstance(caught.value, OutcomeUnknown)  # nothing happened: a retry is safe
    if isinstance(caught.value, RateLimited):
        assert caught.value.retry_after_seconds == 12
    assert await network.posts_with_reference("fault") == []
    network.faults.clear()
    await connector.publish(ann.posts, ann.credentials, _post("fault"))
    assert len(await network.posts_with_reference("fault")) == 1


async def test_many_coroutines_publishing_at_once_never_lose_or_double_a_post(
    connector: SandboxConnector, network: SandboxNetwork, ann: Linked
) -> None:
    network.faults.lose_responses(rate=0.1, seed=3)

    async def exactly_once(reference: str) -> None:
        """What the publisher does: publish; on an unknown outcome, find before retrying."""
        while True:
            try:
                await connector.publish(ann.posts, ann.credentials, _post(reference))
            except OutcomeUnknown:
                if await connector.find(ann.posts, ann.credentials, reference) is not None:
                    return
            else:
                return

    await connector.publish(ann.posts, ann.credentials, _post("before"))
    marker = (await connector.recent(ann.posts, ann.credentials)).cursor
    references = [f"many-{i}" for i in range(120)]
    await asyncio.gather(*(exactly_once(ref) for ref in references))
    assert network.faults.responses_lost > 0
    for ref in references:
        assert len(await network.posts_with_reference(ref)) == 1
    listed: list[str | None] = []
    cursor = marker
    while cursor is not None:
        page = await connector.recent(ann.posts, ann.credentials, cursor=cursor)
        listed += [p.reference for p in page.posts]
        cursor = page.cursor
    assert sorted(str(ref) for ref in listed) == sorted(references)


def test_the_connector_implements_every_capability_port(connector: SandboxConnector) -> None:
    from umt.ports.ad_network import AdNetwork
    from umt.ports.channel_discovery import ChannelDiscovery
    from umt.ports.metric_source import MetricSource
    from umt.ports.publisher import Publisher

    for port in (Publisher, AdNetwork, MetricSource, ChannelDiscovery):
        assert isinstance(connector, port)


async def test_discovery_finds_the_account_and_the_ad_account(
    connector: SandboxConnector, network: SandboxNetwork
) -> None:
    eve = await linked(network, connector, name="Eve", currency="EUR", time_zone="Europe/Berlin")
    found = {a.kind: a for a in await connector.discover(eve.credentials)}
    assert set(found) == {ChannelKind.SANDBOX_ACCOUNT, ChannelKind.SANDBOX_AD_ACCOUNT}
    ads = found[ChannelKind.SANDBOX_AD_ACCOUNT]
    assert (ads.currency, ads.time_zone) == ("EUR", "Europe/Berlin")
    assert found[ChannelKind.SANDBOX_ACCOUNT].external_id == eve.posts.external_id
    assert eve.posts == ChannelTarget(
        kind=ChannelKind.SANDBOX_ACCOUNT,
        external_id=found[ChannelKind.SANDBOX_ACCOUNT].external_id,
        details=found[ChannelKind.SANDBOX_ACCOUNT].details,
    )


async def test_a_grant_without_ads_discovers_no_ad_account(
    connector: SandboxConnector, network: SandboxNetwork
) -> None:
    from tests.unit.adapters.platforms.sandbox.helpers import REDIRECT, VERIFIER, grant_code

    account = await network.create_account("Pat")
    code = await grant_code(network, account, "profile publish")
    credentials = await connector.exchange_code(
        code=code, code_verifier=VERIFIER, redirect_uri=REDIRECT
    )
    found = await connector.discover(credentials)
    assert [a.kind for a in found] == [ChannelKind.SANDBOX_ACCOUNT]


async def test_find_tells_a_post_reference_from_an_ad_level_and_refuses_the_rest(
    connector: SandboxConnector, ann: Linked
) -> None:
    from umt.domain.advertising.levels import AdLevel

    sent = await connector.publish(ann.posts, ann.credentials, _post("campaign"))
    # a post reference that reads like a level is still a post reference
    assert await connector.find(ann.posts, ann.credentials, "campaign") == sent
    assert await connector.find(ann.ads, ann.credentials, AdLevel.CAMPAIGN, "campaign") is None
    assert (
        await connector.find(ann.ads, ann.credentials, level=AdLevel.AD, reference="campaign")
        is None
    )
    for args, named in (((), {}), ((AdLevel.AD,), {}), (("a", "b"), {}), ((), {"other": "x"})):
        with pytest.raises(TypeError):
            await connector.find(ann.posts, ann.credentials, *args, **named)
