"""API keys (scopes within the creator's permissions, bounded expiry, revocation, last use)
and audit redaction."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from umt.domain.audit.entry import REDACTED, redact
from umt.domain.identity.api_key import ApiKey, parse_scopes
from umt.domain.identity.permissions import Permission, Role, permissions_for
from umt.domain.shared.errors import AuthenticationFailed, InvalidValue, PermissionDenied
from umt.domain.shared.events import Changes, plain
from umt.domain.shared.ids import ApiKeyId, OrganizationId, UserId
from umt.domain.shared.values import Slug, Url

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def issue(**overrides: Any) -> ApiKey:
    values: dict[str, Any] = {
        "id": ApiKeyId(uuid.uuid4()),
        "organization_id": OrganizationId(uuid.uuid4()),
        "created_by": UserId(uuid.uuid4()),
        "creator_permissions": permissions_for(Role.ADMIN),
        "name": "deploy bot",
        "scopes": frozenset({Permission.BRAND_READ}),
        "public_id": "0123456789abcdef",
        "secret_hash": "0" * 64,
        "expires_at": NOW + timedelta(days=90),
        "now": NOW,
    }
    values.update(overrides)
    return ApiKey.issue(**values)


def test_a_key_records_its_creation_without_its_hash() -> None:
    key = issue()
    (event,) = key.events
    assert event.event_type == "identity.api_key_created"
    assert event.data["scopes"] == ["brand:read"]
    assert key.secret_hash not in repr(event.data)


def test_scopes_stay_within_the_creators_permissions() -> None:
    with pytest.raises(PermissionDenied, match="organization:manage"):
        issue(scopes=frozenset({Permission.ORGANIZATION_MANAGE}))
    with pytest.raises(PermissionDenied):
        issue(
            creator_permissions=permissions_for(Role.VIEWER),
            scopes=frozenset({Permission.BRAND_UPDATE}),
        )


def test_scopes_are_known_permissions() -> None:
    assert parse_scopes(["brand:read", "brand:read"]) == {Permission.BRAND_READ}
    with pytest.raises(InvalidValue):
        parse_scopes(["brand:fly"])
    with pytest.raises(InvalidValue):
        parse_scopes([])


@pytest.mark.parametrize("expires", [NOW, NOW - timedelta(days=1), NOW + timedelta(days=367)])
def test_expiry_is_required_in_the_future_and_within_a_year(expires: datetime) -> None:
    with pytest.raises(InvalidValue):
        issue(expires_at=expires)


def test_a_key_made_with_a_key_names_it_and_outlives_it_by_nothing() -> None:
    parent = issue(expires_at=NOW + timedelta(days=2))
    child = issue(parent=parent, expires_at=parent.expires_at)
    assert child.parent_id == parent.id
    assert issue().parent_id is None
    with pytest.raises(InvalidValue) as longer:
        issue(parent=parent, expires_at=parent.expires_at + timedelta(seconds=1))
    assert longer.value.field == "expires_at"


def test_expired_and_revoked_keys_are_unusable() -> None:
    key = issue(expires_at=NOW + timedelta(hours=1))
    key.ensure_usable(NOW)
    with pytest.raises(AuthenticationFailed, match="expired"):
        key.ensure_usable(NOW + timedelta(hours=1))
    key.revoke(NOW)
    key.revoke(NOW + timedelta(minutes=1))  # idempotent
    assert [e.event_type for e in key.events][-1] == "identity.api_key_revoked"
    assert len(key.events) == 2
    with pytest.raises(AuthenticationFailed, match="revoked"):
        key.ensure_usable(NOW)


def test_last_use_moves_at_most_once_a_minute() -> None:
    key = issue()
    assert key.note_use(NOW)
    assert not key.note_use(NOW + timedelta(seconds=59))
    assert key.note_use(NOW + timedelta(seconds=60))
    assert key.last_used_at == NOW + timedelta(seconds=60)


def test_redaction_reaches_every_secret_key_at_any_depth() -> None:
    data = {
        "name": "kept",
        "password": "p",
        "new_password_hash": "h",
        "Refresh-Token": "t",
        "nested": [{"client_secret": "s", "ok": 1}, {"credentials": {"x": 1}}],
        "API_KEY": "k",
    }
    assert redact(data) == {
        "name": "kept",
        "password": REDACTED,
        "new_password_hash": REDACTED,
        "Refresh-Token": REDACTED,
        "nested": [{"client_secret": REDACTED, "ok": 1}, {"credentials": REDACTED}],
        "API_KEY": REDACTED,
    }


def test_the_changes_of_an_update_are_json_ready() -> None:
    class Before:
        slug = Slug("old")
        website = Url("https://old.example")

    class After:
        slug = Slug("new")
        website = None

    assert Changes.between(Before, After, ["website", "slug"]).as_data() == {
        "changed": ["slug", "website"],
        "before": {"slug": "old", "website": "https://old.example"},
        "after": {"slug": "new", "website": None},
    }
    assert plain({Permission.BRAND_READ: (NOW,)}) == {"brand:read": [NOW.isoformat()]}
