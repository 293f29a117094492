"""The writer: fills bank sentences with the request's slots, seeded and voice-checked.

Every choice goes through ``Writer.rng(label)``: a ``random.Random`` seeded with the request
seed, the direction and a label naming the decision, so the same request gives the same draft
in any process (string seeds are hashed with SHA-512 by ``random``, not with ``hash()``), and
adding a decision in one part of a draft does not reshuffle the others.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from umt.adapters.offline import banks_body as body
from umt.adapters.offline import banks_openers as openers
from umt.adapters.offline.text import capitalise, cut_words, ensure_stop, tidy
from umt.adapters.offline.voice import VoiceRules
from umt.domain.content.compliance.joins import reads_smoothly
from umt.ports.content_generator import GenerationRequest, Length

_SLOT = re.compile(r"\{(\w+)\}")
_COUNT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight")
# what to call the topic or brand when the voice scrubbed every word of it
_FALLBACK_TOPICS = ("your work", "what you do", "your business", "the day-to-day", "this")
_FALLBACK_BRANDS = ("our team", "the team", "us")
CTA_BUTTON_MAX = 25
MIN_LIST_ITEMS = 2


def in_sentence(phrase: str) -> str:
    """A phrase typed in sentence case ("Onboarding new hires") as it reads mid-sentence
    ("onboarding new hires"). Only the first word is lowered, and only when it is a plain
    capitalised word and no later word is capitalised: "AI tools", "Acme Cloud" and
    "iPhone tips" keep their case. (Sentence starts use ``{Topic}``, which capitalises.)"""
    words = phrase.split()
    first = words[0] if words else ""
    plain_capital = len(first) > 1 and first[0].isupper() and first[1:].islower()
    if len(words) > 1 and plain_capital and not any(w[:1].isupper() for w in words[1:]):
        return phrase[0].lower() + phrase[1:]
    return phrase


def as_noun_phrase(topic: str) -> str:
    """A how-to topic as the noun phrase the banks' slots want: "How to hire faster" →
    "hiring faster" (a clause after "with" or "from" is an awkward join). Other topics are
    returned as they are."""
    words = topic.split()
    if len(words) < 3 or [w.casefold() for w in words[:2]] != ["how", "to"]:
        return topic
    phrase = " ".join([gerund(words[2]), *words[3:]])
    return phrase if reads_smoothly(phrase) else topic  # not "hiring hiring"


_VOWELS = "aeiou"


def gerund(verb: str) -> str:
    """The -ing form of a regular English verb: hire → hiring, plan → planning, see → seeing."""
    lower = verb.casefold()
    if lower.endswith("ie"):
        return verb[:-2] + "ying"
    if lower.endswith("e") and not lower.endswith(("ee", "ye", "oe")) and len(lower) > 2:
        return verb[:-1] + "ing"
    short_cvc = (
        len(lower) in (3, 4)
        and lower[-1] not in _VOWELS + "wxy"
        and lower[-2] in _VOWELS
        and lower[-3] not in _VOWELS
        and (len(lower) == 3 or lower[-4] not in _VOWELS)
    )
    return verb + verb[-1] + "ing" if short_cvc else verb + "ing"


def tone_phrase(words: tuple[str, ...], rng: random.Random) -> str:
    """One or two of the voice's tone keywords, in the guide's order: "warm and practical"."""
    if not words:
        return ""
    picked = sorted(rng.sample(range(len(words)), min(2, len(words))))
    return " and ".join(words[i] for i in picked)


def _plain(word: str) -> str:
    # a keyword typed capitalised ("Warm") reads in lower case mid-sentence; "AI-first" stays
    return word[0].lower() + word[1:] if word[:1].isupper() and word[1:2].islower() else word


def _first_allowed(rules: VoiceRules, options: tuple[str, ...]) -> str:
    return next((o for o in options if rules.allows(o)), options[-1])


def _key(text: str) -> str:
    return re.sub(r"[\s\-/]+", "_", text.strip().casefold())


def _resolve(name: str, known: Iterable[str], aliases: dict[str, str]) -> str:
    """A bank key for a free-text direction: itself, an alias, or a stable pick (CRC32, not
    ``hash()``, which changes between processes)."""
    keys = sorted(known)
    key = _key(name)
    if key in keys:
        return key
    if key in aliases:
        return aliases[key]
    return keys[zlib.crc32(key.encode()) % len(keys)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Cta:
    button: str
    sentences: tuple[str, ...]


@dataclass(slots=True, kw_only=True)
class Writer:
    """Slot values for one draft and the seeded choices made with them."""

    request: GenerationRequest
    rules: VoiceRules
    hook_type: str
    angle: str
    length: Length
    slots: dict[str, str]
    key_points: tuple[str, ...]
    phrases: tuple[str, ...]
    cta: Cta

    @classmethod
    def of(cls, request: GenerationRequest, rules: VoiceRules) -> Writer:
        direction = request.direction
        topic = (
            rules.value(request.topic)
            or rules.value(request.brand.industry)
            or _first_allowed(rules, _FALLBACK_TOPICS)
        )
        brand = rules.value(request.brand.name) or _first_allowed(rules, _FALLBACK_BRANDS)
        audience = request.audience
        pains = rules.values(audience.pain_points) if audience else ()
        goals = rules.values(audience.goals) if audience else ()
        interests = rules.values(audience.interests) if audience else ()
        length = direction.length
        if rules.feedback.shorten and length is not Length.SHORT:
            length = Length.SHORT if length is Length.MEDIUM else Length.MEDIUM
        writer = cls(
            request=request,
            rules=rules,
            hook_type=_resolve(direction.hook, openers.HOOKS, openers.HOOK_ALIASES),
            angle=_resolve(direction.angle, body.ANGLES, body.ANGLE_ALIASES),
            length=length,
            slots={"topic": as_noun_phrase(in_sentence(topic)), "brand": brand},
            key_points=tuple(p for p in (rules.value(k) for k in request.key_points) if p),
            phrases=rules.values(request.brand.voice.phrases_to_use),
            cta=Cta(button="", sentences=()),
        )
        choose = writer.rng("persona")
        topic = writer.slots["topic"]  # as it reads mid-sentence
        writer.slots["pain"] = choose.choice(pains) if pains else f"too much time lost to {topic}"
        writer.slots["goal"] = (
            choose.choice(goals) if goals else f"better results from {topic} with less effort"
        )
        writer.slots["interest"] = choose.choice(interests) if interests else topic
        tones = tuple(_plain(t) for t in rules.values(request.brand.voice.tone))
        writer.slots["tone"] = tone_phrase(tones, writer.rng("tone"))
        writer.cta = writer._resolve_cta(direction.call_to_action)
        return writer

    def rng(self, label: str) -> random.Random:
        d = self.request.direction
        seed = f"{self.request.seed}|{d.hook}|{d.angle}|{d.call_to_action}|{d.length}|{label}"
        return random.Random(seed)  # noqa: S311 - reproducible copy, not security

    @property
    def size(self) -> int:
        """0, 1 or 2 for short, medium and long."""
        return (Length.SHORT, Length.MEDIUM, Length.LONG).index(self.length)

    def fill(self, template: str, extra: Mapping[str, str] | None = None) -> str | None:
        """The template with its slots filled and tidied, or None when a slot has no value
        or the result breaks the voice."""
        values = {**self.slots, **(extra or {})}
        missing = False

        def replace(match: re.Match[str]) -> str:
            nonlocal missing
            name = match.group(1)
            value = values.get(name.lower(), "")
            if not value:
                missing = True
                return ""
            return capitalise(value) if name[0].isupper() else value

        text = tidy(_SLOT.sub(replace, template))
        # a value that lands badly ("...in a day today", "with how to...") skips the sentence,
        # as a banned word does: the checker's own test, so both agree on what reads wrong
        if missing or not text or not self.rules.allows(text) or not reads_smoothly(text):
            return None
        return text

    def pick(
        self,
        bank: Iterable[str],
        label: str,
        n: int = 1,
        *,
        limit: int | None = None,
        exclude: Iterable[str] = (),
        slots: Mapping[str, str] | None = None,
        max_topic: int | None = None,
        length: Callable[[str], int] = len,
    ) -> list[str]:
        """Up to ``n`` distinct filled sentences from ``bank`` in a seeded order, each
        within ``limit`` characters (as ``length`` counts them) when given. With
        ``max_topic``, sentences naming the topic beyond that many come last, so a paragraph
        does not repeat it in every line."""
        if n <= 0:
            return []
        order = list(bank)
        self.rng(label).shuffle(order)
        seen = {e.casefold() for e in exclude}
        out: list[str] = []
        deferred: list[str] = []
        topical = 0
        for template in order:
            text = self.fill(template, slots)
            if text is None or text.casefold() in seen:
                continue
            if limit is not None and length(text) > limit:
                continue
            seen.add(text.casefold())
            names_topic = "{topic}" in template.casefold()
            if max_topic is not None and names_topic and topical >= max_topic:
                deferred.append(text)
                continue
            topical += names_topic
            out.append(text)
            if len(out) == n:
                break
        return out + deferred[: n - len(out)]

    def one(
        self,
        bank: Iterable[str],
        label: str,
        fallback: str,
        slots: Mapping[str, str] | None = None,
    ) -> str:
        found = self.pick(bank, label, slots=slots)
        return found[0] if found else tidy(fallback)

    def count_word(self, n: int) -> str:
        return _COUNT_WORDS[n] if n < len(_COUNT_WORDS) else str(n)

    def kind(self, count: int) -> str:
        """The hook type for a piece with ``count`` items: a list needs two or more."""
        if self.hook_type == "list" and count < MIN_LIST_ITEMS:
            return "how_to"
        return self.hook_type

    def hook(self, count: int = 3) -> str:
        """The opening sentence; a list hook names ``count`` items, so with fewer than two
        items the how-to bank stands in for it."""
        return self.one(
            openers.HOOKS[self.kind(count)],
            "hook",
            fallback=f"A few thoughts on {self.topic}.",
            slots={"count": self.count_word(count)},
        )

    def angle_sentences(self, n: int, label: str = "angle") -> list[str]:
        """``n`` sentences for the angle, topped up from the neighbouring angles' banks when
        the voice filtered too many out."""
        found = self.pick(body.ANGLES[self.angle], label, n, max_topic=1)
        for other in sorted(body.ANGLES):
            if len(found) >= n:
                break
            found += self.pick(
                body.ANGLES[other], f"{label}:{other}", n - len(found), exclude=found, max_topic=0
            )
        return found

    def bridge(self) -> str | None:
        """A sentence carrying a phrase to use, else the persona's interest or goal."""
        if self.phrases:
            phrase = self.rng("phrase").choice(self.phrases)
            found = self.pick(body.PHRASE_BRIDGES, "phrase-bridge", slots={"phrase": phrase})
            if found:
                return found[0]
        bank = body.GOAL_BRIDGES if self.rng("bridge").random() < 0.5 else body.INTEREST_BRIDGES
        found = self.pick(bank, "bridge")
        return found[0] if found else None

    def cta_sentence(self) -> str:
        return self.one(self.cta.sentences, "cta", fallback="Learn more today.")

    def tone_sentence(self) -> str | None:
        """A sentence with the voice's tone keywords, or None when the guide lists none."""
        found = self.pick(body.TONE_SENTENCES, "tone-sentence")
        return found[0] if found else None

    def with_tone(self, closing: str) -> str:
        """``closing`` (the call to action) after the tone sentence, which closing lines are
        never dropped for length, so the brand's tone words stay in every draft."""
        tone = self.tone_sentence()
        return f"{tone} {closing}" if tone else closing

    def tone_headline(self, limit: int, length: Callable[[str], int] = len) -> str | None:
        """An ad headline with a tone keyword, within ``limit`` characters."""
        found = self.pick(body.TONE_HEADLINES, "tone-headline", limit=limit, length=length)
        if not found and " and " in self.slots["tone"]:  # two words too long: try one
            one = {"tone": self.slots["tone"].split(" and ")[0]}
            found = self.pick(
                body.TONE_HEADLINES, "tone-headline", limit=limit, slots=one, length=length
            )
        return found[0] if found else None

    @property
    def topic(self) -> str:
        return self.slots["topic"]

    @property
    def brand(self) -> str:
        return self.slots["brand"]

    def _resolve_cta(self, wanted: str) -> Cta:
        key = _key(wanted)
        kind = key if key in openers.CTAS else openers.CTA_ALIASES.get(key)
        if kind is None:
            literal = self.rules.value(wanted)
            if len(literal) >= 2:  # a CTA written out by the user: "Book a call with Sam"
                written = ensure_stop(capitalise(literal))
                return Cta(
                    button=cut_words(capitalise(literal), CTA_BUTTON_MAX),
                    sentences=(written, f"Ready for the next step? {written}"),
                )
            kind = "learn_more"
        button, sentences = openers.CTAS[kind]
        if not self.rules.allows(button):
            button = "Learn more" if self.rules.allows("Learn more") else "Find out"
        usable = tuple(s for s in sentences if self.fill(s) is not None)
        return Cta(button=button, sentences=usable or openers.CTAS["learn_more"][1])
