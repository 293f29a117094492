"""Social posts: hook, two to four sentences on the angle, call to action, disclosures and
hashtags, laid out the way each network reads and kept within its limit."""

from __future__ import annotations

from umt.adapters.offline import banks_body as body
from umt.adapters.offline.extras import disclosures, emoji, hashtags, within
from umt.adapters.offline.limits import post_length, post_limit
from umt.adapters.offline.text import as_statement, cut_words
from umt.adapters.offline.text import sentences as sentences_of
from umt.adapters.offline.voice import SHORTEN_FACTOR
from umt.adapters.offline.writer import MIN_LIST_ITEMS, Writer
from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentFields, ContentType, Draft

TITLE_MAX = 100


def social_post(writer: Writer) -> Draft:
    channel = writer.request.channel
    limit = post_limit(channel).body
    if writer.rules.feedback.shorten:
        limit = int(limit * SHORTEN_FACTOR)
    n = 2 + writer.size
    sentences = writer.angle_sentences(n)
    if writer.hook_type == "story":
        sentences = writer.pick(body.STORY_TURNS, "turn") + sentences[: n - 1]
    bridge = writer.bridge()
    cta = writer.with_tone(_with_emoji(emoji(writer, "cta"), writer.cta_sentence()))
    tail = disclosures(writer)
    tags = list(hashtags(writer))
    while True:
        text = _layout(writer, sentences, bridge, cta, tail, tags)
        if post_length(channel, text) <= limit:
            break
        # give up, in order: hashtags beyond one, body sentences beyond one, the last hashtag,
        # the bridge (it carries the voice's phrase to use), the last sentence; then cut at a
        # sentence boundary
        if len(tags) > 1:
            tags = tags[:-1]
        elif len(sentences) > 1:  # a story keeps its turn only while something follows it
            story_turn_left = writer.hook_type == "story" and len(sentences) == 2
            sentences = sentences[1:] if story_turn_left else sentences[:-1]
        elif tags:
            tags = []
        elif bridge is not None:
            bridge = None
        elif sentences:
            sentences = []
        else:
            text = within(text, limit, lambda t: post_length(channel, t))
            break
    return Draft(
        content_type=ContentType.SOCIAL_POST,
        channel=writer.request.channel,
        title=_title(_hook(writer, len(sentences))),
        body=text,
        fields=ContentFields(hashtags=tuple(tags), call_to_action=writer.cta.button),
        locale=writer.request.locale,
    )


def _title(hook: str) -> str:
    """The hook, or its first sentence when the whole hook is too long for a title."""
    if len(hook) > TITLE_MAX:
        hook = (sentences_of(hook) or [hook])[0]
    return cut_words(hook, TITLE_MAX)


def _hook(writer: Writer, items: int) -> str:
    return writer.hook(count=items)


def _with_emoji(mark: str, text: str) -> str:
    return f"{mark} {text}" if mark else text


def _layout(
    writer: Writer,
    sentences: list[str],
    bridge: str | None,
    cta: str,
    tail: list[str],
    tags: list[str],
) -> str:
    listed = writer.hook_type == "list" and len(sentences) >= MIN_LIST_ITEMS
    hook = _hook(writer, len(sentences))
    hook = _with_emoji(emoji(writer, "hook"), hook if listed else as_statement(hook))
    if listed:
        middle = ["\n".join(f"- {s}" for s in sentences)]
    elif writer.request.channel is Channel.LINKEDIN:
        middle = list(sentences)  # one short paragraph per sentence reads best in the feed
    else:
        middle = [" ".join(sentences)] if sentences else []
    if bridge:
        middle.append(bridge)
    paragraphs = [hook, *middle, cta, *tail]
    if writer.request.channel is Channel.X and not listed:
        paragraphs = [" ".join([as_statement(hook), *middle]), cta, *tail]
    if tags:
        paragraphs.append(" ".join(f"#{t}" for t in tags))
    return "\n\n".join(p for p in paragraphs if p)
