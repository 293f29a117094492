"""Two processes publishing on one SQLite sandbox store lose no post and double none."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from tests.unit.adapters.platforms.sandbox.helpers import CLIENT, START, connect

from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.sqlite_store import SqliteSandboxStore
from umt.adapters.system.clock import FixedClock, SystemClock

PER_PROCESS = 60

# Each process publishes its own references exactly once (publish; on an unknown outcome, find
# before any retry), with 15 % of the answers lost after the effect.
_CHILD = """
import asyncio, sys
from datetime import datetime
from pathlib import Path
from umt.adapters.platforms.sandbox.connector import SandboxConnector
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.sqlite_store import SqliteSandboxStore
from umt.adapters.system.clock import FixedClock
from umt.domain.integration.errors import OutcomeUnknown
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.ports.channel_target import ChannelTarget
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import OutgoingPost

async def main(path, start, token, account, prefix, count, seed):
    store = await SqliteSandboxStore.open(Path(path))
    network = SandboxNetwork(store, FixedClock(datetime.fromisoformat(start)), seed=7)
    network.faults.lose_responses(rate=0.15, seed=int(seed))
    connector = SandboxConnector(network, public_base_url="http://127.0.0.1:8000")
    target = ChannelTarget(kind=ChannelKind.SANDBOX_ACCOUNT, external_id=account)
    credentials = Credentials(access_token=token, extra={"account_id": account})

    async def once(reference):
        while True:
            try:
                post = OutgoingPost(reference=reference, text=reference)
                await connector.publish(target, credentials, post)
                return
            except OutcomeUnknown:
                if await connector.find(target, credentials, reference) is not None:
                    return

    await asyncio.gather(*(once(f"{prefix}-{i}") for i in range(int(count))))
    await store.close()
    print(network.faults.responses_lost)

asyncio.run(main(*sys.argv[1:]))
"""


async def test_two_processes_on_one_sqlite_store_publish_each_post_exactly_once(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sandbox.sqlite3"
    store = await SqliteSandboxStore.open(path)
    network = SandboxNetwork(store, FixedClock(START), seed=7, clients=(CLIENT,))
    try:
        ann = await connect(network)
        children = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                _CHILD,
                str(path),
                START.isoformat(),
                ann.token,
                ann.account.id,
                prefix,
                str(PER_PROCESS),
                str(seed),
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            for prefix, seed in (("a", 1), ("b", 2))
        ]
        outputs = [await child.communicate() for child in children]
        for child, (_, err) in zip(children, outputs, strict=True):
            assert child.returncode == 0, err.decode()[-2000:]
        assert sum(int(out) for out, _ in outputs) > 0  # some answers were lost
        references = [f"{p}-{i}" for p in "ab" for i in range(PER_PROCESS)]
        for reference in references:
            assert len(await network.posts_with_reference(reference)) == 1, reference
        # and the network's own listing has every one of them, once, under distinct ids
        posts = await network.list_posts(ann.token)
        assert len(posts) == len(references) == len({p.id for p in posts})
        assert sorted(str(p.reference) for p in posts) == sorted(references)
    finally:
        await store.close()


# Each process publishes its posts 16 at a time and counts the calls that failed.
_BUSY_CHILD = """
import asyncio, sys
from pathlib import Path
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.sqlite_store import SqliteSandboxStore
from umt.adapters.system.clock import SystemClock

async def main(path, token, prefix, count):
    store = await SqliteSandboxStore.open(Path(path))
    network = SandboxNetwork(store, SystemClock(), seed=7)
    in_flight = asyncio.Semaphore(16)
    failed = []

    async def publish(reference):
        async with in_flight:
            try:
                await network.publish_post(token, text=reference, reference=reference)
            except Exception as exc:
                failed.append(repr(exc))

    await asyncio.gather(*(publish(f"{prefix}-{i}") for i in range(int(count))))
    await store.close()
    print(len(failed), failed[:3])

asyncio.run(main(*sys.argv[1:]))
"""
BUSY_PER_PROCESS = 400


async def test_two_processes_publishing_at_once_never_find_the_store_locked(
    tmp_path: Path,
) -> None:
    """Many calls in flight in each of two processes: none fails "database is locked" (a
    statement of one call left open while another call's write ran on the same connection
    once made such writes fail at once, without waiting for the other process)."""
    path = tmp_path / "sandbox.sqlite3"
    store = await SqliteSandboxStore.open(path)
    network = SandboxNetwork(store, SystemClock(), seed=7, clients=(CLIENT,))  # the children's
    try:
        ann = await connect(network)
        children = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                _BUSY_CHILD,
                str(path),
                ann.token,
                prefix,
                str(BUSY_PER_PROCESS),
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            for prefix in "ab"
        ]
        outputs = [await child.communicate() for child in children]
        for child, (out, err) in zip(children, outputs, strict=True):
            assert child.returncode == 0, err.decode()[-2000:]
            assert out.decode().startswith("0 "), out.decode()  # no call failed
        assert len(await network.list_posts(ann.token)) == 2 * BUSY_PER_PROCESS
    finally:
        await store.close()
