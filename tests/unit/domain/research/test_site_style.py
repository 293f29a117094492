"""A website's palette, fonts and social profiles read from its CSS and links."""

from __future__ import annotations

from umt.domain.research.site_style import (
    font_families,
    google_font_families,
    grey,
    palette,
    social_links,
)

CSS = """
body { color: #333; background: #FFFFFF; font-family: "Inter", Arial, sans-serif; }
a, .link { color: #E4572E; } a:hover { color: #e4572e }
.button { background: rgb(23, 118, 182); border: 1px solid rgba(23,118,182,0.5); }
.accent { color: #f3a712; } .muted { color: #777777; } .ink { color: #0a0a0a; }
h1, h2 { font-family: 'Playfair Display', serif; }
h3 { font-family: var(--heading-font); }
@font-face { font-family: "Inter"; src: url(inter.woff2); }
"""


def test_palette_is_the_most_frequent_colours_that_are_not_greys() -> None:
    assert palette([CSS]) == ["#1776b6", "#e4572e", "#f3a712"]


def test_the_theme_colour_leads_the_palette_without_repeating() -> None:
    assert palette([CSS], theme_color="#F3A712") == ["#f3a712", "#1776b6", "#e4572e"]
    assert palette([CSS], theme_color="not-a-colour")[0] == "#1776b6"


def test_greys_are_near_black_near_white_or_unsaturated() -> None:
    assert all(grey(c) for c in ("#333333", "#ffffff", "#0a0a0a", "#808a88"))
    assert not any(grey(c) for c in ("#e4572e", "#1776b6"))


def test_malformed_css_yields_what_it_can_and_never_raises() -> None:
    broken = "a { color: #e4572e; b { color: #zzzzzz; rgb(999, 0, 0) font-family: ; } } }}}{ #12"
    assert palette([broken, "\x00\xff", ""]) == ["#e4572e"]
    assert font_families([broken]) == []


def test_fonts_are_the_first_families_named_most_often() -> None:
    assert font_families([CSS]) == ["Inter", "Playfair Display"]


def test_google_fonts_links_name_their_families_in_both_api_versions() -> None:
    urls = [
        "https://fonts.googleapis.com/css?family=Roboto:400,700|Open+Sans",
        "https://fonts.googleapis.com/css2?family=Lora:wght@400;700&family=Roboto",
        "https://cdn.example/fonts.css?family=Nope",
    ]
    assert google_font_families(urls) == ["Roboto", "Open Sans", "Lora"]


def test_social_links_are_profiles_on_known_hosts_not_share_buttons() -> None:
    links = [
        "https://www.facebook.com/sharer/sharer.php?u=x",
        "https://twitter.com/intent/tweet?text=x",
        "https://www.instagram.com/",
        "https://www.facebook.com/acme",
        "https://x.com/acme",
        "https://www.linkedin.com/company/acme/",
        "https://evil.example/facebook.com/acme",
        "javascript:alert(1)",
    ]
    assert social_links(links) == {
        "facebook": "https://www.facebook.com/acme",
        "x": "https://x.com/acme",
        "linkedin": "https://www.linkedin.com/company/acme/",
    }
