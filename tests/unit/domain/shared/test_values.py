"""Value objects of the shared kernel: what they accept, normalise and refuse."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.values import Email, HexColor, Slug, Url

hex_digit = st.sampled_from(string.hexdigits)


@given(st.lists(hex_digit, min_size=6, max_size=6).map("".join))
def test_six_digit_colors_normalise_to_lowercase(digits: str) -> None:
    assert HexColor(f"#{digits}").value == f"#{digits.lower()}"


@given(st.lists(hex_digit, min_size=3, max_size=3).map("".join))
def test_three_digit_colors_expand(digits: str) -> None:
    assert HexColor(f"#{digits}").value == "#" + "".join(c.lower() * 2 for c in digits)


@given(st.text(max_size=10))
def test_anything_but_a_hex_color_is_refused(text: str) -> None:
    is_color = (
        len(text) in (4, 7)
        and text.startswith("#")
        and all(c in string.hexdigits for c in text[1:])
    )
    if is_color:
        HexColor(text)
    else:
        with pytest.raises(InvalidValue):
            HexColor(text)


@given(st.text(max_size=80))
def test_slug_from_any_name_is_a_valid_slug_or_refused(name: str) -> None:
    try:
        slug = Slug.from_name(name)
    except InvalidValue:
        assert not any(c.isascii() and c.isalnum() for c in name)
        return
    assert Slug(slug.value) == slug
    assert slug.value == slug.value.lower()
    assert "--" not in slug.value
    assert not slug.value.startswith("-")
    assert not slug.value.endswith("-")


@pytest.mark.parametrize(
    "bad", ["", "Acme", "acme coffee", "-acme", "acme-", "a--b", "é", "a" * 81]
)
def test_bad_slugs_are_refused(bad: str) -> None:
    with pytest.raises(InvalidValue):
        Slug(bad)


def test_slug_folds_accents() -> None:
    assert Slug.from_name("Café Crème — Paris!").value == "cafe-creme-paris"


@pytest.mark.parametrize(
    "good", ["https://acme.example", "http://acme.example/path?q=1", "https://a.b/feed.xml"]
)
def test_urls_accepted(good: str) -> None:
    assert Url(good).value == good


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "acme.example",
        "ftp://acme.example",
        "javascript:alert(1)",
        "https://",
        "http:// a.b",
        "https://" + "a" * 2100,
    ],
)
def test_bad_urls_are_refused(bad: str) -> None:
    with pytest.raises(InvalidValue):
        Url(bad)


def test_email_domain_is_lowercased_and_local_part_kept() -> None:
    assert Email("Ana.Smith@Example.COM").value == "Ana.Smith@example.com"


@pytest.mark.parametrize(
    "bad", ["", "ana", "ana@", "@example.com", "ana@example", "a b@example.com"]
)
def test_bad_emails_are_refused(bad: str) -> None:
    with pytest.raises(InvalidValue):
        Email(bad)


@pytest.mark.parametrize("space", [" ", "\t", "\n", "\x1c", "\x85", "\xa0", "\u2003", "\u3000"])
def test_a_url_with_any_whitespace_inside_is_refused(space: str) -> None:
    with pytest.raises(InvalidValue):
        Url(f"https://acme.example.com/a{space}b")
    assert Url(f"{space}https://acme.example.com/{space}").value == "https://acme.example.com/"
