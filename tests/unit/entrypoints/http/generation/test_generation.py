"""Generation over HTTP on the embedded defaults (the offline generator, in-memory ledger)."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.agents.test_jobs import finished_job
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    assert_problem,
    create_audience,
    create_brand,
)

from umt.domain.identity.permissions import Role

Client = TestClient[Litestar]
VOICE = {"tone": ["warm", "clear"], "banned_words": ["cheap"], "phrases_to_use": ["in a day"]}


def generate(client: Client, account: Account, brand_id: str, **body: Any) -> Any:
    payload = {"topic": "Onboarding new hires in a day", "content_type": "social_post"}
    payload |= {"channel": "linkedin", "seed": 11, **body}
    return client.post(
        f"{API}/brands/{brand_id}/generations", json=payload, headers=account.headers
    )


def usage(client: Client, account: Account) -> dict[str, Any]:
    response = client.get(f"{API}/organization/generation-usage", headers=account.headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_one_short_variant_answers_at_once_and_is_stored(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner, voice=VOICE)
    audience = create_audience(client, owner, brand["id"], persona_name="HR lead")
    response = generate(client, owner, brand["id"], audience_id=audience["id"])
    assert response.status_code == 200, response.text
    result = response.json()
    (variant,) = result["variants"]
    assert variant["rank"] == 1
    assert variant["content_id"]
    assert variant["draft"]["channel"] == "linkedin"
    assert variant["draft"]["body"]
    assert variant["compliance"]["passed"] is not variant["needs_attention"]
    assert variant["provenance"]["adapter"].startswith("offline")
    assert variant["provenance"]["cost_usd"] == 0
    assert 0 <= variant["score"]["total"] <= 100
    spent = usage(client, owner)
    assert spent["calls"] >= 1
    assert spent["cost_usd"] == 0


def test_several_variants_are_a_job_whose_result_is_the_generation(
    client: Client, owner: Account
) -> None:
    brand = create_brand(client, owner, voice=VOICE)
    response = generate(client, owner, brand["id"], n=5)
    assert response.status_code == 202, response.text
    accepted = response.json()
    assert response.headers["location"] == f"{API}/jobs/{accepted['id']}"
    assert accepted["task_type"] == "content.generate_variants"
    job = finished_job(client, owner, accepted["id"])
    assert job["status"] == "succeeded", job
    variants = job["result"]["variants"]
    assert 1 <= len(variants) <= 5
    assert [v["rank"] for v in variants] == list(range(1, len(variants) + 1))
    assert len({v["direction"]["hook"] for v in variants}) == len(variants)
    assert len({v["draft"]["body"] for v in variants}) == len(variants)
    # needs-attention variants come last; the rest are in score order
    flags = [v["needs_attention"] for v in variants]
    assert flags == sorted(flags)
    passing = [v["score"]["total"] for v in variants if not v["needs_attention"]]
    assert passing == sorted(passing, reverse=True)
    assert all(v["content_id"] for v in variants)


def test_a_long_type_is_a_job_even_for_one_variant(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    response = generate(client, owner, brand["id"], content_type="blog_post", channel="blog")
    assert response.status_code == 202, response.text
    assert finished_job(client, owner, response.json()["id"])["status"] == "succeeded"


def test_an_exhausted_budget_is_429_and_nothing_is_generated_or_charged(
    client: Client, owner: Account
) -> None:
    brand = create_brand(client, owner)
    budget = client.put(
        f"{API}/organization/generation-budget", json={"token_limit": 1}, headers=owner.headers
    )
    assert budget.status_code == 200, budget.text
    assert budget.json() == {"token_limit": 1, "cost_limit_usd": None, "source": "organization"}
    assert generate(client, owner, brand["id"]).status_code == 200  # 0 < 1: one call may run
    before = usage(client, owner)
    for n in (1, 3):  # at once, and before a job would be queued
        refused = generate(client, owner, brand["id"], n=n, topic=f"Another topic {n}")
        assert_problem(refused, 429, "generation_budget_exhausted")
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.json()["type"] == "/problems/generation_budget_exhausted"
    after = usage(client, owner)
    assert (after["calls"], after["tokens"]) == (before["calls"], before["tokens"])
    assert after["tokens_remaining"] == 0
    reset = client.put(
        f"{API}/organization/generation-budget", json={"use_default": True}, headers=owner.headers
    )
    assert reset.json()["source"] == "default"
    assert generate(client, owner, brand["id"], topic="Back in budget").status_code == 200


def test_a_repeated_request_is_a_free_cache_hit(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    first = generate(client, owner, brand["id"]).json()["variants"][0]
    again = generate(client, owner, brand["id"], topic="  onboarding NEW hires in a day ").json()
    assert again["variants"][0]["provenance"]["cached"] is True
    assert again["variants"][0]["draft"] == first["draft"]
    assert usage(client, owner)["cached_calls"] >= 1


def test_compliance_check_reports_violations(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner, voice=VOICE)
    response = client.post(
        f"{API}/brands/{brand['id']}/compliance-check",
        json={"content_type": "social_post", "channel": "x", "body": "A cheap trick. " * 30},
        headers=owner.headers,
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["passed"] is False
    codes = {v["code"] for v in report["violations"] if v["severity"] == "error"}
    assert codes  # the banned word and the length over X's limit
    assert report["score"] < 100


def test_only_a_manager_sets_the_budget_and_scope_is_enforced(
    client: Client, owner: Account, other_owner: Account, member: Any
) -> None:
    admin = member(Role.ADMIN)
    denied = client.put(
        f"{API}/organization/generation-budget", json={"token_limit": 5}, headers=admin.headers
    )
    assert_problem(denied, 403, "permission_denied")
    brand = create_brand(client, owner)
    assert_problem(generate(client, other_owner, brand["id"]), 404, "not_found")
    assert_problem(generate(client, owner, brand["id"], n=11), 422, "validation_failed")


def test_a_generation_task_over_a_spent_budget_fails_with_the_budget_code(
    client: Client, owner: Account
) -> None:
    brand = create_brand(client, owner)
    client.put(
        f"{API}/organization/generation-budget", json={"token_limit": 1}, headers=owner.headers
    )
    assert generate(client, owner, brand["id"]).status_code == 200
    before = usage(client, owner)
    task = {
        "task_type": "content.generate_variants",
        "input": {
            "brand_id": brand["id"],
            "topic": "Queued past the budget",
            "content_type": "email",
            "channel": "email",
            "n": 2,
        },
    }
    accepted = client.post(f"{API}/jobs", json=task, headers=owner.headers)
    assert accepted.status_code == 202, accepted.text
    job = finished_job(client, owner, accepted.json()["id"])
    assert job["status"] == "failed"
    assert job["error"]["code"] == "generation_budget_exhausted"
    assert job["error"]["retryable"] is False
    assert usage(client, owner)["calls"] == before["calls"]


def test_channel_limits_are_the_checkers_table_for_any_member(
    client: Client, owner: Account, member: Any
) -> None:
    viewer = member(Role.VIEWER)
    response = client.get(
        f"{API}/compliance/channel-limits",
        params={"content_type": "social_post"},
        headers=viewer.headers,
    )
    assert response.status_code == 200, response.text
    items = {item["channel"]: item for item in response.json()["items"]}
    assert {item["content_type"] for item in items.values()} == {"social_post"}
    x_body = next(f for f in items["x"]["fields"] if f["field"] == "body")
    assert (x_body["hard"], x_body["counting"]) == (280, "x_weighted")
    youtube_body = next(f for f in items["youtube"]["fields"] if f["field"] == "body")
    assert (youtube_body["counting"], youtube_body["forbidden"]) == ("utf8_bytes", "<>")
    assert items["instagram"]["max_hashtags"] == 30
    # an email's subject is limited on every channel; every type when none is named
    everything = client.get(f"{API}/compliance/channel-limits", headers=owner.headers).json()
    subjects = [
        f
        for item in everything["items"]
        if item["content_type"] == "email"
        for f in item["fields"]
        if f["field"] == "fields.subject"
    ]
    assert len(subjects) == len(items)  # one per channel
    assert all((f["hard"], f["recommended"]) == (150, 78) for f in subjects)
    bad = client.get(
        f"{API}/compliance/channel-limits",
        params={"content_type": "poem"},
        headers=owner.headers,
    )
    assert_problem(bad, 422, "validation_failed")
    assert client.get(f"{API}/compliance/channel-limits").status_code == 401
