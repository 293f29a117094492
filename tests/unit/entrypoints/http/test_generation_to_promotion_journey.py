"""From generation to a promoted winner, over HTTP on the embedded defaults (offline generator,
in-memory store and broker): five on-brand LinkedIn variants for an audience, their compliance
reports, one approved through review, and an experiment whose analysis matches reference
computations (scipy/statsmodels and the statistics engine called directly), concluded with its
winner promoted and ``experiment.concluded`` published."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from litestar import Litestar
from litestar.testing import TestClient
from scipy import integrate, stats
from scipy.stats import beta as beta_dist
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest
from tests.unit.entrypoints.http.agents.test_jobs import finished_job
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    assert_problem,
    create_audience,
    create_brand,
)

from umt.application.experiments.statistics import (
    BinaryArm,
    ContinuousArm,
    msprt_means,
    msprt_proportions,
)
from umt.domain.identity.permissions import Role

Client = TestClient[Litestar]

LINKEDIN_BODY_LIMIT = 3000  # LinkedIn Help: posts up to 3,000 characters
BANNED = ["cheap", "guaranteed", "revolutionary"]
DISCLOSURE = "Sponsored by Lumen HR."
VOICE = {
    "tone": ["warm", "practical", "confident"],
    "phrases_to_use": ["in a day"],
    "phrases_to_avoid": ["synergy"],
    "banned_words": BANNED,
    "required_disclosures": [DISCLOSURE],
    "emoji_policy": "none",
    "hashtag_policy": "relevant",
    "max_hashtags": 3,
}
AUDIENCE = {
    "persona_name": "HR lead at a growing startup",
    "pain_points": ["new hires wait a week for accounts and equipment"],
    "goals": ["productive new hires from day one"],
    "preferred_channels": ["linkedin"],
}
EMOJI = [chr(c) for c in range(0x1F300, 0x1FAFF)]


def post(client: Client, account: Account, path: str, **kwargs: Any) -> Any:
    return client.post(f"{API}/{path}", headers=account.headers, **kwargs)


def generate_five(client: Client, account: Account, brand_id: str, audience_id: str) -> Any:
    accepted = post(
        client,
        account,
        f"brands/{brand_id}/generations",
        json={
            "topic": "Onboarding new hires in a day",
            "content_type": "social_post",
            "channel": "linkedin",
            "audience_id": audience_id,
            "key_points": ["accounts and laptops ready before day one"],
            "n": 5,
            "seed": 2026,
        },
    )
    assert accepted.status_code == 202, accepted.text
    assert accepted.headers["location"] == f"{API}/jobs/{accepted.json()['id']}"
    job = finished_job(client, account, accepted.json()["id"])
    assert job["status"] == "succeeded", job
    return job["result"]


def check_variant(variant: dict[str, Any]) -> None:
    draft = variant["draft"]
    assert (draft["content_type"], draft["channel"]) == ("social_post", "linkedin")
    text = " ".join([draft["title"], draft["body"], *draft["fields"]["hashtags"]]).lower()
    assert 0 < len(draft["body"]) <= LINKEDIN_BODY_LIMIT
    assert len(draft["fields"]["hashtags"]) <= VOICE["max_hashtags"]
    assert not [word for word in BANNED if word in text]
    assert not [e for e in EMOJI if e in draft["body"]]
    assert DISCLOSURE.lower() in text
    report = variant["compliance"]
    assert report["passed"] is True, report
    assert not [v for v in report["violations"] if v["severity"] == "error"]
    assert variant["needs_attention"] is False
    provenance = variant["provenance"]
    assert provenance["adapter"].startswith("offline")
    assert provenance["prompt_version"]
    assert isinstance(provenance["seed"], int)
    assert provenance["cost_usd"] == 0


def review_and_approve(
    client: Client, creator: Account, manager: Account, content_id: str
) -> dict[str, Any]:
    """Submit, comment, request changes, revise, resubmit, approve (as a brand manager)."""
    url = f"content/{content_id}"
    piece = client.get(f"{API}/{url}", headers=creator.headers).json()
    assert piece["status"] == "draft"
    assert post(client, creator, f"{url}/submit").json()["status"] == "in_review"
    thread = post(
        client,
        manager,
        f"{url}/comments",
        json={"body": "Open with the outcome?", "anchor": {"field": "body", "start": 0, "end": 5}},
    )
    assert thread.status_code == 201, thread.text
    changes = post(client, manager, f"{url}/request-changes", json={"reason": "Lead with day one"})
    assert changes.json()["status"] == "changes_requested"
    revised = client.patch(
        f"{API}/{url}",
        json={"body": "Day one, ready to work. " + piece["body"], "note": "leads with day one"},
        headers={**creator.headers, "If-Match": f'"{changes.json()["version"]}"'},
    )
    assert revised.status_code == 200, revised.text
    assert (revised.json()["status"], revised.json()["current_version"]) == ("draft", 2)
    assert post(client, creator, f"{url}/submit").json()["status"] == "in_review"
    assert_problem(post(client, creator, f"{url}/approve"), 403, "permission_denied")
    resolved = post(client, manager, f"{url}/comments/{thread.json()['id']}/resolve")
    assert resolved.json()["resolved"] is True
    approved = post(client, manager, f"{url}/approve")
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    result: dict[str, Any] = approved.json()
    return result


def assignments(client: Client, account: Account, url: str, units: list[str]) -> dict[str, str]:
    arms = {}
    for unit in units:
        response = client.get(f"{url}/assignment", params={"unit": unit}, headers=account.headers)
        assert response.status_code == 200, response.text
        arms[unit] = response.json()["arm"]
    return arms


def send_events(client: Client, account: Account, url: str, events: list[Any]) -> dict[str, int]:
    totals = {"received": 0, "stored": 0, "duplicates": 0}
    for start in range(0, len(events), 500):
        response = client.post(
            f"{url}/events", json={"events": events[start : start + 500]}, headers=account.headers
        )
        assert response.status_code == 200, response.text
        for key in totals:
            totals[key] += response.json()[key]
    return totals


def exact_probability_to_beat(a_v: float, b_v: float, a_c: float, b_c: float) -> float:
    """P(V > C) for V ~ Beta(a_v, b_v), C ~ Beta(a_c, b_c): ∫ f_V(x) F_C(x) dx."""
    value, _ = integrate.quad(
        lambda x: beta_dist.pdf(x, a_v, b_v) * beta_dist.cdf(x, a_c, b_c),
        0,
        1,
        points=[a_v / (a_v + b_v), a_c / (a_c + b_c)],
        limit=200,
    )
    return float(value)


Published = Callable[[str, str], list[dict[str, Any]]]


def published_in_memory(client: Client) -> Published:
    """The payloads of the events of (type, aggregate id) once all are published (the memory
    outbox, relayed to the embedded broker)."""

    def published(event_type: str, aggregate_id: str) -> list[dict[str, Any]]:
        store = client.app.state.container.memory_store()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            found = [
                m
                for m in store.outbox
                if m.event_type == event_type and str(m.aggregate_id) == aggregate_id
            ]
            if found and all(m.published_at is not None for m in found):
                return [m.payload for m in found]
            time.sleep(0.02)
        raise AssertionError(f"{event_type} of {aggregate_id} was not published")

    return published


def test_variants_reviewed_tested_and_the_winner_promoted(
    client: Client, owner: Account, member: Callable[[Role], Account]
) -> None:
    manager, creator = member(Role.BRAND_MANAGER), member(Role.CONTENT_CREATOR)
    journey(client, owner, manager, creator, published_in_memory(client))


def journey(
    client: Client, owner: Account, manager: Account, creator: Account, published: Published
) -> None:
    """The whole journey (run on the real services too: tests/integration)."""

    # 1. a brand with a voice guide and an audience
    brand = create_brand(client, owner, name="Lumen HR", industry="HR software", voice=VOICE)
    assert brand["voice"]["required_disclosures"] == [DISCLOSURE]
    audience = create_audience(client, owner, brand["id"], **AUDIENCE)

    # 2. five on-brand LinkedIn variants (202 + job), each stored with its provenance
    generation = generate_five(client, creator, brand["id"], audience["id"])
    variants = generation["variants"]
    assert len(variants) == 5
    assert len({v["draft"]["body"] for v in variants}) == 5
    assert len({v["direction"]["hook"] for v in variants}) == 5
    assert len({v["content_id"] for v in variants}) == 5
    for variant in variants:
        check_variant(variant)
        stored = client.get(f"{API}/content/{variant['content_id']}", headers=owner.headers)
        assert stored.status_code == 200, stored.text
        assert stored.json()["body"] == variant["draft"]["body"]
        assert stored.json()["author"]["kind"] == "agent"
        versions = client.get(
            f"{API}/content/{variant['content_id']}/versions", headers=owner.headers
        ).json()["items"]
        assert versions[0]["provenance"]["adapter"] == variant["provenance"]["adapter"]
        assert versions[0]["provenance"]["seed"] == variant["provenance"]["seed"]

    # 3. one variant's compliance report, opened again on its own
    first, second = variants[0], variants[1]
    report = post(
        client,
        owner,
        f"brands/{brand['id']}/compliance-check",
        json={
            "content_type": "social_post",
            "channel": "linkedin",
            "title": first["draft"]["title"],
            "body": first["draft"]["body"],
            "fields": {"hashtags": first["draft"]["fields"]["hashtags"]},
        },
    )
    assert report.status_code == 200, report.text
    assert report.json()["passed"] is True
    assert report.json()["score"] == first["compliance"]["score"]
    banned = post(
        client,
        owner,
        f"brands/{brand['id']}/compliance-check",
        json={"content_type": "social_post", "channel": "linkedin", "body": "A cheap trick."},
    )
    codes = {v["code"] for v in banned.json()["violations"] if v["severity"] == "error"}
    assert banned.json()["passed"] is False
    assert codes  # the banned word and the missing disclosure are errors

    # 4. review: comment, request changes, revise, resubmit, approve
    approved = review_and_approve(client, creator, manager, first["content_id"])
    assert approved["current_version"] == 2

    # 5. an experiment between the approved variant (control, v2) and a second one (v1)
    created = post(
        client,
        manager,
        "experiments",
        json={
            "brand_id": brand["id"],
            "name": "LinkedIn hook",
            "hypothesis": "The second hook earns more demo requests",
            "primary_metric": {"name": "demo_requests", "kind": "conversion"},
            "guardrails": [
                {"metric": {"name": "revenue", "kind": "continuous"}, "tolerance": 100.0}
            ],
            "arms": [
                {"name": "control", "content_id": first["content_id"], "content_version": 2},
                {"name": "challenger", "content_id": second["content_id"], "content_version": 1},
            ],
            "mde": {"value": 0.5, "baseline": 0.1},
        },
    )
    assert created.status_code == 201, created.text
    experiment = created.json()
    url = f"{API}/experiments/{experiment['id']}"
    assert post(client, manager, f"experiments/{experiment['id']}/start").status_code == 200

    units = [f"member-{i}" for i in range(1400)]
    arm_of = assignments(client, manager, url, units)
    assert assignments(client, manager, url, units[:50]) == {u: arm_of[u] for u in units[:50]}
    by_arm = {arm: [u for u in units if arm_of[u] == arm] for arm in ("control", "challenger")}
    assert all(len(members) > 500 for members in by_arm.values())

    # conversions: 10 % of control's units, 22 % of the challenger's; revenue on conversions
    rates = {"control": 10, "challenger": 22}
    events: list[Any] = []
    revenue: dict[str, list[float]] = {}
    converted: dict[str, int] = {}
    for arm, members in by_arm.items():
        values = []
        converted[arm] = 0
        for i, unit in enumerate(members):
            events.append({"event_id": f"x-{unit}", "unit_id": unit, "kind": "exposure"})
            buys = i % 100 < rates[arm]
            if buys:
                converted[arm] += 1
                amount = float(40 + (i % 7) * 5)
                events.append({"event_id": f"c-{unit}", "unit_id": unit, "kind": "conversion"})
                events.append(
                    {
                        "event_id": f"r-{unit}",
                        "unit_id": unit,
                        "kind": "conversion",
                        "metric": "revenue",
                        "value": amount,
                    }
                )
            values.append(float(40 + (i % 7) * 5) if buys else 0.0)
        revenue[arm] = values
    recorded = send_events(client, manager, url, events)
    assert recorded == {"received": len(events), "stored": len(events), "duplicates": 0}
    replayed = send_events(client, manager, url, events[:700] + events[-300:])
    assert replayed == {"received": 1000, "stored": 0, "duplicates": 1000}

    # 6. the analysis over the API against reference computations on the same counts
    response = client.get(f"{url}/analysis", headers=manager.headers)
    assert response.status_code == 200, response.text
    analysis = response.json()["analysis"]
    n_c, n_v = len(by_arm["control"]), len(by_arm["challenger"])
    s_c, s_v = converted["control"], converted["challenger"]
    assert [(a["arm"], a["exposed"], a["converted"]) for a in analysis["arms"]] == [
        ("control", n_c, s_c),
        ("challenger", n_v, s_v),
    ]
    chi_square, srm_p = stats.chisquare([n_c, n_v], [(n_c + n_v) / 2] * 2)
    assert analysis["srm"]["p_value"] == pytest.approx(srm_p)
    assert analysis["srm"]["chi_square"] == pytest.approx(chi_square)
    primary, guardrail = analysis["comparisons"]
    assert (primary["metric"], guardrail["metric"]) == ("demo_requests", "revenue")
    # fixed horizon: the two-proportion z-test and Welch's t-test
    z, p = proportions_ztest([s_v, s_c], [n_v, n_c])
    assert z > 0
    assert primary["fixed_horizon"]["p_value"] == pytest.approx(p, rel=1e-6)
    assert primary["fixed_horizon"]["effect"] == pytest.approx(s_v / n_v - s_c / n_c)
    welch = stats.ttest_ind(revenue["challenger"], revenue["control"], equal_var=False)
    assert guardrail["fixed_horizon"]["p_value"] == pytest.approx(welch.pvalue, rel=1e-6)
    assert guardrail["fixed_horizon"]["effect"] == pytest.approx(
        np.mean(revenue["challenger"]) - np.mean(revenue["control"])
    )
    # Bayesian: exactly by quadrature, and within Monte Carlo error by simulation
    beat = primary["bayesian"]["probability_to_beat_control"]
    exact = exact_probability_to_beat(1 + s_v, 1 + n_v - s_v, 1 + s_c, 1 + n_c - s_c)
    assert beat == pytest.approx(exact, abs=1e-6)
    rng = np.random.default_rng(5)
    draws = rng.beta(1 + s_v, 1 + n_v - s_v, 200_000) > rng.beta(1 + s_c, 1 + n_c - s_c, 200_000)
    assert beat == pytest.approx(float(draws.mean()), abs=0.01)
    # the mSPRT figures against the statistics engine called directly on the same counts
    engine = msprt_proportions(
        BinaryArm(name="control", trials=n_c, successes=s_c),
        BinaryArm(name="challenger", trials=n_v, successes=s_v),
        alpha=0.05,
    )
    assert primary["msprt"]["p_value"] == pytest.approx(engine.p_value)
    assert primary["msprt"]["ci_low"] == pytest.approx(engine.ci_low)
    assert primary["msprt"]["ci_high"] == pytest.approx(engine.ci_high)
    continuous = msprt_means(
        *(
            ContinuousArm(
                name=arm,
                n=len(revenue[arm]),
                total=float(np.sum(revenue[arm])),
                total_sq=float(np.sum(np.square(revenue[arm]))),
            )
            for arm in ("control", "challenger")
        ),
        alpha=0.05,
    )
    assert guardrail["msprt"]["p_value"] == pytest.approx(continuous.p_value)
    _, adjusted, _, _ = multipletests(
        [primary["msprt"]["p_value"], guardrail["msprt"]["p_value"]], method="fdr_bh"
    )
    assert [primary["adjusted_p_value"], guardrail["adjusted_p_value"]] == pytest.approx(
        list(adjusted)
    )
    assert analysis["decision"] == "winner_found"

    # 7. conclusion: the winner is promoted, the loser untouched, experiment.concluded published
    before = client.get(f"{API}/content/{first['content_id']}", headers=owner.headers).json()
    decided = post(client, manager, f"experiments/{experiment['id']}/analyze")
    assert decided.status_code == 200, decided.text
    assert decided.json()["concluded"] is True
    concluded = decided.json()["experiment"]
    assert (concluded["status"], concluded["winner"]) == ("concluded", "challenger")
    assert concluded["stopping_reason"] == "winner_found"
    promotion = concluded["result"]["promotion"]
    assert promotion["status"] == "promoted"
    assert (promotion["content_id"], promotion["copied"]) == (second["content_id"], False)
    winner = client.get(f"{API}/content/{second['content_id']}", headers=owner.headers).json()
    assert winner["promoted_from_experiment"] == experiment["id"]
    assert winner["current_version"] == 1
    loser = client.get(f"{API}/content/{first['content_id']}", headers=owner.headers).json()
    assert loser == before
    assert loser["status"] == "approved"
    assert loser["promoted_from_experiment"] is None
    (event,) = published("experiment.concluded", experiment["id"])
    assert event["data"]["winner"]["content_id"] == second["content_id"]
    (promoted,) = published("content.promoted", second["content_id"])
    assert promoted["data"]["experiment_id"] == experiment["id"]
    again = post(client, manager, f"experiments/{experiment['id']}/analyze")
    assert again.json()["concluded"] is False
    assert len(published("content.promoted", second["content_id"])) == 1


def test_an_experiment_on_content_that_is_not_the_brands_is_422(
    client: Client, owner: Account, other_owner: Account
) -> None:
    brand = create_brand(client, owner)
    theirs = create_brand(client, other_owner)
    foreign = post(
        client,
        other_owner,
        f"brands/{theirs['id']}/content",
        json={"content_type": "email", "channel": "email", "title": "Theirs", "body": "Hi."},
    ).json()
    mine = post(
        client,
        owner,
        f"brands/{brand['id']}/content",
        json={"content_type": "email", "channel": "email", "title": "Mine", "body": "Hi."},
    ).json()
    control = {"name": "control", "content_id": mine["id"], "content_version": 1}
    for arm, field in (
        ({"name": "variant", "content_id": foreign["id"]}, "arms[1].content_id"),
        (
            {"name": "variant", "content_id": mine["id"], "content_version": 3},
            "arms[1].content_version",
        ),
    ):
        refused = post(
            client,
            owner,
            "experiments",
            json={
                "brand_id": brand["id"],
                "name": "Refused",
                "primary_metric": {"name": "signups", "kind": "conversion"},
                "arms": [control, arm],
                "mde": {"value": 0.5, "baseline": 0.1},
            },
        )
        assert_problem(refused, 422, "experiment_invalid", field=field)
    listed = client.get(f"{API}/experiments", headers=owner.headers).json()["items"]
    assert listed == []
