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


async def test_tags_find_records_and_follow_replacement(store: SandboxStore) -> None:
    await store.put("post", "p1", b"1", owner="a", tag="ref-1")
    await store.put("post", "p2", b"2", owner="b", tag="ref-1")
    await store.put("post", "p3", b"3", owner="a", tag="ref-2")
    await store.put("ad_set", "s1", b"s", owner="a", tag="ref-1")
    assert await store.tagged("post", "ref-1") == [b"1", b"2"]
    await store.put("post", "p1", b"1'", owner="a", tag="ref-3")  # retagged
    assert await store.tagged("post", "ref-1") == [b"2"]
    assert await store.tagged("post", "ref-3") == [b"1'"]
    assert await store.tagged("post", "") == []  # untagged records are not found by tag
    await store.put("post", "p4", b"4", owner="a")
    assert await store.tagged("post", "") == []


async def test_since_lists_by_position_and_keeps_a_replaced_records_place(
    store: SandboxStore,
) -> None:
    for i in range(5):
        await store.put("post", f"p{i}", str(i).encode(), owner="a")
        await store.put("post", f"q{i}", b"other", owner="b")
        await store.put("token", f"t{i}", b"t")
        await store.take("token", f"t{i}")  # deleted rows do not disturb positions
    newest = await store.since("post", owner="a", after=None, limit=2)
    assert [data for _, data in newest] == [b"3", b"4"]
    everything = await store.since("post", owner="a", after=0, limit=100)
    assert [data for _, data in everything] == [b"0", b"1", b"2", b"3", b"4"]
    positions = [position for position, _ in everything]
    assert positions == sorted(positions)
    assert len(set(positions)) == 5
    after_two = await store.since("post", owner="a", after=positions[1], limit=2)
    assert [data for _, data in after_two] == [b"2", b"3"]
    await store.put("post", "p0", b"0'", owner="a")
    again = await store.since("post", owner="a", after=positions[3], limit=10)
    assert [data for _, data in again] == [b"4"]  # p0 was replaced in place, not moved
    await store.put("post", "p5", b"5", owner="a")
    newer = await store.since("post", owner="a", after=positions[4], limit=10)
    assert [data for _, data in newer] == [b"5"]
    assert newer[0][0] > positions[4]


async def test_a_sqlite_file_from_before_tags_gets_the_column(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE sandbox_records (kind TEXT NOT NULL, key TEXT NOT NULL,"
            " owner TEXT NOT NULL, body BLOB NOT NULL, PRIMARY KEY (kind, key))"
        )
        db.execute("INSERT INTO sandbox_records VALUES ('post', 'p1', 'a', x'31')")
    db.close()
    store = await SqliteSandboxStore.open(path)
    try:
        assert await store.get("post", "p1") == b"1"
        await store.put("post", "p2", b"2", owner="a", tag="ref")
        assert await store.tagged("post", "ref") == [b"2"]
    finally:
        await store.close()
    reopened = await SqliteSandboxStore.open(path)  # the column is there: opening again works
    try:
        assert await reopened.tagged("post", "ref") == [b"2"]
    finally:
        await reopened.close()
