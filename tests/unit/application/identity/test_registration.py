"""Registering through the bus: the same outcome for a new and a taken email (the taken one's
owner is mailed instead), the same work in both, and the password rules wherever a password
is chosen (register, create_user)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests.support.mail import RecordingMail as Outbox
from tests.support.services import in_memory_services
from tests.unit.application.helpers import PASSWORD

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.audit.entries import entry_for_event
from umt.application.bus import MessageBus
from umt.application.handlers import HANDLERS
from umt.application.identity.create_user import CreateUser
from umt.application.identity.register import Register, RegistrationReceived
from umt.domain.identity.errors import WeakPassword
from umt.domain.shared.errors import Conflict
from umt.ports.password_hasher import PasswordHasher


class CountingHasher(PasswordHasher):
    """The tests' hasher, counting the hashes it makes."""

    def __init__(self, inner: PasswordHasher) -> None:
        self.inner = inner
        self.hashed = 0

    def hash(self, password: str) -> str:
        self.hashed += 1
        return self.inner.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        return self.inner.verify(password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        return self.inner.needs_rehash(password_hash)


@pytest.fixture
def outbox() -> Outbox:
    return Outbox()


@pytest.fixture
def hasher(store: InMemoryStore, clock: FixedClock) -> CountingHasher:
    return CountingHasher(in_memory_services(store, clock).password_hasher)


@pytest.fixture
def bus(
    store: InMemoryStore, clock: FixedClock, outbox: Outbox, hasher: CountingHasher
) -> MessageBus:
    services = replace(
        in_memory_services(store, clock),
        mail_sender=outbox,
        password_hasher=hasher,
        public_base_url="https://umt.example",
    )
    ids = UuidV7Generator()
    return MessageBus(
        uow_factory=lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event),
        services=services,
        handlers=HANDLERS,
    )


def ana(**overrides: str) -> Register:
    fields = {"email": "ana@acme.example", "password": PASSWORD, "organization_name": "Acme"}
    return Register(**{**fields, **overrides})


async def test_a_taken_email_creates_nothing_and_mails_its_owner(
    bus: MessageBus, store: InMemoryStore, outbox: Outbox, hasher: CountingHasher
) -> None:
    first: RegistrationReceived = await bus.execute(ana())
    assert first.account is not None
    hashes_for_new = hasher.hashed
    again: RegistrationReceived = await bus.execute(
        ana(email="ANA@acme.example", password="a different passphrase", organization_name="Evil")
    )
    assert again.account is None
    assert again.email.value == "ANA@acme.example"  # as given: it depends on nothing stored
    assert len(store.users) == 1
    assert [o.name for o in store.organizations.values()] == ["Acme"]
    assert hasher.hashed == 2 * hashes_for_new  # the same work in both paths
    welcome, notice = outbox.sent
    assert welcome.to == notice.to == "ana@acme.example"
    assert "already has an account" in notice.text
    assert "Evil" not in notice.text + notice.subject  # no text the caller chose
    assert "https://umt.example" in notice.text
    assert welcome.subject != notice.subject


async def test_a_mail_that_cannot_go_changes_nothing_in_the_outcome(
    bus: MessageBus, outbox: Outbox
) -> None:
    outbox.down = True
    created: RegistrationReceived = await bus.execute(ana())
    taken: RegistrationReceived = await bus.execute(ana())
    assert created.account is not None
    assert taken.account is None
    assert created.email == taken.email


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaaaa", "123456789012", " " * 12, "ana@acme.example", "Acme Roasters"]
)
async def test_register_refuses_weak_passwords_before_any_work(
    bus: MessageBus, store: InMemoryStore, outbox: Outbox, hasher: CountingHasher, password: str
) -> None:
    with pytest.raises(WeakPassword) as refused:
        await bus.execute(ana(password=password, organization_name="Acme Roasters"))
    assert refused.value.field == "password"
    assert not store.users
    assert outbox.sent == []
    assert hasher.hashed == 0


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "123456789012", "ops@acme.example"])
async def test_create_user_refuses_weak_passwords(
    bus: MessageBus, store: InMemoryStore, password: str
) -> None:
    with pytest.raises(WeakPassword):
        await bus.execute(CreateUser(email="ops@acme.example", password=password))
    assert not store.users


async def test_create_user_refuses_the_existing_organizations_name(bus: MessageBus) -> None:
    registered: RegistrationReceived = await bus.execute(
        ana(organization_name="Globex Roasting Company")
    )
    assert registered.account is not None
    with pytest.raises(WeakPassword):
        await bus.execute(
            CreateUser(
                email="bo@acme.example",
                password="globex roasting company",
                organization_id=registered.account.organization.id,
            )
        )


async def test_create_user_still_says_an_email_is_taken(bus: MessageBus) -> None:
    """Operators act with the deployment's own access: no one to hide the answer from."""
    await bus.execute(ana())
    with pytest.raises(Conflict):
        await bus.execute(CreateUser(email="ana@acme.example", password=PASSWORD))
