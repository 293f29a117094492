"""A brand's IANA time zone through HTTP: UTC by default, set on create and by PATCH, and an
unknown zone is a 422 problem that changes nothing."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, Account, assert_problem, create_brand

Client = TestClient[Litestar]


def test_a_brand_is_in_utc_unless_told(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    assert brand["time_zone"] == "UTC"
    berlin = create_brand(client, owner, time_zone="Europe/Berlin")
    read = client.get(f"{API}/brands/{berlin['id']}", headers=owner.headers)
    assert read.status_code == 200, read.text
    assert read.json()["time_zone"] == "Europe/Berlin"


def test_patch_moves_it_and_an_unknown_zone_changes_nothing(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner, time_zone="Europe/Berlin")
    url = f"{API}/brands/{brand['id']}"
    moved = client.patch(
        url, json={"time_zone": "America/New_York"}, headers={**owner.headers, "If-Match": '"1"'}
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["time_zone"] == "America/New_York"
    bad = client.patch(
        url, json={"time_zone": "Europe/Atlantis"}, headers={**owner.headers, "If-Match": '"2"'}
    )
    assert_problem(bad, 422, field="time_zone")
    refused = client.post(
        f"{API}/brands",
        json={"name": "Nowhere", "time_zone": "Mars/Olympus"},
        headers=owner.headers,
    )
    assert_problem(refused, 422, field="time_zone")
    listed = client.get(f"{API}/brands", headers=owner.headers).json()["items"]
    assert [b["name"] for b in listed] == [brand["name"]]
    after = client.get(url, headers=owner.headers).json()
    assert (after["time_zone"], after["version"]) == ("America/New_York", 2)
