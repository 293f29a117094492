"""render_for_channel: each kind's text, link, hashtags, media, limits and compliance verdict."""

from __future__ import annotations

import pytest

from umt.domain.attribution.utm import UtmTags
from umt.domain.brand.channels import Channel
from umt.domain.brand.voice import HashtagPolicy, VoiceGuide
from umt.domain.content.compliance.limits import X_URL_LENGTH, limits_for, weighted_length
from umt.domain.content.compliance_report import Severity
from umt.domain.content.draft import ContentFields, ContentType, Draft
from umt.domain.content.version import MediaKind, MediaReference
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.channel_profiles import REFERENCE_MARKER_RESERVE
from umt.domain.publishing.rendering import (
    MAX_BODY_CHARS,
    HashtagPlacement,
    InstagramLink,
    Rendering,
    RenderingPreferences,
    RenderingRefused,
    render_for_channel,
)
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.values import Url

IMAGE = MediaReference(url=Url("https://cdn.example.com/a.jpg"), kind=MediaKind.IMAGE)
VIDEO = MediaReference(url=Url("https://cdn.example.com/a.mp4"), kind=MediaKind.VIDEO)
LINK = "https://example.com/launch"
X_LIMIT = 280  # as the compliance table says, asserted below
FIRST_COMMENT = RenderingPreferences(hashtags=HashtagPlacement.FIRST_COMMENT)


def draft(body: str = "We roast small batches every morning.", **fields: object) -> Draft:
    title = str(fields.pop("title", ""))
    content_type = fields.pop("content_type", ContentType.SOCIAL_POST)
    assert isinstance(content_type, ContentType)
    return Draft(
        content_type=content_type,
        channel=Channel.LINKEDIN,
        title=title,
        body=body,
        fields=ContentFields(**fields),  # type: ignore[arg-type]  # test helper: named fields
    )


def render(
    kind: ChannelKind, value: Draft, media: tuple[MediaReference, ...] = (), **kw: object
) -> Rendering:
    channel = kw.pop("channel", Channel.LINKEDIN)
    assert isinstance(channel, Channel)
    return render_for_channel(value, kind=kind, channel=channel, media=media, **kw)  # type: ignore[arg-type]


def codes(rendering: Rendering, severity: Severity | None = None) -> list[str]:
    return [v.code for v in rendering.violations if severity is None or v.severity is severity]


def test_the_x_limit_comes_from_the_compliance_table() -> None:
    limit = limits_for(Channel.X, ContentType.SOCIAL_POST).fields["body"].hard
    assert limit == X_LIMIT


# --- X: weighted counting, the marker reserve, exactly at and one over --------------------


def test_x_text_exactly_at_the_limit_less_the_reserve_is_ok() -> None:
    body = "a" * (X_LIMIT - REFERENCE_MARKER_RESERVE)
    rendering = render(ChannelKind.X_ACCOUNT, draft(body))
    assert rendering.ok, rendering.violations
    assert rendering.text == body


def test_x_text_one_over_is_an_error_and_is_not_cut() -> None:
    body = "a" * (X_LIMIT - REFERENCE_MARKER_RESERVE + 1)
    rendering = render(ChannelKind.X_ACCOUNT, draft(body))
    assert not rendering.ok
    [too_long] = rendering.errors
    assert too_long.code == "too_long"
    assert too_long.location == "body"
    assert too_long.start == X_LIMIT - REFERENCE_MARKER_RESERVE
    assert str(REFERENCE_MARKER_RESERVE) in too_long.message
    assert rendering.text == body  # never silently truncated


def test_x_counts_cjk_as_two() -> None:
    available = X_LIMIT - REFERENCE_MARKER_RESERVE
    at_limit = "漢" * (available // 2)
    assert weighted_length(at_limit) == available
    assert render(ChannelKind.X_ACCOUNT, draft(at_limit)).ok
    over = render(ChannelKind.X_ACCOUNT, draft(at_limit + "a"))
    assert codes(over, Severity.ERROR) == ["too_long"]
    # the same text is far under LinkedIn's code-point limit
    assert render(ChannelKind.LINKEDIN_MEMBER, draft(at_limit + "a")).ok


def test_x_counts_an_emoji_as_two() -> None:
    available = X_LIMIT - REFERENCE_MARKER_RESERVE
    body = "a" * (available - 2) + "🎉"
    assert render(ChannelKind.X_ACCOUNT, draft(body)).ok
    over = render(ChannelKind.X_ACCOUNT, draft("a" + body))
    assert not over.ok
    assert over.errors[0].start == available - 1  # the emoji is what goes over


def test_x_puts_the_link_in_the_text_and_counts_it_as_23() -> None:
    long_link = "https://example.com/" + "x" * 200
    available = X_LIMIT - REFERENCE_MARKER_RESERVE
    body = "b" * (available - X_URL_LENGTH - 2)  # two for the blank line before the link
    rendering = render(ChannelKind.X_ACCOUNT, draft(body, links=(long_link,)))
    assert rendering.ok, rendering.violations
    assert rendering.text == f"{body}\n\n{long_link}"
    assert rendering.link is None
    assert not render(ChannelKind.X_ACCOUNT, draft(body + "b", links=(long_link,))).ok


def test_x_does_not_repeat_a_link_already_in_the_body() -> None:
    rendering = render(ChannelKind.X_ACCOUNT, draft(f"Read {LINK} now", links=(LINK,)))
    assert rendering.text == f"Read {LINK} now"


def test_x_media_at_most_four_images_and_no_video() -> None:
    assert render(ChannelKind.X_ACCOUNT, draft(), (IMAGE,) * 4).ok
    five = render(ChannelKind.X_ACCOUNT, draft(), (IMAGE,) * 5)
    assert codes(five, Severity.ERROR) == ["too_many_media"]
    assert five.errors[0].location == "media[4]"
    video = render(ChannelKind.X_ACCOUNT, draft(), (VIDEO,))
    assert codes(video, Severity.ERROR) == ["unsupported_media"]


# --- hashtags ------------------------------------------------------------------------------


def test_hashtags_are_normalized_deduplicated_and_appended() -> None:
    value = draft(
        "Fresh #coffee today.",
        hashtags=("#Coffee", "##Roast", " roast ", "#morning", "", "MORNING"),
    )
    rendering = render(ChannelKind.FACEBOOK_PAGE, value)
    assert rendering.text == "Fresh #coffee today.\n\n#Roast #morning"
    assert rendering.ok


def test_an_invalid_hashtag_is_left_out_with_a_warning() -> None:
    rendering = render(ChannelKind.FACEBOOK_PAGE, draft(hashtags=("good", "two words", "2024")))
    assert rendering.text.endswith("\n\n#good")
    invalid = [v for v in rendering.violations if v.code == "invalid_hashtag"]
    assert [v.location for v in invalid] == ["fields.hashtags[1]", "fields.hashtags[2]"]
    assert all(v.severity is Severity.WARNING for v in invalid)
    assert rendering.ok


def test_hashtags_move_to_the_first_comment_on_instagram_when_the_brand_says_so() -> None:
    value = draft(hashtags=("coffee", "roast"))
    rendering = render(ChannelKind.INSTAGRAM_ACCOUNT, value, (IMAGE,), preferences=FIRST_COMMENT)
    assert rendering.text == value.body
    assert rendering.first_comment == "#coffee #roast"
    assert rendering.ok
    inline = render(ChannelKind.INSTAGRAM_ACCOUNT, value, (IMAGE,))
    assert inline.text == f"{value.body}\n\n#coffee #roast"
    assert inline.first_comment is None


def test_hashtags_move_to_the_first_comment_on_linkedin_but_not_on_x() -> None:
    value = draft(hashtags=("coffee",))
    linkedin = render(ChannelKind.LINKEDIN_ORGANIZATION, value, preferences=FIRST_COMMENT)
    assert linkedin.first_comment == "#coffee"
    assert "#coffee" not in linkedin.text
    x = render(ChannelKind.X_ACCOUNT, value, preferences=FIRST_COMMENT)
    assert x.first_comment is None
    assert x.text.endswith("#coffee")


def test_instagram_allows_thirty_hashtags_and_refuses_thirty_one() -> None:
    voice = VoiceGuide(max_hashtags=30)
    thirty = draft(hashtags=tuple(f"tag{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(30)))
    assert render(ChannelKind.INSTAGRAM_ACCOUNT, thirty, (IMAGE,), voice=voice).ok
    more = draft(hashtags=(*thirty.fields.hashtags, "onemore"))
    rendering = render(ChannelKind.INSTAGRAM_ACCOUNT, more, (IMAGE,), voice=voice)
    assert "too_many_hashtags_for_channel" in codes(rendering, Severity.ERROR)


def test_moved_hashtags_still_count_against_the_limit_and_the_voice_policy() -> None:
    tags = tuple(f"tag{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(31))
    value = draft(hashtags=tags)
    voice = VoiceGuide(max_hashtags=30)
    rendering = render(
        ChannelKind.INSTAGRAM_ACCOUNT, value, (IMAGE,), voice=voice, preferences=FIRST_COMMENT
    )
    errors = [v for v in rendering.errors if v.code == "too_many_hashtags_for_channel"]
    assert [v.location for v in errors] == ["first_comment"]
    banned = render(
        ChannelKind.LINKEDIN_MEMBER,
        draft(hashtags=("coffee",)),
        voice=VoiceGuide(hashtag_policy=HashtagPolicy.NONE),
        preferences=FIRST_COMMENT,
    )
    assert [(v.code, v.location) for v in banned.errors] == [
        ("hashtag_not_allowed", "first_comment")
    ]


def test_thousands_of_hashtags_are_refused_early() -> None:
    value = draft(hashtags=tuple(f"t{i}x" for i in range(5000)))
    rendering = render(ChannelKind.INSTAGRAM_ACCOUNT, value, (IMAGE,))
    assert [(v.code, v.location) for v in rendering.errors] == [
        ("input_too_large", "fields.hashtags")
    ]
    assert rendering.text == ""


# --- Instagram: links, media, caption limit ------------------------------------------------


def test_instagram_says_link_in_bio_instead_of_a_dead_link() -> None:
    rendering = render(ChannelKind.INSTAGRAM_ACCOUNT, draft(links=(LINK,)), (IMAGE,))
    assert rendering.text.endswith("\n\nLink in bio.")
    assert LINK not in rendering.text
    assert rendering.link is None
    custom = RenderingPreferences(link_in_bio="  Tap the link   in our bio ")
    worded = render(
        ChannelKind.INSTAGRAM_ACCOUNT, draft(links=(LINK,)), (IMAGE,), preferences=custom
    )
    assert worded.text.endswith("Tap the link in our bio")


def test_instagram_can_put_the_link_in_the_first_comment_before_the_hashtags() -> None:
    preferences = RenderingPreferences(
        hashtags=HashtagPlacement.FIRST_COMMENT, instagram_link=InstagramLink.FIRST_COMMENT
    )
    value = draft(links=(LINK,), hashtags=("coffee",))
    rendering = render(ChannelKind.INSTAGRAM_ACCOUNT, value, (IMAGE,), preferences=preferences)
    assert rendering.first_comment == f"{LINK}\n\n#coffee"
    assert rendering.text == value.body


def test_a_url_in_an_instagram_caption_is_a_warning() -> None:
    rendering = render(ChannelKind.INSTAGRAM_ACCOUNT, draft(f"See {LINK}"), (IMAGE,))
    assert codes(rendering, Severity.WARNING) == ["link_not_clickable"]
    assert rendering.ok


def test_instagram_needs_media_and_at_most_ten() -> None:
    assert codes(render(ChannelKind.INSTAGRAM_ACCOUNT, draft()), Severity.ERROR) == [
        "media_required"
    ]
    assert render(ChannelKind.INSTAGRAM_ACCOUNT, draft(), (VIDEO,)).ok
    assert not render(ChannelKind.INSTAGRAM_ACCOUNT, draft(), (IMAGE,) * 11).ok


def test_instagram_caption_at_and_over_its_limit_with_the_hashtags_counted() -> None:
    hard = limits_for(Channel.INSTAGRAM, ContentType.SOCIAL_POST).fields["body"].hard
    assert hard == 2200
    suffix = "\n\n#coffee"
    body = "a" * (hard - REFERENCE_MARKER_RESERVE - len(suffix))
    assert render(ChannelKind.INSTAGRAM_ACCOUNT, draft(body, hashtags=("coffee",)), (IMAGE,)).ok
    over = render(ChannelKind.INSTAGRAM_ACCOUNT, draft(body + "a", hashtags=("coffee",)), (IMAGE,))
    assert codes(over, Severity.ERROR) == ["too_long"]


# --- LinkedIn, Facebook, Pinterest ---------------------------------------------------------


def test_linkedin_limit_and_link_card() -> None:
    hard = limits_for(Channel.LINKEDIN, ContentType.SOCIAL_POST).fields["body"].hard
    assert hard == 3000
    assert render(ChannelKind.LINKEDIN_MEMBER, draft("a" * (hard - REFERENCE_MARKER_RESERVE))).ok
    assert not render(
        ChannelKind.LINKEDIN_MEMBER, draft("a" * (hard - REFERENCE_MARKER_RESERVE + 1))
    ).ok
    card = render(ChannelKind.LINKEDIN_ORGANIZATION, draft(links=(LINK,), title="Launch"))
    assert (card.link, card.title) == (LINK, "Launch")
    assert LINK not in card.text
    with_image = render(ChannelKind.LINKEDIN_ORGANIZATION, draft(links=(LINK,)), (IMAGE,))
    assert with_image.link is None
    assert with_image.text.endswith(LINK)  # a post with images has no link card


def test_linkedin_first_comment_over_its_comment_limit_is_an_error() -> None:
    tags = tuple(f"{'x' * 98}{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(13))
    rendering = render(
        ChannelKind.LINKEDIN_MEMBER,
        draft(hashtags=tags),
        voice=VoiceGuide(max_hashtags=30),
        preferences=FIRST_COMMENT,
    )
    assert [(v.code, v.location) for v in rendering.errors] == [("too_long", "first_comment")]


def test_facebook_link_field_or_inline_with_a_photo_and_one_video_alone() -> None:
    assert render(ChannelKind.FACEBOOK_PAGE, draft(links=(LINK,))).link == LINK
    photo = render(ChannelKind.FACEBOOK_PAGE, draft(links=(LINK,)), (IMAGE,))
    assert (photo.link, photo.text.endswith(LINK)) == (None, True)
    assert render(ChannelKind.FACEBOOK_PAGE, draft(), (VIDEO,)).ok
    mixed = render(ChannelKind.FACEBOOK_PAGE, draft(), (VIDEO, IMAGE))
    assert codes(mixed, Severity.ERROR) == ["video_not_alone"]


def test_pinterest_needs_an_image_takes_a_link_field_and_limits_its_description() -> None:
    limits = limits_for(Channel.PINTEREST, ContentType.SOCIAL_POST)
    hard = limits.fields["body"].hard
    assert hard == 500
    rendering = render(ChannelKind.PINTEREST_BOARD, draft("a" * hard, links=(LINK,)), (IMAGE,))
    assert rendering.ok  # no marker on Pins: the whole 500
    assert (rendering.link, rendering.text) == (LINK, "a" * hard)
    assert not render(ChannelKind.PINTEREST_BOARD, draft("a" * (hard + 1)), (IMAGE,)).ok
    assert codes(render(ChannelKind.PINTEREST_BOARD, draft()), Severity.ERROR) == ["media_required"]
    assert not render(ChannelKind.PINTEREST_BOARD, draft(), (VIDEO,)).ok
    long_title = render(ChannelKind.PINTEREST_BOARD, draft(title="t" * 101), (IMAGE,))
    assert [(v.code, v.location) for v in long_title.errors] == [("too_long", "title")]


# --- WordPress and Mailchimp: titles, HTML, escaping --------------------------------------


def test_wordpress_escapes_the_body_and_lays_out_paragraphs() -> None:
    body = '<script>alert("x")</script> & more\nline two\n\n  Second <b>para</b>'
    rendering = render(ChannelKind.WORDPRESS_SITE, draft(body, title="Hello", links=(LINK,)))
    assert rendering.text == (
        '<p>&lt;script&gt;alert("x")&lt;/script&gt; &amp; more<br />\nline two</p>\n'
        "<p>Second &lt;b&gt;para&lt;/b&gt;</p>"
    )
    assert "<script>" not in rendering.text
    assert (rendering.title, rendering.link) == ("Hello", LINK)
    assert "markup_shown_as_text" in codes(rendering, Severity.WARNING)


def test_wordpress_links_urls_with_escaped_hrefs() -> None:
    body = 'Visit https://example.com/?a=1&b=2 or https://example.com/"onmouseover="x today'
    rendering = render(ChannelKind.WORDPRESS_SITE, draft(body, title="T"))
    assert rendering.text == (
        '<p>Visit <a href="https://example.com/?a=1&amp;b=2">https://example.com/?a=1&amp;b=2</a>'
        ' or <a href="https://example.com/">https://example.com/</a>"onmouseover="x today</p>'
    )


def test_a_body_starting_with_markup_is_still_escaped_for_wordpress() -> None:
    rendering = render(ChannelKind.WORDPRESS_SITE, draft("<h1>Hi</h1>", title="T"))
    assert rendering.text == "<p>&lt;h1&gt;Hi&lt;/h1&gt;</p>"


def test_wordpress_requires_a_title_and_drops_hashtags_with_a_note() -> None:
    rendering = render(ChannelKind.WORDPRESS_SITE, draft(hashtags=("coffee", "two words")))
    assert [(v.code, v.location) for v in rendering.errors] == [("required_field_empty", "title")]
    assert codes(rendering, Severity.INFO) == ["hashtags_not_published"]
    assert "invalid_hashtag" not in codes(rendering)  # not published: not worth a warning
    assert "#coffee" not in rendering.text


def test_an_html_body_is_refused() -> None:
    from umt.domain.publishing.rendering import BodyFormat

    rendering = render_for_channel(
        draft("<p>Hi</p>", title="T"),
        kind=ChannelKind.WORDPRESS_SITE,
        channel=Channel.BLOG,
        body_format=BodyFormat.HTML,
    )
    assert codes(rendering, Severity.ERROR) == ["html_body_not_supported"]


def test_mailchimp_subject_preview_and_required_subject() -> None:
    value = draft(
        "Our news.\n\nMore news.",
        content_type=ContentType.EMAIL,
        subject="  October\nnews ",
        preheader="What is new",
        title="ignored when a subject exists",
    )
    rendering = render(ChannelKind.MAILCHIMP_AUDIENCE, value, channel=Channel.EMAIL)
    assert rendering.ok, rendering.violations
    assert (rendering.title, rendering.preview_text) == ("October news", "What is new")
    assert rendering.text == "<p>Our news.</p>\n<p>More news.</p>"
    fallback = render(ChannelKind.MAILCHIMP_AUDIENCE, draft(title="From the title"))
    assert fallback.title == "From the title"
    untitled = render(ChannelKind.MAILCHIMP_AUDIENCE, draft())
    assert [(v.code, v.location) for v in untitled.errors] == [
        ("required_field_empty", "fields.subject")
    ]


def test_mailchimp_subject_over_its_hard_limit() -> None:
    hard = limits_for(Channel.EMAIL, ContentType.EMAIL).fields["fields.subject"].hard
    assert hard is not None
    assert render(ChannelKind.MAILCHIMP_AUDIENCE, draft(subject="s" * hard)).ok
    over = render(ChannelKind.MAILCHIMP_AUDIENCE, draft(subject="s" * (hard + 1)))
    assert [(v.code, v.location) for v in over.errors] == [("too_long", "fields.subject")]


# --- compliance merged, links, bounds, refusal ---------------------------------------------


def test_the_brand_voice_checker_runs_on_the_rendered_text() -> None:
    voice = VoiceGuide(banned_words=("guaranteed",))
    rendering = render(ChannelKind.X_ACCOUNT, draft("Results guaranteed."), voice=voice)
    assert not rendering.ok
    [banned] = rendering.errors
    assert banned.location == "body"
    assert rendering.text[banned.start : banned.end].casefold() == "guaranteed"


def test_a_banned_hashtag_added_by_rendering_is_caught() -> None:
    voice = VoiceGuide(hashtag_policy=HashtagPolicy.BRANDED_ONLY)
    value = draft(hashtags=("ourbrand", "random"))
    rendering = render(
        ChannelKind.FACEBOOK_PAGE, value, voice=voice, branded_hashtags=("ourbrand",)
    )
    assert [v.code for v in rendering.errors] == ["hashtag_not_branded"]


def test_an_invalid_link_is_an_error_and_extra_links_are_noted() -> None:
    bad = render(ChannelKind.FACEBOOK_PAGE, draft(links=("javascript:alert(1)",)))
    assert [(v.code, v.location) for v in bad.errors] == [("invalid_link", "fields.links[0]")]
    assert bad.link is None
    extra = render(ChannelKind.FACEBOOK_PAGE, draft(links=(LINK, "https://example.org/2")))
    assert extra.link == LINK
    assert codes(extra, Severity.INFO) == ["link_not_published"]


def test_audio_and_documents_are_not_published() -> None:
    audio = MediaReference(url=Url("https://cdn.example.com/a.mp3"), kind=MediaKind.AUDIO)
    assert codes(render(ChannelKind.SANDBOX_ACCOUNT, draft(), (audio,)), Severity.ERROR) == [
        "unsupported_media"
    ]


def test_a_huge_body_is_refused_before_any_work() -> None:
    rendering = render(ChannelKind.FACEBOOK_PAGE, draft("word " * MAX_BODY_CHARS))
    assert [(v.code, v.location) for v in rendering.errors] == [("input_too_large", "body")]


def test_a_long_facebook_body_over_its_limit_is_located_not_cut() -> None:
    hard = limits_for(Channel.FACEBOOK, ContentType.SOCIAL_POST).fields["body"].hard
    assert hard is not None
    rendering = render(ChannelKind.FACEBOOK_PAGE, draft("Good coffee. " * 6_000))
    assert codes(rendering, Severity.ERROR) == ["too_long"]
    assert rendering.errors[0].start == hard - REFERENCE_MARKER_RESERVE


def test_ad_accounts_do_not_render_posts() -> None:
    rendering = render(ChannelKind.META_AD_ACCOUNT, draft())
    assert codes(rendering) == ["not_a_publishing_channel"]
    assert not rendering.ok


def test_the_sandbox_follows_the_brand_channel_it_serves() -> None:
    body = "a" * 300
    assert render(ChannelKind.SANDBOX_ACCOUNT, draft(body), channel=Channel.LINKEDIN).ok
    on_x = render(ChannelKind.SANDBOX_ACCOUNT, draft(body), channel=Channel.X)
    assert on_x.channel is Channel.X
    # no marker on the sandbox (it keeps our reference itself): X's full 280 apply
    assert on_x.errors[0].start == X_LIMIT


def test_require_ok_raises_with_the_violations_listed() -> None:
    rendering = render(ChannelKind.INSTAGRAM_ACCOUNT, draft())
    with pytest.raises(RenderingRefused) as raised:
        rendering.require_ok()
    assert raised.value.violations == rendering.violations
    assert isinstance(raised.value, InvalidValue)
    assert "needs an image or video" in raised.value.message
    fine = render(ChannelKind.FACEBOOK_PAGE, draft())
    assert fine.require_ok() is fine


def test_violations_are_ordered_errors_first() -> None:
    rendering = render(ChannelKind.X_ACCOUNT, draft("a" * 400, hashtags=("two words",)), (VIDEO,))
    severities = [v.severity for v in rendering.violations]
    assert severities == sorted(
        severities, key=[Severity.ERROR, Severity.WARNING, Severity.INFO].index
    )
    assert severities[0] is Severity.ERROR


def test_preferences_are_validated() -> None:
    with pytest.raises(InvalidValue):
        RenderingPreferences(link_in_bio="   ")
    with pytest.raises(InvalidValue):
        RenderingPreferences(link_in_bio="x" * 101)
    with pytest.raises(ValueError, match="sideways"):
        RenderingPreferences(hashtags="sideways")  # type: ignore[arg-type]


def test_with_utm_tags_the_link_and_the_urls_of_the_body_are_tagged() -> None:
    tags = UtmTags.for_post(Channel.LINKEDIN, campaign="spring", content="piece-1")
    own = "https://acme.example/own?utm_source=partner"
    value = draft(f"Read {LINK} and {own} or www.acme.example.", links=(LINK,))
    found = render(ChannelKind.LINKEDIN_ORGANIZATION, value, utm=tags)
    tagged = f"{LINK}?utm_source=linkedin&utm_medium=social&utm_campaign=spring&utm_content=piece-1"
    assert found.link == tagged
    assert found.text == f"Read {tagged} and {own} or www.acme.example."  # not appended again
    plain = render(ChannelKind.LINKEDIN_ORGANIZATION, value)
    assert plain.link == LINK


def test_on_x_a_tagged_link_still_counts_as_one_url() -> None:
    tags = UtmTags.for_post(Channel.X, content="0193a3c2-2222-7c4a-9a51-1f6c0f3e2a10")
    body = "x" * (X_LIMIT - X_URL_LENGTH - 2 - REFERENCE_MARKER_RESERVE)
    found = render(ChannelKind.X_ACCOUNT, draft(body, links=(LINK,)), channel=Channel.X, utm=tags)
    assert found.ok
    assert "utm_source=x" in found.text
