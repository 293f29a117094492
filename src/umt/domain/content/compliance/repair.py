"""Mechanical repairs: what can be fixed without rewriting what the draft says.

``repair_draft`` strips emoji when the policy forbids them, drops hashtags the policy or the
counts do not allow, trims fields over a hard limit at a sentence boundary and appends missing
required disclosures when they fit. Banned words, banned claims and phrases to avoid are left
as they are: rewording is the generator's job, with the violations fed back to it.

Each step is kept only if it adds no violation the draft did not already have (same code at
the same location), so a repair never makes a draft worse: a trim that would drop the only
phrase to use, or a stripped emoji that would glue two words into a banned phrase, is undone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import replace
from functools import partial

from umt.domain.brand.voice import EmojiPolicy, HashtagPolicy, VoiceGuide
from umt.domain.content.compliance.channel_rules import body_suffix
from umt.domain.content.compliance.checker import check_compliance
from umt.domain.content.compliance.limits import ChannelLimits, limits_for
from umt.domain.content.compliance.tags import branded_tags, disclosure_tags, hashtag_occurrences
from umt.domain.content.compliance.text import (
    EMOJI,
    body_hashtags,
    located_texts,
    normalize_tag,
)
from umt.domain.content.compliance.wording import disclosure_present
from umt.domain.content.draft import Draft

ELLIPSIS = "\u2026"
_MAX_ROUNDS = 3  # a later step can make an earlier one possible (a disclosure fills a body)
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u2019\u201d)\]]*(?=\s|$)|\n")
_TOKEN = re.compile(r"\S+")
_DANGLING = " \t\n,;:-\u2013\u2014([{\"'\u201c\u2018/&"


def trim_to_limit(text: str, limit: int, *, length: Callable[[str], int] = len) -> str:
    """``text`` cut to at most ``limit`` (as ``length`` measures), never mid-word.

    A text within the limit comes back unchanged. Otherwise the cut falls at the last sentence
    end (``.``, ``!``, ``?``, an ellipsis, or a line break) that keeps it within the limit; when
    not even the first sentence fits, at the last whole word that fits with an ellipsis
    (``…``) appended, dangling punctuation dropped; when not even one word fits, the result is
    empty. ``length`` lets a channel count its own way (X weights URLs and CJK).
    """
    if length(text) <= limit:
        return text
    if limit <= 0:
        return ""
    best = ""
    for match in _SENTENCE_END.finditer(text):
        candidate = text[: match.end()].rstrip()
        if length(candidate) > limit:
            break
        best = candidate
    if best.strip():
        return best
    for match in _TOKEN.finditer(text):
        candidate = text[: match.end()].rstrip(_DANGLING)
        if not candidate:
            continue
        if length(candidate + ELLIPSIS) > limit:
            break
        best = candidate + ELLIPSIS
    return best


def strip_emoji(text: str) -> str:
    """``text`` without emoji, spaces tidied (``"Hi 👋 team"`` → ``"Hi team"``)."""

    def replacement(match: re.Match[str]) -> str:
        start, end = match.span()
        at_line_start = start == 0 or text[start - 1] == "\n"
        at_line_end = end == len(text) or text[end] == "\n"
        if at_line_start or at_line_end:
            return ""
        if match.group("pre") or match.group("post"):
            return " "
        return " " if text[start - 1].isalnum() and text[end].isalnum() else ""

    return re.sub(rf"(?P<pre>[ \t]*)(?:{EMOJI.pattern})+(?P<post>[ \t]*)", replacement, text)


def _strip_all_emoji(draft: Draft) -> Draft:
    f = draft.fields
    return replace(
        draft,
        title=strip_emoji(draft.title),
        body=strip_emoji(draft.body),
        fields=replace(
            f,
            subject=strip_emoji(f.subject),
            preheader=strip_emoji(f.preheader),
            headlines=tuple(strip_emoji(h) for h in f.headlines),
            descriptions=tuple(strip_emoji(d) for d in f.descriptions),
            call_to_action=strip_emoji(f.call_to_action),
            meta_description=strip_emoji(f.meta_description),
        ),
    )


def _kept_tags(
    draft: Draft, voice: VoiceGuide, limits: ChannelLimits, branded: Collection[str]
) -> set[str]:
    exempt = disclosure_tags(voice)
    if voice.hashtag_policy is HashtagPolicy.NONE:
        return exempt
    owned = branded_tags(voice, branded)
    room = voice.max_hashtags
    if limits.max_hashtags is not None:
        room = min(room, limits.max_hashtags)
    kept: dict[str, None] = {}
    for tag, _, _, _ in hashtag_occurrences(draft):
        if tag in exempt:
            continue
        if voice.hashtag_policy is HashtagPolicy.BRANDED_ONLY and tag not in owned:
            continue
        if tag in kept or len(kept) < room:
            kept.setdefault(tag, None)
    return set(kept) | exempt


def _remove_body_tags(body: str, drop: Callable[[str], bool]) -> str:
    only_tags = re.compile(r"(?:[ \t]*#\w+)*[ \t]*")
    original = body
    for tag, start, end in reversed(body_hashtags(body)):
        if not drop(normalize_tag(tag)):
            continue
        line_start = body.rfind("\n", 0, start) + 1
        line_end = body.find("\n", end)
        line_end = len(body) if line_end == -1 else line_end
        standalone = only_tags.fullmatch(body[line_start:start]) and only_tags.fullmatch(
            body[end:line_end]
        )
        trailing = not body[end:].strip(" \t\n") or only_tags.fullmatch(body[end:].strip("\n"))
        if standalone or trailing:
            cut = start
            while cut > line_start and body[cut - 1] in " \t":
                cut -= 1
            body = body[:cut] + body[end:]
        else:
            body = body[:start] + body[start + 1 :]  # keep the word, drop the '#'
    return body.rstrip() if body != original else body


def _drop_hashtags(
    draft: Draft, voice: VoiceGuide, limits: ChannelLimits, branded: Collection[str]
) -> Draft:
    kept = _kept_tags(draft, voice, limits, branded)
    fields = replace(
        draft.fields, hashtags=tuple(t for t in draft.fields.hashtags if normalize_tag(t) in kept)
    )
    body = _remove_body_tags(draft.body, lambda tag: tag not in kept)
    return replace(draft, body=body, fields=fields)


TRIMMED_FIELDS = (
    "title",
    "body",
    "fields.subject",
    "fields.preheader",
    "fields.headlines",
    "fields.descriptions",
    "fields.meta_description",
)


def _trim_field(draft: Draft, limits: ChannelLimits, name: str) -> Draft:
    limit = limits.for_location(name)
    if limit is None or limit.hard is None:
        return draft
    hard = limit.hard
    suffix = body_suffix(draft) if name == "body" else ""

    def trimmed(text: str) -> str:
        return trim_to_limit(text, hard, length=lambda s: limits.measure(s + suffix, name))

    f = draft.fields
    if name == "title":
        return replace(draft, title=trimmed(draft.title))
    if name == "body":
        return replace(draft, body=trimmed(draft.body))
    if name == "fields.headlines":
        return replace(draft, fields=replace(f, headlines=tuple(map(trimmed, f.headlines))))
    if name == "fields.descriptions":
        return replace(draft, fields=replace(f, descriptions=tuple(map(trimmed, f.descriptions))))
    if name == "fields.subject":
        return replace(draft, fields=replace(f, subject=trimmed(f.subject)))
    if name == "fields.preheader":
        return replace(draft, fields=replace(f, preheader=trimmed(f.preheader)))
    return replace(draft, fields=replace(f, meta_description=trimmed(f.meta_description)))


def _append_disclosures(draft: Draft, voice: VoiceGuide) -> Draft:
    body = draft.body
    for disclosure in voice.required_disclosures:
        probe = replace(draft, body=body)
        if disclosure_present(disclosure, located_texts(probe)):
            continue
        separator = "\n\n" if "\n" in body else " "
        body = f"{body}{separator}{disclosure}" if body.strip() else disclosure
    return replace(draft, body=body)


def _keys(draft: Draft, voice: VoiceGuide, branded: Collection[str]) -> Counter[tuple[str, str]]:
    report = check_compliance(draft, voice, branded_hashtags=branded)
    return Counter((v.code, v.location) for v in report.violations)


def repair_draft(
    draft: Draft, voice: VoiceGuide, *, branded_hashtags: Collection[str] = ()
) -> Draft:
    """``draft`` with its mechanically fixable violations fixed (see the module docstring).

    Steps, in order: strip emoji (policy ``none``), drop hashtags (policy, then the lower of
    the guide's ``max_hashtags`` and the channel's maximum, keeping the first ones), trim
    fields over a hard limit, append missing disclosures to the body (when they fit; they go
    last so that a trim cannot cut them off). A step that would add a violation is skipped;
    the steps run again (up to 3 rounds) while a round changes something, because a later step
    can make an earlier one possible (an emoji-only body can be stripped once a disclosure
    fills it).
    """
    limits = limits_for(draft.channel, draft.content_type)
    steps: list[Callable[[Draft], Draft]] = []
    if voice.emoji_policy is EmojiPolicy.NONE:
        steps.append(_strip_all_emoji)
    steps.append(lambda d: _drop_hashtags(d, voice, limits, branded_hashtags))
    steps.extend(partial(_trim_field, limits=limits, name=name) for name in TRIMMED_FIELDS)
    if voice.required_disclosures and (draft.body.strip() or not draft.fields.descriptions):
        steps.append(lambda d: _append_disclosures(d, voice))
    current, keys = draft, _keys(draft, voice, branded_hashtags)
    for _ in range(_MAX_ROUNDS):
        start = current
        for step in steps:
            candidate = step(current)
            if candidate == current:
                continue
            candidate_keys = _keys(candidate, voice, branded_hashtags)
            if candidate_keys - keys:
                continue
            current, keys = candidate, candidate_keys
        if current == start:
            break
    return current
