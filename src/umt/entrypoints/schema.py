"""The database schema as a process finds it at start: migrate it on request, check it, and
hold the background loops back while it is missing.

A database that was never migrated answers every query with "no such table". Without these
checks that read as an outage: the library said "the database is unavailable" and the outbox
relay, the webhook sender and the integration scheduler retried it forever. Now the library
refuses to open with a one-line error that says what to run, and a server (which must keep
answering its readiness probe while a deployment's migration job runs) starts its loops once
the schema is there, having said so once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from sqlalchemy.engine import make_url

from umt.entrypoints.background import LoopTask
from umt.entrypoints.settings import ConfigurationError, Settings
from umt.ports.errors import SchemaMissing

log = logging.getLogger("umt.schema")

# How often a server whose database has no schema looks again (cheap: one small query).
RECHECK_SECONDS = 10.0


async def migrate(settings: Settings) -> list[str]:
    """Bring the settings' database to the newest schema; the revisions applied, oldest first
    (an empty list when it was current, or for ``memory://``, which has no schema)."""
    url = settings.resolved_database_url
    if url.startswith("memory://"):
        return []
    from umt.adapters.sql.migrate import upgrade_to_head  # alembic: loaded only to migrate

    return await upgrade_to_head(url)


def is_embedded_sqlite(settings: Settings) -> bool:
    url = settings.resolved_database_url
    return not url.startswith("memory://") and make_url(url).get_backend_name() == "sqlite"


async def migrate_embedded(settings: Settings) -> list[str]:
    """``umt.connect(..., migrate=True)``: migrate an embedded SQLite database, the one user
    of its file. A server database (PostgreSQL) is shared by every instance, and changing its
    schema is a deployment step run once (``umt migrate``), not a side effect of connecting."""
    if settings.resolved_database_url.startswith("memory://"):
        return []
    if not is_embedded_sqlite(settings):
        raise ConfigurationError(
            "migrate=True migrates an embedded SQLite database only; migrate a PostgreSQL"
            " database once per deployment with `umt migrate` (or `await umt.migrate(settings)`)"
        )
    return await migrate(settings)


def schema_check(container: Any) -> Callable[[], Awaitable[None]] | None:
    """The check that the container's database has umt's schema (None for ``memory://``)."""
    if container.backend() == "memory":
        return None
    from umt.adapters.sql.schema_check import require_schema

    return partial(require_schema, container.engine())


class SchemaGate:
    """Runs a start function (the background loops) once the schema is in place.

    ``open`` checks at once: with the schema there (the usual case) the loops start before it
    returns, as they always did. Without it, the reason is logged once, as one line, and a
    task looks again every ``RECHECK_SECONDS`` without logging, starting the loops when a
    migration has run. Any other failure of the check (the database is down) starts the
    loops: they have their own back-off for outages.
    """

    def __init__(self, check: Callable[[], Awaitable[None]] | None) -> None:
        self._check = check
        self._waiting = LoopTask("schema-gate", None)

    async def open(self, start: Callable[[], None]) -> None:
        missing = await self._missing()
        if missing is None:
            start()
            return
        log.error("%s; background work waits for it", missing)
        self._waiting = LoopTask("schema-gate", partial(self._wait, start))
        self._waiting.start()

    async def close(self) -> None:
        """Stop waiting (the loops were not started, so there is nothing else to stop)."""
        await self._waiting.stop()

    async def _missing(self) -> SchemaMissing | None:
        if self._check is None:
            return None
        try:
            await self._check()
        except SchemaMissing as exc:
            return exc
        except Exception:  # an outage: the loops back off from it themselves
            log.debug("schema check failed", exc_info=True)
        return None

    async def _wait(self, start: Callable[[], None], stop: asyncio.Event) -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(RECHECK_SECONDS):
                    await stop.wait()
            if not stop.is_set() and await self._missing() is None:
                log.info("the database schema is in place; starting background work")
                start()
                return
