"""PostgreSQL: the ticker's claim and hand-over in one statement, and its bound.

``hand_over_each`` (the port's reference) loads every due publication with the data mapper,
claims it through the aggregate and writes the ``publication.due`` the claim records: about
150 µs of Python per row, four times what the database spends. Here one statement does it:

1. ``due`` locks up to ``limit`` due rows, oldest first (``FOR UPDATE SKIP LOCKED``), and sets
   aside those the aggregate must decide: a row with attempts (its hand-over carries the
   attempt number and whether to reconcile) or one that may be missed (skip policy, past its
   grace window);
2. ``claimed`` claims the others as ``Publication.claim`` does: the fence and the version
   bumped, the lease set, ``updated_at`` now;
3. ``handed`` writes each one's ``publication.due`` outbox row, the payload built as
   ``DomainEvent.payload`` builds it from ``PublicationHandover`` (times as Python's
   ``isoformat``), in claim order, with event ids from the unit of work's generator.

It answers how many it handed over, the earliest ``next_attempt_at`` among all it locked, and
the rows set aside, which the repository then claims through the aggregate in the same
transaction (they are rare: retries, reconciliations, and a backlog after downtime).
tests/contracts/test_publication_hand_over.py holds the statement to the aggregate's rows.
The ticker's bound (``count_in_flight``, asked before every claim) runs here too, on the
asyncpg connection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from umt.adapters.sql.engine import translate_errors
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.domain.publishing.publication_events import PublicationDue
from umt.domain.publishing.publication_status import (
    CLAIMABLE,
    LEASED,
    MissedPolicy,
    PublicationStatus,
)


def _in(statuses: frozenset[PublicationStatus]) -> str:
    return ", ".join(f"'{value}'" for value in sorted(s.value for s in statuses))


# the ticker's bound, asked before each claim: the live claims across tenants
IN_FLIGHT = f"""
SELECT count(*) FROM publications WHERE status IN ({_in(LEASED)}) AND lease_expires_at > $1
"""  # noqa: S608 - constants of the domain, no input


def _iso(column: str) -> str:
    """SQL for Python's ``datetime.isoformat()`` of a UTC ``timestamptz``: microseconds only
    when there are any, and ``+00:00``."""
    utc = f"({column} AT TIME ZONE 'UTC')"
    return (
        f"to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        f" || CASE WHEN to_char({utc}, 'US') = '000000' THEN '' ELSE to_char({utc}, '.US') END"
        " || '+00:00'"
    )


# $1 now, $2 limit, $3 owner, $4 lease expiry, $5 its ISO text, $6 the event ids (>= limit)
CLAIM_AND_HAND_OVER = f"""
WITH due AS (
    SELECT p.id, p.next_attempt_at,
           EXISTS (SELECT 1 FROM publication_attempts AS a WHERE a.publication_id = p.id)
           OR (p.missed_policy = '{MissedPolicy.SKIP.value}'
               AND $1 > p.due_at + p.grace_seconds * interval '1 second') AS aside
    FROM publications AS p
    WHERE p.status IN ({_in(CLAIMABLE)})
      AND p.next_attempt_at <= $1
    ORDER BY p.next_attempt_at, p.id
    LIMIT $2
    FOR UPDATE SKIP LOCKED
), claimed AS (
    UPDATE publications AS p
    SET status = '{PublicationStatus.CLAIMED.value}', fence = p.fence + 1,
        lease_owner = $3::text, lease_expires_at = $4, version = p.version + 1, updated_at = $1
    FROM due
    WHERE p.id = due.id AND NOT due.aside
    RETURNING p.id, p.organization_id, p.brand_id, p.channel_account_id, p.fence, p.due_at,
              p.next_attempt_at
), numbered AS (
    SELECT c.*, row_number() OVER (ORDER BY c.next_attempt_at, c.id) AS n FROM claimed AS c
), handed AS (
    INSERT INTO outbox (id, event_type, aggregate_type, aggregate_id, organization_id,
                        occurred_at, payload)
    SELECT e.id, '{PublicationDue.event_type}', '{PublicationDue.aggregate_type}', c.id,
           c.organization_id, $1,
           jsonb_build_object(
               'aggregate_id', c.id::text,
               'organization_id', c.organization_id::text,
               'data', jsonb_build_object(
                   'brand_id', c.brand_id::text,
                   'channel_account_id', c.channel_account_id::text,
                   'fence', c.fence,
                   'lease_owner', $3::text,
                   'lease_expires_at', $5::text,
                   'due_at', {_iso("c.due_at")},
                   'next_attempt', 1,
                   'reconcile', false))
    FROM numbered AS c JOIN unnest($6::uuid[]) WITH ORDINALITY AS e(id, n) ON e.n = c.n
    ORDER BY c.n
)
SELECT count(*) FILTER (WHERE NOT aside) AS handed_over,
       array_agg(id ORDER BY next_attempt_at, id) FILTER (WHERE aside) AS aside,
       min(next_attempt_at) AS earliest_due
FROM due
"""  # noqa: S608 - constants of the domain, no input


@dataclass(frozen=True, slots=True)
class PgHandOver:
    """What the statement did: the rows it handed over, the earliest due among all it locked,
    and the locked rows it left to the aggregate, oldest first."""

    handed_over: int
    earliest_due: datetime | None
    aside: Sequence[UUID]


async def claim_and_hand_over(
    pg: PgTransaction,
    *,
    now: datetime,
    limit: int,
    owner: str,
    until: datetime,
    event_ids: Sequence[UUID],
) -> PgHandOver:
    """Run the statement in the unit of work's transaction (``event_ids``: at least
    ``limit``; those left over are unused)."""
    async with translate_errors("claiming due publications"):
        row = await pg.driver.fetchrow(
            CLAIM_AND_HAND_OVER, now, limit, owner, until, until.isoformat(), list(event_ids)
        )
    return PgHandOver(
        handed_over=row["handed_over"], earliest_due=row["earliest_due"], aside=row["aside"] or ()
    )


async def count_in_flight(pg: PgTransaction, now: datetime) -> int:
    """``count_in_flight`` on the unit of work's asyncpg connection: asked before every claim,
    it skips SQLAlchemy's statement machinery, which cost more than the count."""
    async with translate_errors("counting the claims in flight"):
        return int(await pg.driver.fetchval(IN_FLIGHT, now))
