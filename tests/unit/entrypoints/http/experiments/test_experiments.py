"""Experiments over HTTP: create → start → assignments → events → analysis, checked against
reference computations (scipy/statsmodels) on the same counts; and the tenant matrix of the
experiment routes (their assignment route needs a query, so test_tenancy.py skips them)."""

from __future__ import annotations

import math
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from litestar import Litestar
from litestar.testing import TestClient
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower, tt_ind_solve_power
from statsmodels.stats.proportion import proportion_effectsize, proportions_ztest
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    assert_problem,
    build_app,
    create_brand,
    create_experiment,
    experiment_arms,
    experiment_body,
    route_calls,
    sample_body,
    send,
    snapshot,
)

Client = TestClient[Litestar]
EXPERIMENT_CALLS = [
    c
    for c in route_calls(build_app(Path("experiment-routes-are-only-listed")))
    if "experiment_id" in c.params
]
QUERIES = {"GET /api/v1/experiments/{experiment_id}/assignment": {"unit": "visitor-1"}}


def post_events(client: Client, account: Account, experiment_id: str, events: list[Any]) -> Any:
    totals = {"received": 0, "stored": 0, "duplicates": 0}
    for start in range(0, len(events), 1000):
        response = client.post(
            f"{API}/experiments/{experiment_id}/events",
            json={"events": events[start : start + 1000]},
            headers=account.headers,
        )
        assert response.status_code == 200, response.text
        for key in totals:
            totals[key] += response.json()[key]
    return totals


def binary_events(arm: str, exposed: int, converted: int, metric: str = "signups") -> list[Any]:
    events: list[Any] = [
        {"event_id": f"x-{arm}-{u}", "unit_id": f"{arm}-{u}", "arm": arm, "kind": "exposure"}
        for u in range(exposed)
    ]
    events += [
        {
            "event_id": f"c-{metric}-{arm}-{u}",
            "unit_id": f"{arm}-{u}",
            "arm": arm,
            "kind": "conversion",
            "metric": metric,
        }
        for u in range(converted)
    ]
    return events


def test_the_whole_flow_matches_reference_computations(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    body = experiment_body(
        brand["id"],
        arms=experiment_arms(client, owner, brand["id"]),
        mde={"value": 0.3, "baseline": 0.1},
        guardrails=[
            {
                "metric": {"name": "unsubscribes", "kind": "conversion"},
                "direction": "lower_is_better",
                "tolerance": 0.05,
            }
        ],
    )
    created = client.post(f"{API}/experiments", json=body, headers=owner.headers)
    assert created.status_code == 201, created.text
    experiment = created.json()
    reference_n = NormalIndPower().solve_power(
        effect_size=proportion_effectsize(0.13, 0.1), alpha=0.05, power=0.8
    )
    assert experiment["status"] == "draft"
    assert abs(experiment["required_sample_size"] - math.ceil(reference_n)) <= 1
    assert experiment["max_sample_size"] == math.ceil(experiment["required_sample_size"] * 2)
    url = f"{API}/experiments/{experiment['id']}"

    # no assignment before the start
    early = client.get(f"{url}/assignment", params={"unit": "u1"}, headers=owner.headers)
    assert_problem(early, 409, "experiment_not_running")
    started = client.post(f"{url}/start", headers=owner.headers)
    assert started.status_code == 200, started.text
    assert started.headers["ETag"] == '"2"'

    arms = [
        client.get(f"{url}/assignment", params={"unit": f"u{i}"}, headers=owner.headers).json()
        for i in range(200)
    ]
    again = client.get(f"{url}/assignment", params={"unit": "u7"}, headers=owner.headers).json()
    assert again == arms[7]
    assert {a["arm"] for a in arms} == {"control", "variant"}
    control_share = sum(a["arm"] == "control" for a in arms) / len(arms)
    assert 0.35 < control_share < 0.65
    variant_arm = next(a for a in arms if a["arm"] == "variant")
    assert variant_arm["content_version"] == 2

    counts = {"control": (2000, 200), "variant": (2000, 290)}
    events = [e for arm, (n, k) in counts.items() for e in binary_events(arm, n, k)]
    events += binary_events("control", 0, 40, "unsubscribes") + binary_events(
        "variant", 0, 44, "unsubscribes"
    )
    recorded = post_events(client, owner, experiment["id"], events)
    assert recorded == {"received": len(events), "stored": len(events), "duplicates": 0}
    replay = post_events(client, owner, experiment["id"], events[:1000])
    assert replay == {"received": 1000, "stored": 0, "duplicates": 1000}

    report = client.get(f"{url}/analysis", headers=owner.headers)
    assert report.status_code == 200, report.text
    analysis = report.json()["analysis"]
    assert report.json()["concluded"] is False
    assert [(a["arm"], a["exposed"], a["converted"]) for a in analysis["arms"]] == [
        ("control", 2000, 200),
        ("variant", 2000, 290),
    ]
    chi_square, srm_p = stats.chisquare([2000, 2000], [2000, 2000])
    assert analysis["srm"]["p_value"] == pytest.approx(srm_p)
    assert analysis["srm"]["chi_square"] == pytest.approx(chi_square)
    primary, guardrail = analysis["comparisons"]
    assert (primary["metric"], guardrail["metric"]) == ("signups", "unsubscribes")
    z, p = proportions_ztest([290, 200], [2000, 2000])
    assert primary["fixed_horizon"]["p_value"] == pytest.approx(p, rel=1e-6)
    assert primary["fixed_horizon"]["effect"] == pytest.approx(0.045)
    assert z > 0
    # BH over the mSPRT p-values of every (variant, metric), as statsmodels computes it
    raw = [primary["msprt"]["p_value"], guardrail["msprt"]["p_value"]]
    _, adjusted, _, _ = multipletests(raw, alpha=0.05, method="fdr_bh")
    assert [primary["adjusted_p_value"], guardrail["adjusted_p_value"]] == pytest.approx(
        list(adjusted)
    )
    # Bayesian: P(variant beats control) under Beta(1+s, 1+f) posteriors, by simulation
    rng = np.random.default_rng(1)
    draws_c = rng.beta(1 + 200, 1 + 1800, 200_000)
    draws_v = rng.beta(1 + 290, 1 + 1710, 200_000)
    expected_prob = float((draws_v > draws_c).mean())
    assert primary["bayesian"]["probability_to_beat_control"] == pytest.approx(
        expected_prob, abs=0.01
    )
    assert guardrail["guardrail_failed"] is False

    decided = client.post(f"{url}/analyze", headers=owner.headers)
    assert decided.status_code == 200, decided.text
    result = decided.json()
    assert result["concluded"] is True
    assert result["analysis"]["decision"] == "winner_found"
    assert result["experiment"]["status"] == "concluded"
    assert result["experiment"]["winner"] == "variant"
    assert result["experiment"]["stopping_reason"] == "winner_found"
    after = client.get(f"{url}/assignment", params={"unit": "u1"}, headers=owner.headers)
    assert_problem(after, 409, "experiment_not_running")
    late = client.post(
        f"{url}/events",
        json={"events": [{"event_id": "late", "unit_id": "u", "kind": "exposure"}]},
        headers=owner.headers,
    )
    assert_problem(late, 409, "experiment_not_running")


def test_continuous_metrics_match_welch_and_use_cuped(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    body = experiment_body(
        brand["id"],
        arms=experiment_arms(client, owner, brand["id"]),
        primary_metric={"name": "revenue", "kind": "continuous"},
        mde={"value": 2.0, "std": 10.0},
    )
    experiment = client.post(f"{API}/experiments", json=body, headers=owner.headers).json()
    assert (
        abs(
            experiment["required_sample_size"]
            - math.ceil(tt_ind_solve_power(effect_size=0.2, alpha=0.05, power=0.8))
        )
        <= 2
    )  # statsmodels' t-based answer; the engine uses the normal approximation
    url = f"{API}/experiments/{experiment['id']}"
    client.post(f"{url}/start", headers=owner.headers)
    rng = np.random.default_rng(5)
    values: dict[str, list[float]] = {}
    events: list[Any] = []
    for arm, lift in (("control", 0.0), ("variant", 1.5)):
        x = rng.normal(20, 5, 300)
        y = np.maximum(0.0, 0.8 * x + rng.normal(lift, 3, 300)).round(2)
        values[arm] = list(y)
        for u in range(300):
            events.append(
                {
                    "event_id": f"x-{arm}-{u}",
                    "unit_id": f"{arm}-{u}",
                    "arm": arm,
                    "kind": "exposure",
                    "covariate": float(round(x[u], 2)),
                }
            )
            if y[u] > 0:
                events.append(
                    {
                        "event_id": f"r-{arm}-{u}",
                        "unit_id": f"{arm}-{u}",
                        "arm": arm,
                        "kind": "conversion",
                        "value": float(y[u]),
                    }
                )
    post_events(client, owner, experiment["id"], events)
    analysis = client.get(f"{url}/analysis", headers=owner.headers).json()["analysis"]
    [comparison] = analysis["comparisons"]
    assert comparison["cuped"] is True
    mean_c, mean_v = np.mean(values["control"]), np.mean(values["variant"])
    assert analysis["arms"][0]["mean"] == pytest.approx(mean_c)
    assert analysis["arms"][1]["mean"] == pytest.approx(mean_v)
    # CUPED keeps the difference of means unbiased and narrows Welch's interval
    plain = stats.ttest_ind(values["variant"], values["control"], equal_var=False)
    welch = comparison["fixed_horizon"]
    assert welch["p_value"] < plain.pvalue


def test_a_bad_batch_is_refused_whole_with_an_error_per_event(
    client: Client, owner: Account
) -> None:
    brand = create_brand(client, owner)
    experiment = create_experiment(client, owner, brand["id"], start=True)
    url = f"{API}/experiments/{experiment['id']}"
    events = [
        {"event_id": "ok", "unit_id": "u1", "kind": "exposure"},
        {"event_id": "e1", "unit_id": "u2", "kind": "view"},
        {"event_id": "e2", "unit_id": "u3", "kind": "exposure", "arm": "ghost"},
        {"unit_id": "u4", "kind": "exposure"},
    ]
    response = client.post(f"{url}/events", json={"events": events}, headers=owner.headers)
    problem = assert_problem(response, 422, "invalid_events")
    assert [e["field"] for e in problem["errors"]] == [
        "events[1].kind",
        "events[2].arm",
        "events[3].event_id",
    ]
    too_many = [{"event_id": f"e{i}", "unit_id": "u", "kind": "exposure"} for i in range(1001)]
    response = client.post(f"{url}/events", json={"events": too_many}, headers=owner.headers)
    assert_problem(response, 422)
    analysis = client.get(f"{url}/analysis", headers=owner.headers).json()["analysis"]
    assert all(arm["exposed"] == 0 for arm in analysis["arms"])


def test_lifecycle_errors_are_conflicts(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    experiment = create_experiment(client, owner, brand["id"])
    url = f"{API}/experiments/{experiment['id']}"
    assert_problem(client.post(f"{url}/stop", json={}, headers=owner.headers), 409)
    patched = client.patch(
        url,
        json={"mde": {"value": 0.5, "baseline": 0.1}},
        headers={**owner.headers, "If-Match": '"1"'},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["required_sample_size"] < experiment["required_sample_size"]
    stale = client.patch(url, json={"name": "x"}, headers={**owner.headers, "If-Match": '"1"'})
    assert_problem(stale, 412)
    client.post(f"{url}/start", headers=owner.headers)
    assert_problem(
        client.patch(url, json={"name": "x"}, headers={**owner.headers, "If-Match": "*"}), 409
    )
    concluded = client.post(
        f"{url}/conclude",
        json={"reason": "winner_found", "winner": "variant"},
        headers=owner.headers,
    )
    assert concluded.json()["winner"] == "variant"
    assert_problem(client.post(f"{url}/start", headers=owner.headers), 409)
    bad = client.post(
        f"{API}/experiments",
        json=experiment_body(brand["id"], mde={"value": 0.5}),
        headers=owner.headers,
    )
    assert_problem(bad, 422, field="mde.baseline")


# -- the tenant matrix of the experiment routes ----------------------------------------------


@pytest.mark.parametrize("call", EXPERIMENT_CALLS, ids=lambda c: c.id)
def test_another_tenant_gets_404_and_changes_nothing(
    shared_client: Client, shared_owner: Account, shared_other_owner: Account, call: Any
) -> None:
    a, b = shared_owner, shared_other_owner
    brand = create_brand(shared_client, a)
    state = "draft" if call.id.endswith(("start", "{experiment_id}")) else "running"
    experiment = create_experiment(shared_client, a, brand["id"], start=state == "running")
    before = snapshot(shared_client, a)
    body = sample_body(call.body_type, {"user_id": b.user_id}) if call.body_type else None
    for ids in ({"experiment_id": experiment["id"]}, {"experiment_id": str(uuid.uuid4())}):
        response = send(shared_client, call, ids, b.headers, body, QUERIES.get(call.id))
        assert_problem(response, 404, "not_found")
    assert snapshot(shared_client, a) == before
    own = send(
        shared_client,
        call,
        {"experiment_id": experiment["id"]},
        a.headers,
        body,
        QUERIES.get(call.id),
    )
    assert 200 <= own.status_code < 300, own.text


def test_lists_show_only_the_callers_experiments(
    shared_client: Client, shared_owner: Account, shared_other_owner: Account
) -> None:
    mine = create_experiment(
        shared_client, shared_owner, create_brand(shared_client, shared_owner)["id"]
    )
    theirs = shared_client.get(f"{API}/experiments", headers=shared_other_owner.headers)
    assert mine["id"] not in theirs.text
    own = shared_client.get(
        f"{API}/experiments", params={"status": "draft"}, headers=shared_owner.headers
    )
    assert mine["id"] in own.text
