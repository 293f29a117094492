"""Fixtures of the HTTP tests: the app on the in-memory store, driven by Litestar's TestClient.

A fresh app costs its construction (hundreds of routes) and its start, so tests that do not
change shared state use the module-scoped ``shared_client`` and its accounts; tests that change
state get a fresh app (``client``) and register their own organizations. Passwords are hashed at
Argon2's minimum cost here (``fast_hashing_container``); the production cost is checked in
tests/unit/entrypoints/container/test_password_hashing.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    Account,
    World,
    add_member,
    build_world,
    register,
    running_client,
)

from umt.domain.identity.permissions import Role


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient[Litestar]]:
    """A fresh app per test (its own in-memory store and development JWT secret)."""
    with running_client(tmp_path) as test_client:
        yield test_client


@pytest.fixture
def owner(client: TestClient[Litestar]) -> Account:
    """The owner of organization A, registered through the API and logged in."""
    return register(client, organization_name="Acme")


@pytest.fixture
def other_owner(client: TestClient[Litestar]) -> Account:
    """The owner of organization B, independent of A."""
    return register(client, organization_name="Globex")


@pytest.fixture
def member(client: TestClient[Litestar], owner: Account) -> Callable[[Role], Account]:
    """Make a user with a given role in A's organization, logged in."""

    def make(role: Role) -> Account:
        return add_member(client, owner, role)

    return make


@pytest.fixture(scope="module")
def shared_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient[Litestar]]:
    """One app for a whole module, for tests that leave its state as they found it."""
    with running_client(tmp_path_factory.mktemp("shared")) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def shared_owner(shared_client: TestClient[Litestar]) -> Account:
    return register(shared_client, organization_name="Acme")


@pytest.fixture(scope="module")
def shared_other_owner(shared_client: TestClient[Litestar]) -> Account:
    return register(shared_client, organization_name="Globex")


@pytest.fixture(scope="module")
def shared_world(shared_client: TestClient[Litestar], shared_owner: Account) -> World:
    """A's brand with an audience, a competitor and a project, in the shared app."""
    return build_world(shared_client, shared_owner)
