"""UTM tagging of umt's links, and a tagged click read back as a touchpoint."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from umt.domain.attribution.utm import UtmTags, has_utm, tag_url, touch_of, utm_of_url
from umt.domain.brand.channels import Channel
from umt.domain.shared.errors import InvalidValue

TAGS = UtmTags.for_post(Channel.LINKEDIN, campaign="spring", content="piece-1")


def test_a_link_is_tagged_with_source_medium_campaign_and_content() -> None:
    assert tag_url("https://acme.example/menu", TAGS) == (
        "https://acme.example/menu"
        "?utm_source=linkedin&utm_medium=social&utm_campaign=spring&utm_content=piece-1"
    )


def test_its_own_query_and_fragment_are_kept() -> None:
    assert tag_url("https://acme.example/p?id=7#top", TAGS) == (
        "https://acme.example/p?id=7"
        "&utm_source=linkedin&utm_medium=social&utm_campaign=spring&utm_content=piece-1#top"
    )


def test_an_author_tagged_link_is_left_alone() -> None:
    own = "https://acme.example/p?UTM_Source=newsletter"
    assert has_utm(own)
    assert tag_url(own, TAGS) == own


def test_the_medium_follows_the_channel_and_empty_tags_are_left_out() -> None:
    email = UtmTags.for_post(Channel.EMAIL, content="c")
    assert tag_url("https://a.example/", email) == (
        "https://a.example/?utm_source=email&utm_medium=email&utm_content=c"
    )
    assert UtmTags.for_post(Channel.BLOG).medium == "owned"
    assert UtmTags.for_post(Channel.GOOGLE_ADS).medium == "paid"


def test_a_tagged_click_reads_back_as_the_touchpoint() -> None:
    url = tag_url("https://acme.example/menu?x=1", TAGS)
    touch = touch_of(utm_of_url(url))
    assert (touch.channel, touch.campaign, touch.content) == ("linkedin", "spring", "piece-1")


def test_a_click_without_a_source_is_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        touch_of(utm_of_url("https://acme.example/?utm_medium=social"))
    assert caught.value.field == "utm_source"


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
)
def test_any_campaign_and_content_survive_the_round_trip(campaign: str, content: str) -> None:
    tags = UtmTags(source="x", medium="social", campaign=campaign, content=content)
    read = utm_of_url(tag_url("https://acme.example/p", tags))
    assert (read["utm_campaign"], read.get("utm_content", "")) == (campaign, content)
