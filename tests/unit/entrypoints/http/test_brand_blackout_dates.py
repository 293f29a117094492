"""A brand's blackout dates over HTTP: set on create, changed with PATCH, shown sorted; a bad
date is a 422 that changes nothing."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, Account, assert_problem, create_brand


def test_blackout_dates_round_trip(client: TestClient[Litestar], owner: Account) -> None:
    brand = create_brand(client, owner, blackout_dates=["2026-12-25", "2026-12-24"])
    assert brand["blackout_dates"] == ["2026-12-24", "2026-12-25"]
    url = f"{API}/brands/{brand['id']}"
    bad = client.patch(
        url,
        json={"blackout_dates": ["not a date"]},
        headers={**owner.headers, "If-Match": f'"{brand["version"]}"'},
    )
    assert_problem(bad, 422)
    changed = client.patch(
        url,
        json={"blackout_dates": ["2027-01-01"]},
        headers={**owner.headers, "If-Match": f'"{brand["version"]}"'},
    )
    assert changed.status_code == 200, changed.text
    read = client.get(url, headers=owner.headers).json()
    assert read["blackout_dates"] == ["2027-01-01"]
