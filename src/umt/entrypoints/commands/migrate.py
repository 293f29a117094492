"""``umt migrate``: the database schema, from the migrations inside the installed package.

- ``umt migrate [--to REV]``: upgrade to the newest revision (or to ``REV``); never down;
- ``umt migrate current``: the database's revision, and whether it is the newest;
- ``umt migrate history``: every revision this umt ships, oldest first;
- ``umt migrate downgrade REV``: revert the revisions above ``REV`` (``base``: all of them).

On PostgreSQL each run holds an advisory lock (``adapters/sql/migrate.py``): two pods starting
at once migrate one after the other, the second finding nothing to do.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING

from umt.entrypoints.commands import redacted
from umt.entrypoints.settings import ConfigurationError, Settings

if TYPE_CHECKING:
    from umt.entrypoints.commands import Subparsers


def _known(revision: str) -> str:
    """The revision id ``revision`` names: itself, or the one id it begins (``0029``)."""
    from umt.adapters.sql.migrate import revisions

    if revision in revisions():
        return revision
    matches = [known for known in revisions() if known.startswith(revision)]
    if len(matches) != 1:
        what = "names several revisions" if matches else "is no revision of this umt"
        raise ConfigurationError(f"{revision!r} {what}: `umt migrate history` lists them")
    return matches[0]


def _current(url: str) -> str | None:
    from umt.adapters.sql.migrate import current_revision_async

    return asyncio.run(current_revision_async(url))


def upgrade(settings: Settings, target: str | None) -> None:
    """Upgrade to ``target`` (None: the newest revision), saying what was applied."""
    url = settings.resolved_database_url
    if settings.database.in_memory:
        print("memory:// needs no migrations")
        return
    from umt.adapters.sql.migrate import describe, revisions, upgrade_async

    order = revisions()
    if target is not None:
        target = _known(target)
        current = _current(url)
        if current in order and order.index(current) > order.index(target):
            raise ConfigurationError(
                f"the database is at {current}, newer than {target}; `umt migrate` only goes "
                f"up. Reverting drops what the newer revisions hold: "
                f"`umt migrate downgrade {target}`"
            )
    applied = asyncio.run(upgrade_async(url, target or "head"))
    where = "the latest revision" if target is None else f"revision {target}"
    if not applied:
        print(f"nothing to apply: the database is at {where} ({redacted(url)})")
        return
    # a new database: say that its schema was just created, not only where it stands
    what = "created the schema" if applied[0] == order[0] else "upgraded the schema"
    plural = "" if len(applied) == 1 else "s"
    print(f"{what} of {redacted(url)}: applied {len(applied)} migration{plural}")
    for revision in applied:
        print(f"  {describe(revision)}")
    print(f"the database is at {where}" + ("" if target else f" ({applied[-1]})"))


def _upgrade(args: argparse.Namespace) -> None:
    upgrade(Settings(), args.to)


def _show_current(args: argparse.Namespace) -> None:
    from umt.adapters.sql.migrate import describe, revisions

    settings = Settings()
    if settings.database.in_memory:
        print("memory:// has no schema revision")
        return
    current = _current(settings.resolved_database_url)
    order = revisions()
    if current is None:
        print(f"no schema: the database was never migrated (`umt migrate`; {len(order)} to apply)")
    elif current not in order:
        print(f"{current}: unknown to this umt {_version()} (a newer umt migrated it)")
    elif current == order[-1]:
        print(f"{describe(current)} (the latest)")
    else:
        behind = len(order) - 1 - order.index(current)
        print(f"{describe(current)} ({behind} behind the latest, {order[-1]}: `umt migrate`)")


def _version() -> str:
    import umt

    return umt.__version__


def _history(args: argparse.Namespace) -> None:
    from umt.adapters.sql.migrate import describe, revisions

    for revision in revisions():
        print(describe(revision))


def _downgrade(args: argparse.Namespace) -> None:
    from umt.adapters.sql.migrate import describe, downgrade_async

    settings = Settings()
    if settings.database.in_memory:
        print("memory:// needs no migrations")
        return
    target = args.revision if args.revision == "base" else _known(args.revision)
    url = settings.resolved_database_url
    reverted = asyncio.run(downgrade_async(url, target))
    if not reverted:
        print(f"nothing to revert: the database is not above {target} ({redacted(url)})")
        return
    plural = "" if len(reverted) == 1 else "s"
    print(f"reverted {len(reverted)} migration{plural} of {redacted(url)}:")
    for revision in reverted:
        print(f"  {describe(revision)}")
    print(f"the database is at {target}")


def register(sub: Subparsers) -> None:
    migrate = sub.add_parser(
        "migrate",
        help="apply database migrations (up to the latest revision, or --to one);"
        " current, history, downgrade",
    )
    migrate.add_argument("--to", metavar="REV", help="upgrade to this revision, not the latest")
    migrate.set_defaults(run=_upgrade)
    actions = migrate.add_subparsers(dest="migrate_command", metavar="{current,history,downgrade}")
    actions.add_parser("current", help="the database's revision").set_defaults(run=_show_current)
    actions.add_parser("history", help="every revision, oldest first").set_defaults(run=_history)
    down = actions.add_parser(
        "downgrade", help="revert the revisions above REV (base: all); drops what they hold"
    )
    down.add_argument("revision", metavar="REV")
    down.set_defaults(run=_downgrade)
