"""The marker the social publishers append fits the room the domain's renderer reserves."""

from __future__ import annotations

from umt.adapters.platforms.reference_marker import MARKER_LENGTH, marker
from umt.domain.content.compliance.limits import weighted_length
from umt.domain.publishing.channel_profiles import REFERENCE_MARKER_RESERVE


def test_the_marker_fits_the_reserve() -> None:
    assert MARKER_LENGTH <= REFERENCE_MARKER_RESERVE


def test_the_marker_fits_the_reserve_in_every_counting_the_marked_channels_use() -> None:
    for reference in ("pub-1", "0f8c2f1e-0000-4000-8000-000000000000", ""):
        mark = marker(reference)
        assert len(mark) <= REFERENCE_MARKER_RESERVE
        assert weighted_length(mark) <= REFERENCE_MARKER_RESERVE  # X's weighting
