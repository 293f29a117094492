"""The whole relational schema: every bounded context's tables on the one shared MetaData.

Each context declares its tables beside its repositories (``adapters/sql/<context>/tables.py``);
importing this module imports every such module it finds (nothing lists them), so ``metadata``
here is complete. The migration environment, the constraint lookup of error translation and the
tests read it from here. A context's ``tables.py`` may name ``MIGRATION_ONLY_INDEXES``: indexes
its migrations create that the model cannot express (autogenerate leaves them alone).
"""

from __future__ import annotations

from sqlalchemy import Table

from umt.adapters.sql.metadata import NAMING_CONVENTION, metadata
from umt.discovery import context_modules

_TABLE_MODULES = context_modules("umt.adapters.sql", "tables")

MIGRATION_ONLY_INDEXES: frozenset[str] = frozenset(
    name for module in _TABLE_MODULES for name in getattr(module, "MIGRATION_ONLY_INDEXES", ())
)

# every table, parents before children (the order CREATE needs and TRUNCATE accepts)
ALL_TABLES: tuple[Table, ...] = tuple(metadata.sorted_tables)

__all__ = ["ALL_TABLES", "MIGRATION_ONLY_INDEXES", "NAMING_CONVENTION", "metadata"]
