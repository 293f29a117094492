"""What umt asks an ad network to build: an ad set carries its own dates and its campaign's,
so a network that keeps the flight on the ad set (Meta) can give a follower the campaign's."""

from __future__ import annotations

from datetime import timedelta

from tests.unit.domain.advertising.campaign_builders import NOW, ad_set, campaign, lifetime

from umt.application.advertising.remote import ad_set_spec


def test_an_ad_set_spec_carries_the_campaigns_flight_beside_its_own_dates() -> None:
    planned = campaign(starts_at=NOW + timedelta(days=1), ends_at=NOW + timedelta(days=9))
    follower = ad_set(budget=lifetime("300"))
    spec = ad_set_spec(planned, follower)
    assert (spec.starts_at, spec.ends_at) == (None, None)  # it follows the campaign
    assert spec.flight == (planned.starts_at, planned.ends_at)
    own_end = NOW + timedelta(days=4)
    own = ad_set_spec(planned, ad_set(ends_at=own_end))
    assert own.flight == (planned.starts_at, own_end)
