"""ListBrandChannels through the bus: each of a brand's channels (served or preferred) with
the accounts that serve it, only the brand's, within a member's brands."""

from __future__ import annotations

import pytest
from tests.unit.application.channels.test_channel_handlers import (
    FakeDiscovery,
    brand_of,
    connect,
    discover,
)

from umt.application.brand.audiences import AddAudience
from umt.application.bus import MessageBus
from umt.application.channels.brand_channels import BrandChannels, ListBrandChannels
from umt.application.principal import Principal
from umt.domain.brand.channels import Channel
from umt.domain.identity.permissions import Role
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.errors import NotFound, PermissionDenied


async def mapping(bus: MessageBus, actor: Principal, brand_id: object) -> BrandChannels:
    found: BrandChannels = await bus.execute(ListBrandChannels(brand_id=brand_id), actor)  # type: ignore[arg-type]
    return found


async def test_each_channel_lists_the_accounts_that_serve_it(
    bus: MessageBus, owner: Principal, meta: FakeDiscovery
) -> None:
    integration = await connect(bus, owner, meta)
    brand = await brand_of(bus, owner, time_zone="Asia/Tokyo")
    other = await brand_of(bus, owner, name="Other")
    await bus.execute(
        AddAudience(brand_id=brand.id, persona_name="Cafe owners", preferred_channels=("blog",)),
        owner,
    )
    await discover(bus, owner, brand, integration)
    await discover(bus, owner, other, integration)  # the same destinations for another brand

    found = await mapping(bus, owner, brand.id)

    assert (found.brand_id, found.time_zone) == (brand.id, "Asia/Tokyo")
    assert [(c.channel, c.preferred, c.publishable) for c in found.channels] == [
        (Channel.FACEBOOK, False, True),
        (Channel.INSTAGRAM, False, True),
        (Channel.BLOG, True, False),
    ]
    assert [a.kind for c in found.channels for a in c.accounts] == [
        ChannelKind.FACEBOOK_PAGE,
        ChannelKind.INSTAGRAM_ACCOUNT,
    ]
    assert {a.brand_id for c in found.channels for a in c.accounts} == {brand.id}


async def test_a_member_outside_the_brand_or_without_the_permission_is_refused(
    bus: MessageBus, owner: Principal
) -> None:
    brand = await brand_of(bus, owner)
    other = await brand_of(bus, owner, name="Other")
    scoped = Principal.for_member(
        owner.user_id,
        owner.organization_id,
        Role.CONTENT_CREATOR,
        brand_scope=frozenset({other.id}),
    )
    with pytest.raises(NotFound):
        await mapping(bus, scoped, brand.id)
    assert (await mapping(bus, scoped, other.id)).channels == ()
    nobody = Principal(
        user_id=owner.user_id,
        organization_id=owner.organization_id,
        role=Role.VIEWER,
        permissions=frozenset(),
    )
    with pytest.raises(PermissionDenied):
        await mapping(bus, nobody, brand.id)
