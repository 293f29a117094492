"""Bad input: every case is answered with a 4xx problem+json naming what is wrong, and nothing
is written (the organization's brands, audiences, competitors and projects are unchanged)."""

from __future__ import annotations

import base64
import dataclasses
import json
from dataclasses import dataclass
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    World,
    assert_problem,
    create_audience,
    create_brand,
    create_competitor,
    snapshot,
)

Client = TestClient[Litestar]
NOWHERE = "00000000-0000-4000-8000-000000000000"
JSON = {"content-type": "application/json"}


def cursor_of(*parts: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode().rstrip("=")


@pytest.fixture(scope="module")
def ids(shared_client: Client, shared_world: World, shared_other_owner: Account) -> dict[str, str]:
    """A's world plus a second active brand and an archived brand with children; B's owner is
    the outsider (a real user, but not a member of A)."""
    owner = shared_world.account
    second = create_brand(shared_client, owner, name="Second", slug="second")
    second_audience = create_audience(
        shared_client, owner, shared_world.brand_id, persona_name="Second persona"
    )
    second_competitor = create_competitor(
        shared_client, owner, shared_world.brand_id, name="Initech"
    )
    archived = create_brand(shared_client, owner, name="Old", slug="old")
    archived_audience = create_audience(shared_client, owner, archived["id"], persona_name="Old")
    archived_competitor = create_competitor(shared_client, owner, archived["id"], name="Old")
    response = shared_client.post(f"{API}/brands/{archived['id']}/archive", headers=owner.headers)
    assert response.status_code == 200
    return {
        **shared_world.ids(),
        "second_brand_id": second["id"],
        "second_audience_id": second_audience["id"],
        "second_competitor_id": second_competitor["id"],
        "archived_brand_id": archived["id"],
        "archived_audience_id": archived_audience["id"],
        "archived_competitor_id": archived_competitor["id"],
        "outsider_id": shared_other_owner.user_id,
        "nowhere": NOWHERE,
    }


@dataclass(frozen=True)
class Case:
    id: str
    method: str
    path: str  # formatted with the ids fixture
    status: int
    code: str
    field: str | None = None  # must be the field of one of the errors
    mentions: str | None = None  # must appear in an error's field or message
    json: Any = None
    content: bytes | None = None
    params: dict[str, Any] | None = None
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    # sent on PATCH, PUT and DELETE (which require it), unless None or ``headers`` has its own
    if_match: str | None = "*"
    xfail: str | None = None  # a src bug, reported; the case states the intended behaviour


B = f"{API}/brands/{{brand_id}}"
B2 = f"{API}/brands/{{second_brand_id}}"
OLD = f"{API}/brands/{{archived_brand_id}}"
AUD = f"{B}/audiences/{{audience_id}}"
COMP = f"{B}/competitors/{{competitor_id}}"
PRJ = f"{API}/projects/{{project_id}}"
STALE = {"If-Match": '"99"'}
V = "validation_failed"
IV = "invalid_value"


def _brand(**extra: Any) -> dict[str, Any]:
    return {"name": "Fresh brand", **extra}


def _palette(*colors: str) -> dict[str, Any]:
    return {"palette": [{"role": f"r{i}", "color": c} for i, c in enumerate(colors)]}


def _project(**extra: Any) -> dict[str, Any]:
    return {"name": "Fresh project", "project_type": "event", **extra}


# One case per entry, kept as a table (the formatter would spread each over ten lines).
# fmt: off
CASES = [
    # -- malformed JSON -----------------------------------------------------------------------
    Case("malformed-brace", "POST", f"{API}/brands", 400, "malformed_body", content=b"{bad"),
    Case("malformed-trailing-comma", "POST", f"{API}/brands", 400, "malformed_body",
         content=b'{"name": "x",}'),
    Case("malformed-truncated", "PATCH", B, 400, "malformed_body", content=b'{"name": ',),
    Case("malformed-audience", "POST", f"{B}/audiences", 400, "malformed_body",
         content=b"not json"),
    Case("empty-body", "POST", f"{API}/brands", 422, V, content=b""),
    Case("null-body", "POST", f"{API}/brands", 422, V, content=b"null"),
    # -- wrong types --------------------------------------------------------------------------
    Case("name-int", "POST", f"{API}/brands", 422, V, field="name", json={"name": 42}),
    Case("body-array", "POST", f"{API}/brands", 422, V, json=[1, 2]),
    Case("tone-string", "POST", f"{API}/brands", 422, V, field="voice.tone",
         json=_brand(voice={"tone": "warm"})),
    Case("age-range-string", "POST", f"{B}/audiences", 422, V, field="age_range",
         json={"persona_name": "X", "age_range": "20-30"}),
    Case("goals-string", "POST", f"{B}/projects", 422, V, field="goals",
         json=_project(goals="lots")),
    Case("channels-string", "PATCH", PRJ, 422, V, field="channels", json={"channels": "blog"}),
    Case("assignee-not-uuid", "PUT", f"{PRJ}/assignee", 422, V, field="assignee_id",
         json={"assignee_id": "bob"}),
    Case("feed-urls-string", "POST", f"{B}/competitors", 422, V, field="feed_urls",
         json={"name": "X", "feed_urls": "https://a.example/feed"}),
    Case("name-too-long", "POST", f"{API}/brands", 422, V, field="name", json={"name": "x" * 201}),
    Case("name-empty", "PATCH", B, 422, V, field="name", json={"name": ""}),
    Case("name-blank", "POST", f"{API}/brands", 422, IV, field="name",
         json={"name": "   ", "slug": "blank"}),
    Case("name-null", "PATCH", B, 422, V, field="name", json={"name": None}),
    # -- unknown fields -----------------------------------------------------------------------
    Case("unknown-top", "POST", f"{API}/brands", 422, V, mentions="colour",
         json=_brand(colour="red")),
    Case("unknown-nested", "POST", f"{API}/brands", 422, V, mentions="mood",
         json=_brand(voice={"mood": "happy"})),
    Case("patch-project-status", "PATCH", PRJ, 422, V, mentions="status",
         json={"status": "active"}),
    Case("patch-brand-status", "PATCH", B, 422, V, mentions="status", json={"status": "archived"}),
    Case("patch-brand-version", "PATCH", B, 422, V, mentions="version", json={"version": 9}),
    Case("patch-project-brand", "PATCH", PRJ, 422, V, mentions="brand_id",
         json={"brand_id": NOWHERE}),
    # -- missing required fields --------------------------------------------------------------
    Case("missing-name", "POST", f"{API}/brands", 422, V, mentions="name", json={}),
    Case("missing-project-type", "POST", f"{B}/projects", 422, V, mentions="project_type",
         json={"name": "X"}),
    Case("missing-persona", "POST", f"{B}/audiences", 422, V, mentions="persona_name", json={}),
    Case("missing-competitor-name", "POST", f"{B}/competitors", 422, V, mentions="name",
         json={"website": "https://a.example"}),
    Case("missing-status", "POST", f"{PRJ}/status", 422, V, mentions="status", json={}),
    Case("missing-assignee", "PUT", f"{PRJ}/assignee", 422, V, mentions="assignee_id", json={}),
    Case("missing-color", "POST", f"{API}/brands", 422, V, mentions="color",
         json=_brand(styling={"palette": [{"role": "primary"}]})),
    # -- oversized body -----------------------------------------------------------------------
    Case("oversized-post", "POST", f"{API}/brands", 413, "body_too_large",
         json=_brand(description="x" * (1024 * 1024 + 10))),
    Case("oversized-patch", "PATCH", B, 413, "body_too_large",
         content=b'{"description": "' + b"x" * (1_100_000) + b'"}', headers=JSON),
    # -- hex colors ---------------------------------------------------------------------------
    *[
        Case(f"color-{name}", "POST", f"{API}/brands", 422, IV,
             field="styling.palette[0].color", json=_brand(styling=_palette(color)))
        for name, color in [("g", "#12345g"), ("word", "red"), ("4-digits", "#1234"),
                            ("no-hash", "1a2b3c"), ("space", "#fff "), ("empty", "")]
    ],
    Case("color-8-digits", "POST", f"{API}/brands", 422, V, field="styling.palette[0].color",
         json=_brand(styling=_palette("#11223344"))),
    Case("color-second", "PATCH", B, 422, IV, field="styling.palette[1].color",
         json={"styling": _palette("#000", "#xyz")}),
    Case("palette-duplicate-role", "POST", f"{API}/brands", 422, IV, field="styling.palette",
         json=_brand(styling={"palette": [{"role": "primary", "color": "#000"},
                                          {"role": "Primary", "color": "#fff"}]})),
    # -- URLs ---------------------------------------------------------------------------------
    *[
        Case(f"website-{name}", "POST", f"{API}/brands", 422, IV, field="website",
             json=_brand(website=url))
        for name, url in [("ftp", "ftp://files.example"), ("words", "not a url"),
                          ("no-host", "http://"), ("javascript", "javascript:alert(1)"),
                          ("relative", "//cdn.example/x"), ("path", "/about")]
    ],
    Case("website-patch-mailto", "PATCH", B, 422, IV, field="website",
         json={"website": "mailto:ana@example.com"}),
    Case("logo-url", "POST", f"{API}/brands", 422, IV, field="styling.logo_url",
         json=_brand(styling={"logo_url": "data:image/png;base64,AAAA"})),
    Case("competitor-website", "POST", f"{B}/competitors", 422, IV, field="website",
         json={"name": "X", "website": "globex"}),
    Case("feed-url-second", "POST", f"{B}/competitors", 422, IV, field="feed_urls[1]",
         json={"name": "X", "feed_urls": ["https://ok.example/feed", "feed://nope"]}),
    Case("feed-url-empty", "PATCH", COMP, 422, IV, field="feed_urls[0]",
         json={"feed_urls": [""]}),
    # -- dates --------------------------------------------------------------------------------
    Case("date-month-13", "POST", f"{B}/projects", 422, V, field="start_date",
         json=_project(start_date="2026-13-01")),
    Case("date-word", "POST", f"{B}/projects", 422, V, field="end_date",
         json=_project(end_date="tomorrow")),
    Case("date-int", "POST", f"{B}/projects", 422, V, field="start_date",
         json=_project(start_date=20260501)),
    Case("date-feb-30", "PATCH", PRJ, 422, V, field="end_date", json={"end_date": "2026-02-30"}),
    Case("end-before-start", "POST", f"{B}/projects", 422, "project_dates_invalid",
         field="end_date", json=_project(start_date="2026-05-10", end_date="2026-05-01")),
    Case("patch-end-before-start", "PATCH", PRJ, 422, "project_dates_invalid", field="end_date",
         json={"end_date": "2026-05-01"}),
    Case("patch-start-after-end", "PATCH", PRJ, 422, "project_dates_invalid", field="end_date",
         json={"start_date": "2026-07-01"}),
    # -- unknown enum values ------------------------------------------------------------------
    Case("project-type", "POST", f"{B}/projects", 422, V, field="project_type",
         json=_project(project_type="party")),
    Case("patch-project-type", "PATCH", PRJ, 422, V, field="project_type",
         json={"project_type": "Event"}),
    Case("status-value", "POST", f"{PRJ}/status", 422, V, field="status",
         json={"status": "done"}),
    Case("project-channel", "POST", f"{B}/projects", 422, V, field="channels[0]",
         json=_project(channels=["myspace"])),
    Case("audience-channel", "POST", f"{B}/audiences", 422, V, field="preferred_channels[1]",
         json={"persona_name": "X", "preferred_channels": ["email", "fax"]}),
    Case("emoji-policy", "POST", f"{API}/brands", 422, V, field="voice.emoji_policy",
         json=_brand(voice={"emoji_policy": "lots"})),
    Case("hashtag-policy", "PATCH", B, 422, V, field="voice.hashtag_policy",
         json={"voice": {"hashtag_policy": "sometimes"}}),
    Case("channel-notes-key", "POST", f"{API}/brands", 422, V, field="voice.channel_notes",
         json=_brand(voice={"channel_notes": {"myspace": "retro"}})),
    Case("filter-project-status", "GET", f"{API}/projects", 422, V, field="status",
         params={"status": "zzz"}),
    Case("filter-project-type", "GET", f"{B}/projects", 422, V, field="project_type",
         params={"project_type": "zzz"}),
    Case("filter-brand-status", "GET", f"{API}/brands", 422, IV, field="status",
         params={"status": "deleted"}),
    Case("filter-brand-id", "GET", f"{API}/projects", 422, V, field="brand_id",
         params={"brand_id": "nope"}),
    Case("include-archived", "GET", f"{B}/audiences", 422, V, field="include_archived",
         params={"include_archived": "maybe"}),
    # -- illegal status transitions -----------------------------------------------------------
    *[
        Case(f"planned-to-{target}", "POST", f"{PRJ}/status", 409, "illegal_project_transition",
             field="status", json={"status": target})
        for target in ["planned", "paused", "completed", "archived"]
    ],
    Case("archive-planned", "POST", f"{PRJ}/archive", 409, "illegal_project_transition",
         field="status"),
    # -- stale If-Match -----------------------------------------------------------------------
    Case("stale-brand", "PATCH", B, 412, "stale_version", json={"name": "X"}, headers=STALE),
    Case("stale-brand-weak", "PATCH", B, 412, "stale_version", json={"name": "X"},
         headers={"If-Match": 'W/"99"'}),
    Case("stale-brand-unquoted", "PATCH", B, 412, "stale_version", json={"name": "X"},
         headers={"If-Match": '"garbage"'}),
    Case("if-match-garbage", "PATCH", B, 400, "malformed_if_match", json={"name": "X"},
         headers={"If-Match": "garbage"}),
    Case("if-match-banana-delete", "DELETE", B2, 400, "malformed_if_match",
         headers={"If-Match": "banana"}),
    *[
        Case(f"if-match-missing-{name}", method, path, 428, "precondition_required",
             json=body, if_match=None)
        for name, method, path, body in [
            ("brand", "PATCH", B, {"name": "X"}),
            ("brand-delete", "DELETE", B2, None),
            ("audience", "PATCH", AUD, {"goals": ["x"]}),
            ("audience-delete", "DELETE", AUD, None),
            ("competitor", "PATCH", COMP, {"notes": "x"}),
            ("competitor-delete", "DELETE", COMP, None),
            ("project", "PATCH", PRJ, {"name": "X"}),
            ("project-nested", "PATCH", f"{B}/projects/{{project_id}}", {"name": "X"}),
            ("assignee", "PUT", f"{PRJ}/assignee", {"assignee_id": None}),
            ("project-delete", "DELETE", PRJ, None),
        ]
    ],
    Case("stale-brand-archive", "POST", f"{B}/archive", 412, "stale_version", headers=STALE),
    Case("stale-brand-restore", "POST", f"{OLD}/restore", 412, "stale_version", headers=STALE),
    Case("stale-brand-delete", "DELETE", B2, 412, "stale_version", headers=STALE),
    Case("stale-audience", "PATCH", AUD, 412, "stale_version", json={"goals": ["x"]},
         headers=STALE),
    Case("stale-audience-archive", "POST", f"{AUD}/archive", 412, "stale_version",
         headers=STALE),
    Case("stale-audience-delete", "DELETE", AUD, 412, "stale_version", headers=STALE),
    Case("stale-competitor", "PATCH", COMP, 412, "stale_version", json={"notes": "x"},
         headers=STALE),
    Case("stale-competitor-delete", "DELETE", COMP, 412, "stale_version", headers=STALE),
    Case("stale-project", "PATCH", PRJ, 412, "stale_version", json={"name": "X"},
         headers=STALE),
    Case("stale-project-nested", "PATCH", f"{B}/projects/{{project_id}}", 412, "stale_version",
         json={"name": "X"}, headers=STALE),
    Case("stale-status", "POST", f"{PRJ}/status", 412, "stale_version",
         json={"status": "active"}, headers=STALE),
    Case("stale-assignee", "PUT", f"{PRJ}/assignee", 412, "stale_version",
         json={"assignee_id": None}, headers={"If-Match": '"0"'}),
    Case("stale-project-delete", "DELETE", PRJ, 412, "stale_version", headers=STALE),
    # -- duplicates ---------------------------------------------------------------------------
    Case("duplicate-slug", "POST", f"{API}/brands", 409, "duplicate_slug", field="slug",
         json={"name": "Another", "slug": "world"}),
    Case("duplicate-derived-slug", "POST", f"{API}/brands", 409, "duplicate_slug", field="slug",
         json={"name": "WORLD"}),
    Case("duplicate-slug-patch", "PATCH", B2, 409, "duplicate_slug", field="slug",
         json={"slug": "world"}),
    Case("duplicate-persona", "POST", f"{B}/audiences", 409, "duplicate_audience",
         field="persona_name", json={"persona_name": "Busy CTO"}),
    Case("duplicate-persona-case", "POST", f"{B}/audiences", 409, "duplicate_audience",
         field="persona_name", json={"persona_name": "  busy cto "}),
    Case("duplicate-persona-patch", "PATCH", f"{B}/audiences/{{second_audience_id}}", 409,
         "duplicate_audience", field="persona_name", json={"persona_name": "BUSY CTO"}),
    Case("duplicate-competitor", "POST", f"{B}/competitors", 409, "duplicate_competitor",
         field="name", json={"name": "globex"}),
    Case("duplicate-competitor-patch", "PATCH", f"{B}/competitors/{{second_competitor_id}}",
         409, "duplicate_competitor", field="name", json={"name": "Globex"}),
    # -- cursors, limits and sorts ------------------------------------------------------------
    Case("cursor-garbage", "GET", f"{API}/brands", 422, IV, field="cursor",
         params={"cursor": "zzz"}),
    Case("cursor-symbols", "GET", f"{API}/brands", 422, IV, field="cursor",
         params={"cursor": "!!!"}),
    Case("cursor-object", "GET", f"{API}/brands", 422, IV, field="cursor",
         params={"cursor": base64.urlsafe_b64encode(b'{"a": 1}').decode()}),
    Case("cursor-other-sort", "GET", f"{API}/brands", 422, IV, field="cursor",
         params={"sort": "name", "cursor": cursor_of("created_at", "2026-01-01", NOWHERE)}),
    Case("cursor-bad-id", "GET", f"{API}/projects", 422, IV, field="cursor",
         params={"cursor": cursor_of("created_at", "2026-01-01", "not-a-uuid")}),
    Case("cursor-audiences", "GET", f"{B}/audiences", 422, IV, field="cursor",
         params={"cursor": "zzz"}),
    Case("cursor-too-long", "GET", f"{API}/brands", 422, V, field="cursor",
         params={"cursor": "a" * 1001}),
    *[
        Case(f"limit-{value}", "GET", f"{API}/brands", 422, V, field="limit",
             params={"limit": value})
        for value in ["0", "201", "-1", "abc", "1.5"]
    ],
    Case("limit-projects", "GET", f"{API}/projects", 422, V, field="limit",
         params={"limit": "1000"}),
    Case("limit-competitors", "GET", f"{B}/competitors", 422, V, field="limit",
         params={"limit": "0"}),
    *[
        Case(f"sort-{name}", "GET", path, 422, IV, field="sort", params={"sort": sort})
        for name, path, sort in [
            ("unknown", f"{API}/brands", "colour"),
            ("unknown-desc", f"{API}/brands", "-colour"),
            ("empty", f"{API}/brands", ""),
            ("brand-slug", f"{API}/brands", "slug"),
            ("audience-name", f"{B}/audiences", "name"),
            ("competitor-persona", f"{B}/competitors", "persona_name"),
            ("project-status", f"{API}/projects", "status"),
        ]
    ],
    # -- age ranges ---------------------------------------------------------------------------
    Case("age-min-above-max", "POST", f"{B}/audiences", 422, "age_range_invalid",
         field="age_range", json={"persona_name": "X", "age_range": {"min": 40, "max": 30}}),
    Case("age-children", "POST", f"{B}/audiences", 422, "age_range_invalid", field="age_range",
         json={"persona_name": "X", "age_range": {"min": 5, "max": 12}}),
    Case("age-above-120", "PATCH", AUD, 422, "age_range_invalid", field="age_range",
         json={"age_range": {"min": 30, "max": 130}}),
    Case("age-above-150", "POST", f"{B}/audiences", 422, V, field="age_range.max",
         json={"persona_name": "X", "age_range": {"min": 30, "max": 151}}),
    Case("age-negative", "POST", f"{B}/audiences", 422, V, field="age_range.min",
         json={"persona_name": "X", "age_range": {"min": -1, "max": 30}}),
    Case("age-missing-max", "PATCH", AUD, 422, V, mentions="max",
         json={"age_range": {"min": 30}}),
    # -- voice guide --------------------------------------------------------------------------
    Case("voice-use-and-avoid", "POST", f"{API}/brands", 422, "voice_guide_contradiction",
         field="voice.phrases_to_use",
         json=_brand(voice={"phrases_to_use": ["Hello"], "phrases_to_avoid": ["hello"]})),
    Case("voice-banned-word", "PATCH", B, 422, "voice_guide_contradiction",
         field="voice.phrases_to_use",
         json={"voice": {"phrases_to_use": ["we are cheap"], "banned_words": ["Cheap"]}}),
    Case("voice-reading-grade", "POST", f"{API}/brands", 422, V, field="voice.reading_grade",
         json=_brand(voice={"reading_grade": 19})),
    Case("voice-max-hashtags", "POST", f"{API}/brands", 422, V, field="voice.max_hashtags",
         json=_brand(voice={"max_hashtags": 31})),
    Case("voice-empty-note", "PATCH", B, 422, IV, field="voice.channel_notes",
         json={"voice": {"channel_notes": {"x": " "}}}),
    # -- archived brands refuse changes -------------------------------------------------------
    Case("archived-patch", "PATCH", OLD, 409, "brand_archived", json={"name": "New"}),
    Case("archived-add-audience", "POST", f"{OLD}/audiences", 409, "brand_archived",
         json={"persona_name": "New"}),
    Case("archived-patch-audience", "PATCH", f"{OLD}/audiences/{{archived_audience_id}}", 409,
         "brand_archived", json={"persona_name": "New"}),
    Case("archived-archive-audience", "POST",
         f"{OLD}/audiences/{{archived_audience_id}}/archive", 409, "brand_archived"),
    Case("archived-remove-audience", "DELETE", f"{OLD}/audiences/{{archived_audience_id}}", 409,
         "brand_archived"),
    Case("archived-add-competitor", "POST", f"{OLD}/competitors", 409, "brand_archived",
         json={"name": "New"}),
    Case("archived-patch-competitor", "PATCH", f"{OLD}/competitors/{{archived_competitor_id}}",
         409, "brand_archived", json={"notes": "New"}),
    Case("archived-remove-competitor", "DELETE",
         f"{OLD}/competitors/{{archived_competitor_id}}", 409, "brand_archived"),
    Case("archived-add-project", "POST", f"{OLD}/projects", 409, "brand_archived",
         json=_project()),
    # -- other business rules -----------------------------------------------------------------
    Case("delete-brand-with-projects", "DELETE", B, 409, "brand_has_projects"),
    Case("custom-without-type", "POST", f"{B}/projects", 422, IV, field="custom_type",
         json=_project(project_type="custom")),
    Case("goal-target-zero", "POST", f"{B}/projects", 422, V, field="goals[0].target",
         json=_project(goals=[{"kpi": "leads", "target": 0}])),
    Case("goal-kpi-empty", "PATCH", PRJ, 422, V, field="goals[0].kpi",
         json={"goals": [{"kpi": "", "target": 5}]}),
    Case("assignee-outsider", "PUT", f"{PRJ}/assignee", 422, "assignee_not_member",
         field="assignee_id", json={"assignee_id": "{outsider_id}"}),
    Case("assignee-nobody", "PUT", f"{PRJ}/assignee", 422, "assignee_not_member",
         field="assignee_id", json={"assignee_id": NOWHERE}),
    Case("create-assignee-outsider", "POST", f"{B}/projects", 422, "assignee_not_member",
         field="assignee_id", json=_project(assignee_id="{outsider_id}")),
    Case("bad-slug", "POST", f"{API}/brands", 422, IV, field="slug",
         json={"name": "X", "slug": "Not A Slug"}),
    Case("bad-slug-patch", "PATCH", B, 422, IV, field="slug", json={"slug": "double--hyphen"}),
    # -- unknown resources and routes ---------------------------------------------------------
    Case("brand-unknown", "GET", f"{API}/brands/{{nowhere}}", 404, "not_found"),
    Case("patch-brand-unknown", "PATCH", f"{API}/brands/{{nowhere}}", 404, "not_found",
         json={"name": "X"}),
    Case("audience-under-other-brand", "PATCH", f"{B2}/audiences/{{audience_id}}", 404,
         "not_found", json={"persona_name": "Moved"}),
    Case("competitor-under-other-brand", "DELETE", f"{B2}/competitors/{{competitor_id}}", 404,
         "not_found"),
    Case("project-under-other-brand", "PATCH", f"{B2}/projects/{{project_id}}", 404,
         "not_found", json={"name": "Moved"}),
    Case("projects-of-unknown-brand", "GET", f"{API}/projects", 404, "not_found",
         params={"brand_id": NOWHERE}),
    Case("path-not-uuid", "GET", f"{API}/brands/not-a-uuid", 404, "invalid_path_parameter",
         field="brand_id"),
    Case("method-not-allowed", "PUT", B, 405, "method_not_allowed", json={"name": "X"}),
]
# fmt: on


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids) if "{" in value and len(value) < 200 else value
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


def test_case_ids_are_unique() -> None:
    names = [case.id for case in CASES]
    assert len(names) == len(set(names))


PARAMS = [
    pytest.param(
        case,
        id=case.id,
        marks=[pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else [],
    )
    for case in CASES
]


@pytest.mark.parametrize("case", PARAMS)
def test_bad_input_is_a_problem_and_writes_nothing(
    shared_client: Client, ids: dict[str, str], shared_owner: Account, case: Case
) -> None:
    before = snapshot(shared_client, shared_owner)
    kwargs: dict[str, Any] = {"headers": {**shared_owner.headers, **case.headers}}
    if case.method in {"PATCH", "PUT", "DELETE"} and case.if_match is not None:
        kwargs["headers"].setdefault("If-Match", case.if_match)
    if case.content is not None:
        kwargs["content"] = case.content
        kwargs["headers"] = {**JSON, **kwargs["headers"]}
    elif case.json is not None:
        kwargs["json"] = _fill(case.json, ids)
    if case.params is not None:
        kwargs["params"] = case.params
    response = shared_client.request(case.method, case.path.format(**ids), **kwargs)

    body = assert_problem(response, case.status, case.code, case.field)
    if case.mentions is not None:
        said = " ".join(f"{e['field']} {e['message']}" for e in body.get("errors", []))
        assert case.mentions in said, body
    assert body["instance"] == case.path.format(**ids)
    assert body["detail"]
    assert snapshot(shared_client, shared_owner) == before


@pytest.mark.parametrize(
    ("path", "body", "expected"),
    [
        (f"{API}/brands", {}, "name"),
        (f"{API}/brands", {"name": "X", "colour": "red"}, "colour"),
    ],
    ids=["missing", "unknown"],
)
def test_schema_errors_name_the_offending_field(
    shared_client: Client, shared_owner: Account, path: str, body: Any, expected: str
) -> None:
    response = shared_client.post(path, json=body, headers=shared_owner.headers)
    assert_problem(response, 422, "validation_failed", expected)


@pytest.mark.parametrize("value", [5, None, [1]], ids=["int", "null", "list"])
def test_forged_cursor_value_is_refused_not_a_crash(
    shared_client: Client, ids: dict[str, str], shared_owner: Account, value: Any
) -> None:
    response = shared_client.get(
        f"{API}/brands",
        params={"sort": "name", "cursor": cursor_of("name", value, NOWHERE)},
        headers=shared_owner.headers,
    )
    assert_problem(response, 422, IV, "cursor")


# -- registration ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"email": "notanemail"}, 422, IV, "email"),
        ({"email": "ana@localhost"}, 422, IV, "email"),
        ({"email": "ana maria@example.com"}, 422, IV, "email"),
        ({"email": "@example.com"}, 422, IV, "email"),
        ({"email": "ana@"}, 422, IV, "email"),
        ({"email": "a@"}, 422, V, "email"),
        ({"email": 7}, 422, V, "email"),
        ({"password": "short"}, 422, IV, "password"),
        ({"password": "eleven char"}, 422, IV, "password"),
        ({"password": "p" * 1025}, 422, V, "password"),
        ({"organization_name": ""}, 422, V, "organization_name"),
        ({"organization_name": "   "}, 422, IV, "organization_name"),
        ({"display_name": "x" * 201}, 422, V, "display_name"),
        ({"role": "admin"}, 422, V, None),
    ],
    ids=[
        "email-no-at",
        "email-no-dot",
        "email-space",
        "email-no-local",
        "email-no-domain",
        "email-too-short",
        "email-int",
        "password-short",
        "password-11",
        "password-huge",
        "org-empty",
        "org-blank",
        "display-name-long",
        "unknown-role",
    ],
)
def test_bad_registration_is_refused_and_creates_nobody(
    shared_client: Client,
    body: dict[str, Any],
    status: int,
    code: str,
    field: str | None,
) -> None:
    payload = {
        "email": "newcomer@example.com",
        "password": "correct horse battery staple",
        "organization_name": "Newco",
        **body,
    }
    response = shared_client.post(f"{API}/auth/register", json=payload)
    assert_problem(response, status, code, field)
    if isinstance(payload["email"], str) and len(payload["email"]) >= 3:
        login = shared_client.post(
            f"{API}/auth/token",
            json={"email": payload["email"], "password": payload["password"][:1024]},
        )
        assert_problem(login, 401, "authentication_failed")


@pytest.mark.parametrize("email", ["same", "upper"])
def test_a_taken_email_is_answered_like_a_new_one(
    shared_client: Client, shared_owner: Account, email: str
) -> None:
    """No 409: that would tell anyone which emails have accounts (test_registration.py)."""
    address = shared_owner.email if email == "same" else shared_owner.email.upper()
    response = shared_client.post(
        f"{API}/auth/register",
        json={"email": address, "password": "another long password", "organization_name": "Dup"},
    )
    assert response.status_code == 202, response.text
    # the original account still logs in with its own password only
    wrong = shared_client.post(
        f"{API}/auth/token", json={"email": address, "password": "another long password"}
    )
    assert_problem(wrong, 401, "authentication_failed")


def test_register_an_organization_with_a_non_latin_name(shared_client: Client) -> None:
    response = shared_client.post(
        f"{API}/auth/register",
        json={
            "email": "tanaka@example.jp",
            "password": "correct horse battery staple",
            "organization_name": "株式会社テスト",
        },
    )
    assert response.status_code == 202, response.text
