"""Blog posts and landing pages: a title, slug, meta description and keywords, then the page
in Markdown (intro and H2 sections from the key points for a post; headline, subhead, benefit
bullets and a call to action for a landing page)."""

from __future__ import annotations

from umt.adapters.offline import banks_body as body
from umt.adapters.offline import banks_openers as openers
from umt.adapters.offline.extras import disclosures
from umt.adapters.offline.limits import META_DESCRIPTION_TARGET, SLUG_MAX, TITLE_MAX
from umt.adapters.offline.text import as_statement, capitalise, cut_words, ensure_stop, slugify
from umt.adapters.offline.writer import Writer
from umt.domain.content.draft import ContentFields, ContentType, Draft

SECTIONS_BY_SIZE = (2, 3, 5)
SENTENCES_BY_SIZE = (2, 3, 3)
BULLETS_BY_SIZE = (3, 4, 5)
MAX_KEYWORDS = 6
MAX_SECTIONS = 8
MAX_KEYWORD_WORDS = 4


def blog_post(writer: Writer) -> Draft:
    headings = _headings(writer, SECTIONS_BY_SIZE[writer.size])
    title = _title(writer, len(headings))
    intro = [
        as_statement(writer.hook(count=len(headings))),
        *writer.angle_sentences(1 + writer.size),
    ]
    intro.append(writer.one(body.INTRO_CLOSERS, "intro-closer", fallback="Let's dig in."))
    parts = [" ".join(intro)]
    used: list[str] = []
    for index, heading in enumerate(headings):
        # a key point may be quoted in its section; a generated heading only heads it
        slots = {"point": _lower_first(heading)} if writer.key_points else {}
        sentences = writer.pick(
            body.SECTION_BY_ANGLE[writer.angle], f"angle-section:{index}", exclude=used
        )
        sentences += writer.pick(
            body.SECTION_SENTENCES,
            f"section:{index}",
            SENTENCES_BY_SIZE[writer.size] - len(sentences),
            exclude=used,
            slots=slots,
        )
        if not sentences:  # more sections than the banks have fresh sentences: allow repeats
            sentences = writer.pick(body.SECTION_SENTENCES, f"section:{index}", 2, slots=slots)
        used += sentences
        parts += [f"## {heading}", " ".join(sentences)]
    closing = [writer.one(body.CONCLUSIONS, "conclusion", fallback="That's the short version.")]
    bridge = writer.bridge()
    closing += [*([bridge] if bridge else []), writer.with_tone(writer.cta_sentence())]
    heading = writer.one(body.CONCLUSION_HEADINGS, "conclusion-heading", fallback="Next steps")
    parts += [f"## {heading}", " ".join(closing), *disclosures(writer)]
    return Draft(
        content_type=ContentType.BLOG_POST,
        channel=writer.request.channel,
        title=title,
        body="\n\n".join(p for p in parts if p),
        fields=_page_fields(writer, title),
        locale=writer.request.locale,
    )


def landing_page(writer: Writer) -> Draft:
    headline = _title(writer, 3)
    subhead = writer.one(body.SUBHEADS, "subhead", fallback=f"{capitalise(writer.brand)}.")
    bullets = writer.pick(body.BENEFIT_BULLETS, "bullets", BULLETS_BY_SIZE[writer.size] - 1)
    bullets += writer.pick((body.GOAL_BULLET,), "goal-bullet")
    story = writer.angle_sentences(1 + writer.size)
    bridge = writer.bridge()
    closer = writer.one(body.LANDING_CLOSERS, "closer", fallback="Next steps")
    parts = [
        f"# {headline}",
        subhead,
        "## " + writer.one(body.BENEFIT_HEADINGS, "benefit-heading", fallback="What you get"),
        "\n".join(f"- {b}" for b in bullets),
        " ".join([*story, *([bridge] if bridge else [])]),
        f"## {closer}",
        writer.with_tone(_closing_line(writer)),
        f"**{writer.cta.button}**",
        *disclosures(writer),
    ]
    return Draft(
        content_type=ContentType.LANDING_PAGE,
        channel=writer.request.channel,
        title=headline,
        body="\n\n".join(p for p in parts if p),
        fields=_page_fields(writer, headline),
        locale=writer.request.locale,
    )


def _closing_line(writer: Writer) -> str:
    """The call to action as a sentence that does not merely repeat the button under it."""
    bare = f"{writer.cta.button}.".casefold()
    sentences = [s for s in writer.cta.sentences if s.casefold() != bare]
    return writer.one(sentences, "closing-line", fallback="We'd love to show you around.")


def _headings(writer: Writer, wanted: int) -> list[str]:
    if writer.key_points:
        return [capitalise(p) for p in writer.key_points[:MAX_SECTIONS]]
    # a seeded subset of the generated headings, kept in the bank's order (why, where,
    # how, what next) so the post still reads from problem to first step
    bank = body.DEFAULT_SECTIONS
    chosen = sorted(writer.rng("sections").sample(range(len(bank)), min(wanted, len(bank))))
    headings = [writer.fill(bank[i]) for i in chosen]
    return [cut_words(h, TITLE_MAX) for h in headings if h] or [capitalise(writer.topic)]


def _lower_first(text: str) -> str:
    """``"Automate reminders"`` → ``"automate reminders"``; ``"SEO audits"`` stays."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and not first[1:].islower():
        return text
    return text[:1].lower() + text[1:]


def _title(writer: Writer, count: int) -> str:
    found = writer.pick(
        openers.SUBJECTS[writer.kind(count)],
        "title",
        limit=TITLE_MAX,
        slots={"count": writer.count_word(count)},
    )
    return found[0] if found else cut_words(capitalise(writer.topic), TITLE_MAX) or writer.brand


def _page_fields(writer: Writer, title: str) -> ContentFields:
    metas = writer.pick(body.META_DESCRIPTIONS, "meta", limit=META_DESCRIPTION_TARGET)
    meta = metas[0] if metas else ensure_stop(cut_words(title, META_DESCRIPTION_TARGET - 1))
    audience = writer.request.audience
    interests = writer.rules.values(audience.interests) if audience else ()
    keywords: dict[str, str] = {}
    for phrase in (writer.topic, *writer.key_points, *interests):
        if len(phrase.split()) <= MAX_KEYWORD_WORDS:
            keywords.setdefault(phrase.casefold(), phrase.casefold())
    return ContentFields(
        slug=slugify(title, SLUG_MAX) or slugify(writer.topic, SLUG_MAX) or "post",
        meta_description=meta,
        keywords=tuple(keywords.values())[:MAX_KEYWORDS],
        call_to_action=writer.cta.button,
    )
