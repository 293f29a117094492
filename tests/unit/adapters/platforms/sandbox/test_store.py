"""The sandbox store's contract, run against the in-memory and the SQLite store."""

from __future__ import annotations

import asyncio
from pathlib import Path

from umt.adapters.platforms.sandbox.sqlite_store import SqliteSandboxStore
from umt.adapters.platforms.sandbox.store import SandboxStore


async def test_put_get_replace(store: SandboxStore) -> None:
    assert await store.get("post", "p1") is None
    await store.put("post", "p1", b"one", owner="a")
    await store.put("post", "p1", b"uno", owner="a")
    assert await store.get("post", "p1") == b"uno"
    assert await store.get("campaign", "p1") is None  # kinds are separate


async def test_list_by_kind_and_owner_oldest_first(store: SandboxStore) -> None:
    await store.put("post", "p1", b"1", owner="a")
    await store.put("post", "p2", b"2", owner="b")
    await store.put("post", "p3", b"3", owner="a")
    await store.put("ad", "x", b"x", owner="a")
    await store.put("post", "p1", b"1'", owner="a")  # a replaced record keeps its place
    assert await store.list("post") == [b"1'", b"2", b"3"]
    assert await store.list("post", owner="a") == [b"1'", b"3"]
    assert await store.list("post", owner="nobody") == []


async def test_take_is_single_use(store: SandboxStore) -> None:
    await store.put("code", "c", b"secret")
    results = await asyncio.gather(*(store.take("code", "c") for _ in range(5)))
    assert results.count(b"secret") == 1
    assert await store.get("code", "c") is None


async def test_next_id_counts_per_kind(store: SandboxStore) -> None:
    assert [await store.next_id("post") for _ in range(3)] == [1, 2, 3]
    assert await store.next_id("ad") == 1


async def test_sqlite_store_keeps_state_across_reopen_and_processes(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "sandbox.sqlite3"
    first = await SqliteSandboxStore.open(path)
    second = await SqliteSandboxStore.open(path)  # another process of the same machine
    try:
        await first.put("account", "acct_1", b"ann", owner="")
        assert await first.next_id("account") == 1
        assert await second.get("account", "acct_1") == b"ann"
        assert await second.next_id("account") == 2
        await first.put("code", "c", b"x")
        assert await second.take("code", "c") == b"x"
        assert await first.take("code", "c") is None
    finally:
        await first.close()
        await second.close()
    reopened = await SqliteSandboxStore.open(path)
    try:
        assert await reopened.list("account") == [b"ann"]
        assert await reopened.next_id("account") == 3
    finally:
        await reopened.close()


async def test_sqlite_store_creates_its_file_on_first_use_only(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.sqlite3"
    store = SqliteSandboxStore(path)
    await store.close()  # never used: nothing to close, nothing created
    assert not path.exists()
    await store.put("account", "a", b"x")
    assert path.exists()
    await store.close()
