"""Back-dated demo posts: listed with the account's posts, their counts what the network's
own post_metrics answers (so a sync agrees with the history), seeded by the history's key
and not by the store's next id, and the same post when asked again."""

from __future__ import annotations

from datetime import timedelta

from tests.unit.adapters.platforms.sandbox.helpers import connect

from umt.adapters.platforms.sandbox.history import backdated_post, counts_at
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.system.clock import FixedClock


async def test_a_backdated_post_counts_as_the_network_reports_it(
    network: SandboxNetwork, clock: FixedClock
) -> None:
    ann = await connect(network, followers=6000)
    at = clock.now() - timedelta(days=3)
    post = await backdated_post(
        network, ann.account.id, history="h", seed="demo", number=0, text="Hi?", published_at=at,
        reference="demo-0",
    )  # fmt: skip
    assert post.published_at == at
    assert [p.id for p in await network.list_posts(ann.token)] == [post.id]
    for hours in (1, 24, 72):
        moment = at + timedelta(hours=hours)
        assert await counts_at(network, post, moment) == await network.post_metrics(
            ann.token, post.id, at=moment
        )
    counted = await counts_at(network, post, clock.now())
    assert counted.impressions > 0

    # another account with the same followers, other posts before it: the same numbers
    await network.publish_post(ann.token, text="something else first")
    bob = await connect(network, followers=6000)
    again = await backdated_post(
        network, bob.account.id, history="h2", seed="demo", number=0, text="Hi?", published_at=at,
        reference="demo-0",
    )  # fmt: skip
    assert again.id != post.id
    assert await counts_at(network, again, clock.now()) == counted
    other = await backdated_post(
        network, bob.account.id, history="h3", seed="other", number=0, text="Hi?",
        published_at=at, reference="demo-0",
    )  # fmt: skip
    assert await counts_at(network, other, clock.now()) != counted
