"""Members and invitations through the bus on the in-memory adapters: mail after commit,
expiry, events, and the rules that keep an owner."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from tests.support.mail import RecordingMail as KeptMail
from tests.support.services import in_memory_services
from tests.unit.application.helpers import PASSWORD, add_member

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.audit.entries import entry_for_event
from umt.application.bus import MessageBus
from umt.application.handlers import HANDLERS
from umt.application.identity.accept_invitation import AcceptInvitation
from umt.application.identity.change_member import ChangeMember
from umt.application.identity.invite_member import InvitationSentResult, InviteMember
from umt.application.identity.issue_token import IssueToken
from umt.application.identity.remove_member import RemoveMember
from umt.application.identity.tokens import TokenPair
from umt.application.principal import Principal
from umt.domain.identity.errors import AlreadyMember, InvitationInvalid, LastOwner
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import AuthenticationFailed, PermissionDenied


class RecordingMail(KeptMail):
    def token(self) -> str:
        match = re.search(r"#token=(\S+)", self.sent[-1].text)
        assert match
        return match.group(1)


@pytest.fixture
def mail() -> RecordingMail:
    return RecordingMail()


@pytest.fixture
def bus(store: InMemoryStore, clock: FixedClock, mail: RecordingMail) -> MessageBus:
    ids = UuidV7Generator()
    services = replace(
        in_memory_services(store, clock),
        mail_sender=mail,
        public_base_url="https://umt.example/",
        invitation_lifetime=timedelta(days=2),
    )
    return MessageBus(
        uow_factory=lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event),
        services=services,
        handlers=HANDLERS,
    )


def event_types(store: InMemoryStore) -> list[str]:
    return [m.event_type for m in store.outbox]


async def test_the_mail_goes_after_the_commit_and_a_refusal_sends_none(
    bus: MessageBus, owner: Principal, mail: RecordingMail, store: InMemoryStore
) -> None:
    mail.sent.clear()  # the owner's welcome mail (Register)
    admin = await add_member(bus, owner, "admin@acme.example", Role.ADMIN)
    with pytest.raises(AlreadyMember):
        await bus.execute(InviteMember(email="admin@acme.example", role="viewer"), owner)
    assert mail.sent == []
    assert store.invitations == {}
    result: InvitationSentResult = await bus.execute(
        InviteMember(email="ivy@example.com", role="analyst"), admin
    )
    assert result.mail_sent
    [sent] = mail.sent
    assert sent.to == "ivy@example.com"
    assert "https://umt.example/accept-invitation#token=umti_" in sent.text
    assert "expires in 2 days" in sent.text
    stored = store.invitations[result.invitation.id]
    assert mail.token() not in repr(stored)  # only the hash is kept
    assert "identity.invitation_sent" in event_types(store)
    assert all(mail.token() not in str(m.payload) for m in store.outbox)


async def test_a_mail_service_down_keeps_the_invitation(
    bus: MessageBus, owner: Principal, mail: RecordingMail, store: InMemoryStore
) -> None:
    mail.sent.clear()  # the owner's welcome mail (Register)
    mail.down = True
    result: InvitationSentResult = await bus.execute(
        InviteMember(email="ivy@example.com", role="viewer"), owner
    )
    assert not result.mail_sent
    assert result.invitation.id in store.invitations
    mail.down = False  # inviting again sends a fresh token
    await bus.execute(InviteMember(email="ivy@example.com", role="viewer"), owner)
    assert len(mail.sent) == 1
    assert len(store.invitations) == 1


async def test_an_expired_invitation_cannot_be_accepted(
    bus: MessageBus, owner: Principal, mail: RecordingMail, clock: FixedClock, store: InMemoryStore
) -> None:
    await bus.execute(InviteMember(email="ivy@example.com", role="viewer"), owner)
    clock.advance(timedelta(days=2))
    users_before = dict(store.users)
    with pytest.raises(InvitationInvalid):
        await bus.execute(AcceptInvitation(token=mail.token(), password=PASSWORD))
    assert store.users == users_before


async def test_accepting_records_events_and_signs_in(
    bus: MessageBus, owner: Principal, mail: RecordingMail, store: InMemoryStore
) -> None:
    await bus.execute(InviteMember(email="ivy@example.com", role="viewer"), owner)
    pair: TokenPair = await bus.execute(AcceptInvitation(token=mail.token(), password=PASSWORD))
    assert pair.organization_id == owner.organization_id
    assert {
        "identity.user_registered",
        "identity.member_added",
        "identity.invitation_accepted",
    } <= set(event_types(store))
    claims = bus.services.access_tokens.verify(pair.access_token)
    assert claims.role is Role.VIEWER
    assert claims.brand_scope is None


async def test_a_demoted_admin_cannot_use_their_old_token(
    bus: MessageBus, owner: Principal
) -> None:
    admin = await add_member(bus, owner, "admin@acme.example", Role.ADMIN)
    viewer = await add_member(bus, owner, "viewer@acme.example", Role.VIEWER)
    await bus.execute(ChangeMember(user_id=admin.user_id, role="viewer"), owner)
    # `admin` still says admin (its token would too, for minutes): the stored role decides
    with pytest.raises(PermissionDenied, match="members:manage"):
        await bus.execute(ChangeMember(user_id=admin.user_id, role="admin"), admin)
    with pytest.raises(PermissionDenied, match="members:manage"):
        await bus.execute(RemoveMember(user_id=viewer.user_id), admin)


async def test_the_last_owner_cannot_leave(bus: MessageBus, owner: Principal) -> None:
    with pytest.raises(LastOwner):
        await bus.execute(RemoveMember(user_id=owner.user_id), owner)
    with pytest.raises(LastOwner):
        await bus.execute(ChangeMember(user_id=owner.user_id, role="admin"), owner)


async def test_a_removed_member_token_no_longer_works(bus: MessageBus, owner: Principal) -> None:
    member = await add_member(bus, owner, "m@acme.example", Role.VIEWER)
    await bus.execute(RemoveMember(user_id=member.user_id), owner)
    with pytest.raises(AuthenticationFailed):
        await bus.execute(IssueToken(email="m@acme.example", password=PASSWORD))
