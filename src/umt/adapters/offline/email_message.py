"""Emails: subject (about 60 characters), preheader, greeting, body paragraphs, call to
action and a sign-off with the brand's name; disclosures in the footer."""

from __future__ import annotations

from umt.adapters.offline import banks_body as body
from umt.adapters.offline import banks_openers as openers
from umt.adapters.offline.extras import disclosures
from umt.adapters.offline.limits import EMAIL_PREHEADER_MAX, EMAIL_SUBJECT_TARGET
from umt.adapters.offline.text import capitalise, cut_words
from umt.adapters.offline.writer import MIN_LIST_ITEMS, Writer
from umt.domain.content.draft import ContentFields, ContentType, Draft

PARAGRAPH_SENTENCES = 2


def email(writer: Writer) -> Draft:
    paragraphs_wanted = 1 + writer.size
    sentences = writer.angle_sentences(PARAGRAPH_SENTENCES * paragraphs_wanted + 1)
    preheader = _preheader(writer, sentences)
    rest = [s for s in sentences if s != preheader]
    listed = writer.hook_type == "list" and len(rest) >= MIN_LIST_ITEMS
    if listed:  # one sentence per item
        items = rest[: paragraphs_wanted + 1]
        paragraphs = ["\n".join(f"- {item}" for item in items)]
        count = len(items)
    else:
        step = PARAGRAPH_SENTENCES
        paragraphs = [" ".join(rest[i : i + step]) for i in range(0, len(rest), step)]
        paragraphs = paragraphs[:paragraphs_wanted]
        count = len(paragraphs)
    opening = [writer.hook(count=count)]
    if writer.hook_type == "story":
        opening += writer.pick(body.STORY_TURNS, "turn")
    bridge = writer.bridge()
    subject = _subject(writer, count)
    greeting = writer.one(body.GREETINGS, "greeting", fallback="Hello,")
    sign_off = writer.one(body.SIGN_OFFS, "sign-off", fallback="Best,")
    parts = [
        greeting,
        " ".join(opening),
        *paragraphs,
        *([bridge] if bridge else []),
        writer.with_tone(writer.cta_sentence()),
        f"{sign_off}\nThe {writer.brand} team",
        *disclosures(writer),
    ]
    return Draft(
        content_type=ContentType.EMAIL,
        channel=writer.request.channel,
        title=subject,
        body="\n\n".join(p for p in parts if p),
        fields=ContentFields(
            subject=subject, preheader=preheader, call_to_action=writer.cta.button
        ),
        locale=writer.request.locale,
    )


def _subject(writer: Writer, count: int) -> str:
    found = writer.pick(
        openers.SUBJECTS[writer.kind(count)],
        "subject",
        limit=EMAIL_SUBJECT_TARGET,
        slots={"count": writer.count_word(count)},
    )
    if found:
        return found[0]
    # a long topic: the topic itself, cut at a word boundary
    return cut_words(capitalise(writer.topic), EMAIL_SUBJECT_TARGET) or writer.cta.button


def _preheader(writer: Writer, sentences: list[str]) -> str:
    for sentence in sentences:
        if len(sentence) <= EMAIL_PREHEADER_MAX and "{" not in sentence:
            return sentence
    return cut_words(writer.cta_sentence(), EMAIL_PREHEADER_MAX)
