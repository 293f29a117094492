"""What the reliability tests count: the publications table and the sandbox's own record.

``progress`` is the cheap poll a test waits on (publications per status); ``Tally`` is the
full account at the end: per publication, its status, remote id and attempts, and the posts
the sandbox holds with its reference (every post ever created with it, deleted ones too).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

from sqlalchemy import func, select

from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.sqlite_store import SqliteSandboxStore
from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.publishing.tables import publication_attempts, publications
from umt.adapters.system.clock import SystemClock

SANDBOX_FILE = "sandbox.sqlite3"  # under the data dir the processes share
REASON_CHARS = 80


async def progress(database_url: str) -> Counter[str]:
    """How many publications are in each status now."""
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(publications.c.status, func.count()).group_by(publications.c.status)
            )
            return Counter({status: int(n) for status, n in rows})
    finally:
        await engine.dispose()


async def lease_owners(database_url: str) -> set[str]:
    """Who holds a lease right now."""
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(publications.c.lease_owner)
                .distinct()
                .where(publications.c.lease_owner.is_not(None))
            )
            return {str(owner) for (owner,) in rows}
    finally:
        await engine.dispose()


@dataclass(frozen=True, slots=True)
class Row:
    status: str
    remote_id: str | None
    outcomes: tuple[str, ...]  # its attempts' outcomes, in order


@dataclass(slots=True)
class Tally:
    rows: dict[UUID, Row]
    posts: dict[UUID, list[str]]  # publication id -> the sandbox post ids carrying it
    strays: int = 0  # sandbox posts carrying no reference of ours
    reasons: Counter[str] = field(default_factory=Counter)  # attempts' typed reasons, detail
    statuses: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.statuses = Counter(r.status for r in self.rows.values())
        self.outcomes = Counter(o for r in self.rows.values() for o in r.outcomes)

    @property
    def posted_once(self) -> int:
        return sum(1 for ids in self.posts.values() if len(ids) == 1)

    @property
    def posted_twice(self) -> list[UUID]:
        return [p for p, ids in self.posts.items() if len(ids) > 1]

    @property
    def never_posted(self) -> list[UUID]:
        return [p for p in self.rows if not self.posts.get(p)]

    @property
    def remote_id_mismatches(self) -> list[UUID]:
        """Publications whose recorded remote id is not the sandbox's post for them."""
        return [
            p
            for p, row in self.rows.items()
            if len(self.posts.get(p, ())) != 1 or row.remote_id != self.posts[p][0]
        ]

    @property
    def reconciled(self) -> int:
        """Attempts whose unknown outcome was settled by looking the post up."""
        return self.outcomes["found"] + self.outcomes["not_found"]

    @property
    def unresolved(self) -> int:
        """Attempts still pending or unknown: an outcome nobody settled."""
        return self.outcomes["pending"] + self.outcomes["unknown"]


async def tally(database_url: str, data_dir: Path, references: Iterable[UUID]) -> Tally:
    """The publications' rows and attempts, and the sandbox's record of each reference."""
    wanted = set(references)
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            found = await connection.execute(
                select(publications.c.id, publications.c.status, publications.c.remote_id)
            )
            heads = {pid: (status, remote) for pid, status, remote in found}
            attempts = await connection.execute(
                select(
                    publication_attempts.c.publication_id,
                    publication_attempts.c.outcome,
                    publication_attempts.c.reason,
                    publication_attempts.c.detail,
                ).order_by(publication_attempts.c.publication_id, publication_attempts.c.number)
            )
            outcomes: dict[UUID, list[str]] = {}
            reasons: Counter[str] = Counter()
            for pid, outcome, reason, detail in attempts:
                outcomes.setdefault(pid, []).append(outcome)
                if reason is not None:
                    reasons[f"{reason}: {detail[:REASON_CHARS]}"] += 1
    finally:
        await engine.dispose()
    rows = {
        pid: Row(status, remote, tuple(outcomes.get(pid, ())))
        for pid, (status, remote) in heads.items()
    }
    posts, total = await sandbox_posts(data_dir, wanted | set(rows))
    counted = sum(len(ids) for ids in posts.values())
    return Tally(
        rows=rows,
        posts={p: posts.get(p, []) for p in rows},
        strays=total - counted,
        reasons=reasons,
    )


async def sandbox_posts(
    data_dir: Path, references: Iterable[UUID]
) -> tuple[Mapping[UUID, list[str]], int]:
    """Per reference, the ids of every post the sandbox ever created with it (its test hook
    ``posts_with_reference``); and how many posts it holds in all."""
    store = await SqliteSandboxStore.open(data_dir / SANDBOX_FILE)
    network = SandboxNetwork(store, SystemClock())
    try:
        found = {
            reference: [p.id for p in await network.posts_with_reference(str(reference))]
            for reference in references
        }
        return found, len(await store.list("post"))
    finally:
        await store.close()
