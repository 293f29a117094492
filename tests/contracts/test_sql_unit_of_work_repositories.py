"""The SQL unit of work builds a repository on its first use in a block, not all of them on
every ``async with`` (that cost more CPU than a write's statements: bench/http_read.py), and
the resilient wrapper hands them out without building the others."""

from __future__ import annotations

import pytest
from tests.contracts.builders import organization, simple_brand
from tests.contracts.conftest import UowFactory

from umt.adapters.resilience.breaker import Breaker
from umt.adapters.resilience.retry import RetryPolicy
from umt.adapters.resilience.unit_of_work import ResilientUnitOfWork
from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.ports.unit_of_work import UnitOfWork


async def no_sleep(_seconds: float) -> None:
    return None


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The class names of the SQL repositories built, in order."""
    names: list[str] = []
    original = SqlRepository.__init__

    def counting(self: SqlRepository, *args: object, **kwargs: object) -> None:
        names.append(type(self).__name__)
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(SqlRepository, "__init__", counting)
    return names


@pytest.mark.parametrize("resilient", [False, True], ids=["plain", "resilient"])
async def test_a_block_builds_only_the_repositories_it_uses(
    backend: str, uow_factory: UowFactory, built: list[str], resilient: bool
) -> None:
    if backend == "memory":
        pytest.skip("the SQL unit of work only")

    def new_uow() -> UnitOfWork:
        uow = uow_factory()
        assert isinstance(uow, SqlUnitOfWork)
        if resilient:
            return ResilientUnitOfWork(uow, Breaker("db"), RetryPolicy(sleep=no_sleep))
        return uow

    org = organization()
    brand = simple_brand(org, "Rockets")
    async with new_uow() as uow:
        await uow.organizations.add(org)
        await uow.brands.add(brand)
        assert uow.brands is uow.brands  # one per block
        await uow.commit()
    # the two repositories used, and the outbox and audit log the commit wrote to (through
    # repositories only where the driver has no one-round-trip insert for both rows)
    assert built[:2] == ["SqlOrganizationRepository", "SqlBrandRepository"]
    assert set(built[2:]) <= {"SqlOutbox", "SqlAuditLog"}
    assert len(built) == len(set(built))

    built.clear()
    async with new_uow() as uow:
        found = await uow.brands.get(org.id, brand.id)
        assert found is not None
        assert found.name == brand.name
        await uow.commit()
    assert built == ["SqlBrandRepository"]  # a new block, a new repository; nothing else
