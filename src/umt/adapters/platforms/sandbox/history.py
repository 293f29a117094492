"""Demo history on the sandbox (a hook like the test hooks, for the README tour and demos):
posts back-dated into the past, and their simulated counts at any time.

A back-dated post's simulated counts are seeded by the history's own key
(``history:<seed>:<n>``, its ``simulation_key``) rather than its id, so they are a pure
function of the network seed, that key, the account's followers, the text and the elapsed
time (``simulation.py``): the same whatever else the store holds. Its id
(``post_h<digest>_<n>``, the digest of the history and the account) keeps two histories
apart. The network's own ``post_metrics`` answers the same numbers for it, so a later
metric sync of these posts agrees with the history.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import msgspec

from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.posts import tag
from umt.adapters.platforms.sandbox.records import Post
from umt.adapters.platforms.sandbox.simulation import PostMetrics, post_metrics


async def backdated_post(
    network: SandboxNetwork,
    account_id: str,
    *,
    history: str,
    seed: str,
    number: int,
    text: str,
    published_at: datetime,
    reference: str,
) -> Post:
    """A post of ``account_id`` published at ``published_at`` (in the past), the
    ``number``-th of the history named ``history`` drawn from ``seed``; asked again, the
    same post."""
    digest = hashlib.sha256(f"{history}:{account_id}".encode()).hexdigest()[:12]
    post = Post(
        id=f"post_h{digest}_{number}",
        account_id=account_id,
        text=text,
        image_refs=[],
        video_refs=[],
        created_at=published_at,
        published_at=published_at,
        scheduled=False,
        reference=reference,
        simulation_key=f"history:{seed}:{number}",
    )
    await network.store.put(
        "post", post.id, msgspec.json.encode(post), owner=account_id, tag=tag(reference)
    )
    return post


async def counts_at(network: SandboxNetwork, post: Post, at: datetime) -> PostMetrics:
    """The post's cumulative counts at ``at``, as ``network.post_metrics`` reports them."""
    account = await network.account(post.account_id)
    hours = (at - post.published_at).total_seconds() / 3600.0
    key = post.simulation_key or f"post:{post.id}"
    return post_metrics(f"{network.seed}:{key}", account.followers, network.post_rates(post), hours)
