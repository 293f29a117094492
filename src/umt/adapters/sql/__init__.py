"""umt.adapters.sql.

Importing any SQL adapter first installs the lazy stand-in for SQLAlchemy's asyncio package
(``asyncio_package.py``), so that no module of the package, whichever way it names the
asyncio engine, loads SQLAlchemy's ORM.
"""

from umt.adapters.sql import asyncio_package as _asyncio_package  # noqa: F401  # the side effect
