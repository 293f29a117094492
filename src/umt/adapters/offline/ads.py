"""Ad copy: three to fifteen short headlines and two to four descriptions, each within the ad
network's limits (Google: 30 and 90 characters), ready for a responsive ad."""

from __future__ import annotations

from umt.adapters.offline import banks_body as body
from umt.adapters.offline.compose import Writer
from umt.adapters.offline.extras import disclosures
from umt.adapters.offline.limits import (
    MAX_DESCRIPTIONS,
    MAX_HEADLINES,
    MIN_DESCRIPTIONS,
    MIN_HEADLINES,
    ad_limit,
)
from umt.adapters.offline.text import capitalise, cut_words, ensure_stop
from umt.domain.content.draft import ContentFields, ContentType, Draft

HEADLINES_BY_SIZE = (MIN_HEADLINES + 2, 10, MAX_HEADLINES)
DESCRIPTIONS_BY_SIZE = (MIN_DESCRIPTIONS, 3, MAX_DESCRIPTIONS)
# last-resort headlines: short, topic-free, so three always fit any limit
SPARE_HEADLINES = ("See how it works", "Learn more", "Get started", "Find out more", "Ask us")


def ad_copy(writer: Writer) -> Draft:
    limit = ad_limit(writer.request.channel)
    wanted = HEADLINES_BY_SIZE[writer.size]
    headlines = [writer.cta.button] if len(writer.cta.button) <= limit.headline else []
    headlines = [h for h in headlines if writer.rules.allows(h)]
    headlines += writer.pick(
        body.HEADLINES,
        "headlines",
        wanted - len(headlines),
        limit=limit.headline,
        exclude=headlines,
    )
    hook_line = cut_words(writer.hook(), limit.headline)
    if hook_line and hook_line == writer.hook() and len(headlines) < wanted:
        headlines.append(hook_line)
    for spare in SPARE_HEADLINES:
        if len(headlines) >= MIN_HEADLINES:
            break
        if spare.casefold() not in {h.casefold() for h in headlines} and writer.rules.allows(spare):
            headlines.append(spare)
    descriptions = _descriptions(writer, DESCRIPTIONS_BY_SIZE[writer.size], limit.description)
    return Draft(
        content_type=ContentType.AD_COPY,
        channel=writer.request.channel,
        title=headlines[1] if len(headlines) > 1 else writer.cta.button,
        body="\n".join([*descriptions, *disclosures(writer)]),
        fields=ContentFields(
            headlines=tuple(headlines[:MAX_HEADLINES]),
            descriptions=tuple(descriptions),
            call_to_action=writer.cta.button,
        ),
        locale=writer.request.locale,
    )


def _descriptions(writer: Writer, wanted: int, limit: int) -> list[str]:
    found = writer.pick(body.AD_DESCRIPTIONS[writer.angle], "descriptions", wanted, limit=limit)
    cta = ensure_stop(capitalise(writer.cta.button))
    # the call to action closes the first description when there is room
    if found and len(f"{found[0]} {cta}") <= limit and writer.rules.allows(cta):
        found[0] = f"{found[0]} {cta}"
    if len(found) < wanted:
        found += writer.pick(
            body.GENERIC_DESCRIPTIONS, "generic", wanted - len(found), limit=limit, exclude=found
        )
    for angle in sorted(body.AD_DESCRIPTIONS):
        if len(found) >= wanted:
            break
        found += writer.pick(
            body.AD_DESCRIPTIONS[angle],
            f"descriptions:{angle}",
            wanted - len(found),
            limit=limit,
            exclude=found,
        )
    return found
