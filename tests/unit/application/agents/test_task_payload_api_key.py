"""A task submitted by an API key acts, on the agent, with exactly the key's scopes."""

from __future__ import annotations

import uuid

from umt.application.agents.task_payload import decode, encode
from umt.application.brand.create_brand import CreateBrand
from umt.application.principal import Principal
from umt.domain.identity.permissions import Permission, Role
from umt.domain.shared.ids import ApiKeyId, OrganizationId, UserId


def test_an_api_key_principal_survives_the_payload_with_its_scopes() -> None:
    principal = Principal(
        user_id=UserId(uuid.uuid4()),
        organization_id=OrganizationId(uuid.uuid4()),
        role=Role.VIEWER,
        permissions=frozenset({Permission.BRAND_CREATE, Permission.BRAND_READ}),
        api_key_id=ApiKeyId(uuid.uuid4()),
    )
    payload = encode({"name": "Acme"}, principal)
    decoded = decode(payload, CreateBrand, anonymous=False)
    assert decoded.principal == principal


def test_a_member_s_payload_is_unchanged() -> None:
    principal = Principal.for_member(UserId(uuid.uuid4()), OrganizationId(uuid.uuid4()), Role.ADMIN)
    payload = encode({"name": "Acme"}, principal)
    assert set(payload["actor"]) == {"user_id", "organization_id", "role"}
    assert decode(payload, CreateBrand, anonymous=False).principal == principal
