"""``umt outbox status``: how far the outbox relay is behind, read from the outbox table
through the relay's own port query (``OutboxFeed.lag``, what ``/metrics`` exports as
``umt_outbox_pending`` and ``umt_outbox_oldest_age_seconds``)."""

from __future__ import annotations

import argparse

from umt.entrypoints.operator.output import FAILED, OK, Output, bounded, when
from umt.ports.clock import Clock
from umt.ports.outbox_feed import OutboxFeed


def add_outbox_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    outbox = sub.add_parser("outbox", help="the transactional outbox and its relay")
    actions = outbox.add_subparsers(dest="outbox_command", required=True)
    status = actions.add_parser("status", help="unpublished events, the oldest one's age (lag)")
    status.add_argument("--json", action="store_true", help="a JSON document on stdout")
    status.add_argument(
        "--max-lag",
        type=bounded(float, 0, 86_400 * 365),
        metavar="SECONDS",
        help="exit 1 when the oldest unpublished event is older (a probe for scripts)",
    )


async def outbox_status(
    feed: OutboxFeed, clock: Clock, out: Output, *, max_lag: float | None = None
) -> int:
    lag = await feed.lag()
    seconds = lag.oldest_age(clock.now()).total_seconds()
    if out.json_mode:
        out.document(
            {
                "pending": lag.pending,
                "oldest_occurred_at": lag.oldest_occurred_at,
                "lag_seconds": seconds,
            }
        )
    else:
        out.fields(
            "outbox",
            [
                ("pending events", lag.pending),
                ("oldest pending since", when(lag.oldest_occurred_at)),
                ("lag (its age)", f"{seconds:.1f} s"),
            ],
        )
    if max_lag is not None and seconds > max_lag:
        out.error(f"the relay is {seconds:.1f} s behind (more than {max_lag:g} s)")
        return FAILED
    return OK
