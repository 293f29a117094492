"""Ad copy: three to fifteen short headlines and two to four descriptions, each within the ad
network's limits (Google: 30 and 90 characters), ready for a responsive ad."""

from __future__ import annotations

from umt.adapters.offline import banks_body as body
from umt.adapters.offline.extras import disclosures
from umt.adapters.offline.limits import (
    MAX_DESCRIPTIONS,
    MAX_HEADLINES,
    MIN_DESCRIPTIONS,
    MIN_HEADLINES,
    AdLimit,
    ad_limit,
)
from umt.adapters.offline.text import capitalise, cut_words, ensure_stop
from umt.adapters.offline.writer import Writer
from umt.domain.content.draft import ContentFields, ContentType, Draft

HEADLINES_BY_SIZE = (MIN_HEADLINES + 2, 10, MAX_HEADLINES)
DESCRIPTIONS_BY_SIZE = (MIN_DESCRIPTIONS, 3, MAX_DESCRIPTIONS)
# last-resort headlines: short, topic-free, so three always fit any limit
SHORT_DESCRIPTION = 40  # below this recommended length, descriptions come from the headline bank
SPARE_HEADLINES = ("See how it works", "Learn more", "Get started", "Find out more", "Ask us")


def ad_copy(writer: Writer) -> Draft:
    limit = ad_limit(writer.request.channel)
    wanted = HEADLINES_BY_SIZE[writer.size]
    headlines = [writer.cta.button] if limit.length(writer.cta.button) <= limit.headline else []
    headlines = [h for h in headlines if writer.rules.allows(h)]
    headlines += writer.pick(
        body.HEADLINES,
        "headlines",
        wanted - len(headlines),
        limit=limit.headline,
        exclude=headlines,
        length=limit.length,
    )
    # the voice's phrase to use, as a headline of its own when it fits
    phrase = capitalise(writer.rng("phrase").choice(writer.phrases)) if writer.phrases else ""
    if (
        phrase
        and limit.length(phrase) <= limit.headline
        and phrase.casefold() not in {h.casefold() for h in headlines}
    ):
        headlines.insert(min(2, len(headlines)), phrase)
        headlines = headlines[:wanted] if len(headlines) > wanted else headlines
    # the voice's tone keywords, as a headline too (the checker looks for them)
    tone = writer.tone_headline(limit.headline, limit.length)
    if tone and tone.casefold() not in {h.casefold() for h in headlines}:
        if len(headlines) >= wanted:  # it takes the place of the last one not on the topic
            kept = {writer.topic.casefold(), phrase.casefold() or writer.topic.casefold()}
            generic = [h for h in headlines[1:] if not any(k in h.casefold() for k in kept)]
            headlines.remove(generic[-1] if generic else headlines[-1])
        headlines.insert(min(1, len(headlines)), tone)
    hook_line = cut_words(writer.hook(), limit.headline, limit.length)
    if hook_line and hook_line == writer.hook() and len(headlines) < wanted:
        headlines.append(hook_line)
    for spare in SPARE_HEADLINES:
        if len(headlines) >= MIN_HEADLINES:
            break
        if spare.casefold() not in {h.casefold() for h in headlines} and writer.rules.allows(spare):
            headlines.append(spare)
    descriptions = _descriptions(writer, DESCRIPTIONS_BY_SIZE[writer.size], limit)
    return Draft(
        content_type=ContentType.AD_COPY,
        channel=writer.request.channel,
        title=headlines[1] if len(headlines) > 1 else writer.cta.button,
        body=_primary_text(writer, descriptions, limit),
        fields=ContentFields(
            headlines=tuple(headlines[:MAX_HEADLINES]),
            descriptions=tuple(descriptions),
            call_to_action=writer.cta.button,
        ),
        locale=writer.request.locale,
    )


def _descriptions(writer: Writer, wanted: int, limit: AdLimit) -> list[str]:
    """Descriptions under the platform's recommended length first (Meta: 30 characters),
    topped up under the ceiling when too few fit."""
    found: list[str] = []
    if limit.description_target < SHORT_DESCRIPTION:
        short = [f"{h}." for h in body.HEADLINES]
        found = writer.pick(
            short, "short-descriptions", wanted, limit=limit.description_target, length=limit.length
        )
    found += writer.pick(
        body.AD_DESCRIPTIONS[writer.angle],
        "descriptions",
        wanted - len(found),
        limit=limit.description,
        exclude=found,
        length=limit.length,
    )
    cta = ensure_stop(capitalise(writer.cta.button))
    # the call to action closes the first description when there is room
    first_limit = (
        limit.description_target
        if found and limit.length(found[0]) <= limit.description_target
        else limit.description
    )
    if found and limit.length(f"{found[0]} {cta}") <= first_limit and writer.rules.allows(cta):
        found[0] = f"{found[0]} {cta}"
    if len(found) < wanted:
        found += writer.pick(
            body.GENERIC_DESCRIPTIONS,
            "generic",
            wanted - len(found),
            limit=limit.description,
            exclude=found,
            length=limit.length,
        )
    for angle in sorted(body.AD_DESCRIPTIONS):
        if len(found) >= wanted:
            break
        found += writer.pick(
            body.AD_DESCRIPTIONS[angle],
            f"descriptions:{angle}",
            wanted - len(found),
            limit=limit.description,
            exclude=found,
            length=limit.length,
        )
    return found


def _primary_text(writer: Writer, descriptions: list[str], limit: AdLimit) -> str:
    """The ad's body: its descriptions (Google), or one primary text under the platform's
    recommended length (Meta 125, LinkedIn 150), then the disclosures."""
    notices = disclosures(writer)
    if not limit.body_target:
        return "\n".join([*descriptions, *notices])
    room = limit.body_target - sum(len(n) + 1 for n in notices)
    bank = [*body.AD_DESCRIPTIONS[writer.angle], *body.ANGLES[writer.angle]]
    primary = writer.pick(bank, "primary", limit=room, max_topic=1)
    text = primary[0] if primary else ""
    cta = writer.cta_sentence()
    if text and len(f"{text} {cta}") <= room:
        text = f"{text} {cta}"
    return "\n".join(t for t in [text or (descriptions[0] if descriptions else ""), *notices] if t)
