"""/api/v1/brands/{brand_id}/attribution: paths (JSON and CSV) and tagged events in, the report
out with its label; a bad batch is one 422 listing every bad value and stores nothing; the
OpenAPI document carries the examples, and the report example is a valid answer."""

from __future__ import annotations

import json
from typing import Any

import msgspec
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    add_member,
    assert_problem,
    create_brand,
)

from umt.domain.identity.permissions import Role
from umt.entrypoints.http.attribution.examples import REPORT_200
from umt.entrypoints.http.schemas.attribution import (
    EXAMPLE_CSV,
    EXAMPLE_EVENTS,
    EXAMPLE_PATHS,
    AttributionReportOut,
)

Client = TestClient[Litestar]
MARCH = {"start": "2026-03-01", "end": "2026-03-31"}


def url(brand: dict[str, Any], tail: str) -> str:
    return f"{API}/brands/{brand['id']}/attribution/{tail}"


def report(
    client: Client, account: Account, brand: dict[str, Any], **params: str
) -> dict[str, Any]:
    response = client.get(url(brand, "report"), params={**MARCH, **params}, headers=account.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_example_batches_record_and_report(
    shared_client: Client, shared_owner: Account
) -> None:
    client, owner = shared_client, shared_owner
    brand = create_brand(client, owner)
    json_body, csv_body = {"paths": EXAMPLE_PATHS}, {"csv": EXAMPLE_CSV}
    first = client.post(url(brand, "paths"), json=json_body, headers=owner.headers)
    assert first.status_code == 200, first.text
    assert first.json() == {"stored": 3, "already_stored": 0}
    # the CSV example is the same paths: all stored already
    again = client.post(url(brand, "paths"), json=csv_body, headers=owner.headers)
    assert again.json() == {"stored": 0, "already_stored": 3}
    events = client.post(
        url(brand, "events"), json={"events": EXAMPLE_EVENTS}, headers=owner.headers
    )
    assert events.status_code == 200, events.text
    assert events.json()["conversions_attributed"] == 1
    found = report(client, owner, brand, models="last_touch,linear")
    assert found["interpretation"].startswith("association, not causation")
    assert (found["paths"], found["unconverted_paths"], found["value"]) == (3, 1, 104.9)
    assert found["models"] == ["last_touch", "linear"]
    last = {row["key"]: row["credits"]["last_touch"]["conversions"] for row in found["rows"]}
    assert last == {"search": 1.0, "email": 1.0, "linkedin": 1.0}


def test_a_bad_batch_lists_every_bad_value_and_stores_nothing(
    shared_client: Client, shared_owner: Account
) -> None:
    client, owner = shared_client, shared_owner
    brand = create_brand(client, owner)
    body = {
        "paths": [
            {"path_key": "a", "touchpoints": [{"channel": "", "at": "2026-03-01T09:00:00Z"}]},
            {"path_key": "b", "touchpoints": [{"channel": "x", "at": "noon"}], "value": "-2"},
        ]
    }
    response = client.post(url(brand, "paths"), json=body, headers=owner.headers)
    problem = assert_problem(response, 422, "attribution_batch_rejected")
    assert [e["field"] for e in problem["errors"]] == [
        "paths[0].touchpoints[0].channel",
        "paths[1].touchpoints[0].at",
        "paths[1].value",
    ]
    assert report(client, owner, brand)["rows"] == []
    both = client.post(url(brand, "paths"), json={"paths": [], "csv": "x"}, headers=owner.headers)
    assert_problem(both, 422, "invalid_value")


def test_the_report_refuses_shapley_over_fifteen_keys_and_bad_parameters(
    shared_client: Client, shared_owner: Account
) -> None:
    client, owner = shared_client, shared_owner
    brand = create_brand(client, owner)
    paths = [
        {
            "path_key": f"p{i}",
            "touchpoints": [{"channel": f"c{i}", "at": "2026-03-01T09:00:00Z"}],
            "converted_at": "2026-03-01T10:00:00Z",
        }
        for i in range(16)
    ]
    assert client.post(url(brand, "paths"), json={"paths": paths}, headers=owner.headers).is_success
    too_many = client.get(url(brand, "report"), params=MARCH, headers=owner.headers)
    assert_problem(too_many, 422, "attribution_too_many_channels", field="models")
    assert len(report(client, owner, brand, models="linear")["rows"]) == 16
    bad = client.get(
        url(brand, "report"), params={**MARCH, "models": "magic"}, headers=owner.headers
    )
    assert_problem(bad, 422, "invalid_value", field="models")
    reversed_range = {"start": "2026-03-31", "end": "2026-03-01"}
    backwards = client.get(url(brand, "report"), params=reversed_range, headers=owner.headers)
    assert_problem(backwards, 422, "invalid_value", field="end")


def test_analysts_record_viewers_read_and_another_organization_sees_nothing(
    shared_client: Client, shared_owner: Account, shared_other_owner: Account
) -> None:
    """The role and tenancy matrices send these routes too; this checks what they cannot
    afford to (their "nothing changed" snapshot reads no report: one more request per brand
    per snapshot): a denied or foreign write stores nothing."""
    client, owner, other_owner = shared_client, shared_owner, shared_other_owner
    brand = create_brand(client, owner)
    viewer = add_member(client, owner, Role.VIEWER)
    analyst = add_member(client, owner, Role.ANALYST)
    paths, events = {"paths": EXAMPLE_PATHS}, {"events": EXAMPLE_EVENTS}
    for refused, status in ((viewer, 403), (other_owner, 404)):
        assert_problem(
            client.post(url(brand, "paths"), json=paths, headers=refused.headers), status
        )
        assert_problem(
            client.post(url(brand, "events"), json=events, headers=refused.headers), status
        )
        stranger = client.get(url(brand, "report"), params=MARCH, headers=other_owner.headers)
        assert_problem(stranger, 404, "not_found")
    empty = report(client, viewer, brand)
    assert (empty["paths"], empty["unconverted_paths"]) == (0, 0)
    assert client.post(url(brand, "paths"), json=paths, headers=analyst.headers).is_success
    assert client.post(url(brand, "events"), json=events, headers=analyst.headers).is_success
    assert report(client, viewer, brand)["paths"] == 3


def test_the_document_carries_the_examples_and_the_report_example_is_an_answer(
    shared_client: Client,
) -> None:
    document = shared_client.get("/schema/openapi.json").json()
    route = document["paths"]["/api/v1/brands/{brand_id}/attribution/report"]["get"]
    documented = route["responses"]["200"]["content"]["application/json"]["examples"]
    assert set(documented) == {e.id for e in REPORT_200.examples or ()}
    for example in REPORT_200.examples or ():
        answer = msgspec.json.decode(json.dumps(example.value), type=AttributionReportOut)
        assert "association, not causation" in answer.interpretation
    schemas = document["components"]["schemas"]
    assert schemas["ConversionPathsIn"]["properties"]["csv"]["examples"] == [EXAMPLE_CSV]
    assert schemas["TaggedEventsIn"]["properties"]["events"]["examples"] == [EXAMPLE_EVENTS]
