"""The whole relational schema: every bounded context's tables on the one shared MetaData.

Each context declares its tables beside its repositories (``adapters/sql/<context>/tables.py``);
importing this module imports every such module it finds (nothing lists them), so ``metadata``
here is complete. The migration environment, the constraint lookup of error translation and the
tests read it from here. A context's ``tables.py`` may name ``MIGRATION_ONLY_INDEXES``: indexes
its migrations create that the model cannot express (autogenerate leaves them alone), and
``MIGRATION_ONLY_TABLES``: a pattern of the names of tables its migrations or maintenance create
beside the model's (PostgreSQL partitions), which autogenerate leaves alone too.
"""

from __future__ import annotations

import re

from sqlalchemy import Table

from umt.adapters.sql.metadata import NAMING_CONVENTION, metadata
from umt.discovery import context_modules

_TABLE_MODULES = context_modules("umt.adapters.sql", "tables")

MIGRATION_ONLY_INDEXES: frozenset[str] = frozenset(
    name for module in _TABLE_MODULES for name in getattr(module, "MIGRATION_ONLY_INDEXES", ())
)

_TABLE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    pattern
    for module in _TABLE_MODULES
    if isinstance(pattern := getattr(module, "MIGRATION_ONLY_TABLES", None), re.Pattern)
)


def is_migration_only_table(name: str) -> bool:
    """Whether ``name`` is a table the migrations keep beside the model (a partition)."""
    return any(pattern.match(name) for pattern in _TABLE_PATTERNS)


# every table, parents before children (the order CREATE needs and TRUNCATE accepts)
ALL_TABLES: tuple[Table, ...] = tuple(metadata.sorted_tables)

__all__ = [
    "ALL_TABLES",
    "MIGRATION_ONLY_INDEXES",
    "NAMING_CONVENTION",
    "is_migration_only_table",
    "metadata",
]
