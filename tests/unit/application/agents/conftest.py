from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from tests.unit.application.agents.harness import Runtime

from umt.application.identity.register import Register, RegistrationReceived
from umt.application.principal import Principal
from umt.domain.identity.permissions import Role


@pytest.fixture
async def runtime() -> AsyncIterator[Runtime]:
    runtime = Runtime()
    yield runtime
    await runtime.close()


@pytest.fixture
async def owner(runtime: Runtime) -> Principal:
    reg: RegistrationReceived = await runtime.bus.execute(
        Register(email="owner@acme.example", password="a long passphrase", organization_name="Acme")
    )
    return Principal.for_member(reg.account.user.id, reg.account.organization.id, Role.OWNER)
