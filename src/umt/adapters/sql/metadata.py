"""The one ``MetaData`` every bounded context declares its tables on.

The naming convention makes every constraint and index name deterministic, so Alembic can
address them on both PostgreSQL and SQLite and error translation can recognise them by name.
Each context's ``tables`` module (``adapters/sql/<context>/tables.py``) adds its tables here;
``umt.adapters.sql.tables`` imports them all, so whoever needs the whole schema (migrations,
constraint lookup, tests) imports that module, not this one.
"""

from __future__ import annotations

from sqlalchemy import MetaData

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)
