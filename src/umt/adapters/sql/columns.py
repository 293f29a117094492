"""The columns most tables share, declared once: the id, the owning organization, the
optimistic-lock version and the timestamps.

Each function returns a new ``Column`` (a column belongs to one table), so a table lists them
where they go, e.g. ``id_column(), organization_id(), ..., version_column(), *timestamps()``.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Column, ForeignKey, Integer, Uuid

from umt.adapters.sql.types import UtcDateTime

SLUG_LENGTH = 80
URL_LENGTH = 2048
EMAIL_LENGTH = 320


def id_column() -> Column[UUID]:
    """The surrogate primary key ``id``."""
    return Column("id", Uuid, primary_key=True)


def organization_id(
    *,
    foreign_key: bool = False,
    ondelete: str | None = None,
    index: bool = False,
    nullable: bool = False,
) -> Column[UUID]:
    """The owning tenant, ``organization_id``.

    Only some tables reference ``organizations`` (``foreign_key``, optionally cascading with
    ``ondelete``); the others keep the id without a constraint, as their migrations made them.
    """
    references = [ForeignKey("organizations.id", ondelete=ondelete)] if foreign_key else []
    return Column("organization_id", Uuid, *references, nullable=nullable, index=index)


def version_column() -> Column[int]:
    """The aggregate's version: the optimistic lock and the ETag."""
    return Column("version", Integer, nullable=False)


def created_at() -> Column[datetime]:
    """When the row's object was created (aware UTC on every dialect)."""
    return Column("created_at", UtcDateTime, nullable=False)


def updated_at() -> Column[datetime]:
    """When the row's object last changed (aware UTC on every dialect)."""
    return Column("updated_at", UtcDateTime, nullable=False)


def timestamps() -> tuple[Column[datetime], Column[datetime]]:
    """``created_at`` then ``updated_at``, the pair most aggregates carry."""
    return created_at(), updated_at()
