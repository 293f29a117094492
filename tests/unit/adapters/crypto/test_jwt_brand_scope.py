"""The brand scope in access tokens: carried only for limited members, checked on the way in."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from umt.adapters.crypto.jwt_tokens import JwtAccessTokens
from umt.adapters.system.clock import FixedClock
from umt.application.principal import Principal
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import AuthenticationFailed, NotFound, PermissionDenied
from umt.domain.shared.ids import BrandId, OrganizationId, UserId
from umt.ports.access_tokens import AccessClaims

NOW = datetime(2026, 3, 1, tzinfo=UTC)
SECRET = "s" * 32


def tokens() -> JwtAccessTokens:
    return JwtAccessTokens(
        secret=SECRET,
        issuer="umt",
        audience="umt-api",
        lifetime=timedelta(minutes=15),
        clock=FixedClock(NOW),
    )


def claims(scope: frozenset[BrandId] | None) -> AccessClaims:
    return AccessClaims(
        user_id=UserId(uuid.uuid4()),
        organization_id=OrganizationId(uuid.uuid4()),
        role=Role.BRAND_MANAGER,
        expires_at=NOW,
        session_id="sign-in-1",
        brand_scope=scope,
    )


def test_a_scope_round_trips_and_no_scope_leaves_no_claim() -> None:
    scope = frozenset({BrandId(uuid.uuid4()), BrandId(uuid.uuid4())})
    scoped = tokens().issue(claims(scope), now=NOW).token
    assert tokens().verify(scoped).brand_scope == scope
    unscoped = tokens().issue(claims(None), now=NOW).token
    assert "brands" not in jwt.decode(unscoped, options={"verify_signature": False})
    assert tokens().verify(unscoped).brand_scope is None
    empty = tokens().issue(claims(frozenset()), now=NOW).token
    assert tokens().verify(empty).brand_scope == frozenset()


@pytest.mark.parametrize("brands", ["not-a-list", ["not-a-uuid"], [1, 2]])
def test_a_malformed_scope_is_an_invalid_token(brands: object) -> None:
    body = jwt.decode(
        tokens().issue(claims(None), now=NOW).token, options={"verify_signature": False}
    )
    forged = jwt.encode({**body, "brands": brands}, SECRET, algorithm="HS256")
    with pytest.raises(AuthenticationFailed):
        tokens().verify(forged)


def test_the_principal_checks_brands() -> None:
    inside, outside = BrandId(uuid.uuid4()), BrandId(uuid.uuid4())
    limited = Principal.for_member(
        UserId(uuid.uuid4()), OrganizationId(uuid.uuid4()), Role.VIEWER, frozenset({inside})
    )
    assert limited.can_access_brand(inside)
    assert not limited.can_access_brand(outside)
    limited.require_brand(inside)
    with pytest.raises(NotFound):
        limited.require_brand(outside)
    with pytest.raises(PermissionDenied):
        limited.require_all_brands()
    everyone = Principal.for_member(UserId(uuid.uuid4()), OrganizationId(uuid.uuid4()), Role.OWNER)
    assert everyone.can_access_brand(outside)
    everyone.require_all_brands()
