"""Awkward joins: the seams a sentence shows when a phrase lands in a slot that does not fit.

A composed draft (the offline composer's banks, a template's variables, a model filling a
pattern) can be free of banned words, within every limit and still read wrong where a topic
was pasted in: "the hours you spend on onboarding new hires in a day today", "hit a wall with
how to hire faster", "people who care about payroll tools keep coming back to the same lesson
about payroll tools". A reader notices at once; the score should too. These are the joins the
composer was seen to make, written as patterns that ordinary prose does not match:

- ``stacked_time``: two time expressions in a row ("in a day today", "this week right now");
- ``doubled_word``: a word written twice in a row ("the the");
- ``repeated_phrase``: the same run of three or more words twice in one sentence;
- ``clause_as_noun``: a how-to or why clause after a word that wants a noun ("with how to
  hire", "from why onboarding matters", "handling how to ...").

Standard library only, deterministic; ``awkward_joins`` is shared with the composer, which
skips a sentence it finds here, so the checker and the writer agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from umt.domain.content.compliance.text import LocatedText
from umt.domain.content.compliance_report import Severity, Violation

# A time expression that can end a phrase; and those that, following it directly, stack ("in
# a day today"). "every day this week" is fine English, so "every day" is in neither list.
_TIME = (
    r"today|tonight|tomorrow|yesterday|right now|now|overnight|these days|"
    r"this (?:morning|afternoon|evening|week|month|quarter|year|season)|"
    r"next (?:week|month|quarter|year)|"
    r"in (?:a|an|one) (?:day|week|month|hour|afternoon|morning|minute)|in minutes|in seconds"
)
_STACKABLE = (
    r"today|tonight|right now|now|these days|"
    r"this (?:morning|afternoon|evening|week|month|quarter|year|season)"
)
# within a line ([^\S\n]: white space but a line break): a heading or a paragraph ends a
# phrase, so "...hires this" over "This is worth doing" is no doubled word to a reader
_STACKED_TIME = re.compile(rf"\b(?:{_TIME})[^\S\n]+(?:{_STACKABLE})\b", re.IGNORECASE)
_DOUBLED_WORD = re.compile(r"\b([^\W\d_]+)[^\S\n]+\1\b", re.IGNORECASE)
# "had had" and "that that" are grammatical and occur in careful prose
_DOUBLE_OK = frozenset({"had", "that"})
_CLAUSE_AS_NOUN = re.compile(
    r"\b(?:with|from|for|by|into|to|of|at|handling|approaches|about handling)\s+how to\b"
    r"|\b(?:with|from|for|by|into|handling|approaches)\s+(?:why|whether)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
MIN_REPEATED_WORDS = 3


@dataclass(frozen=True, slots=True)
class AwkwardJoin:
    """One join: what kind, and where (``text[start:end]``)."""

    kind: str
    start: int
    end: int


def _repeated_phrases(text: str) -> list[AwkwardJoin]:
    found: list[AwkwardJoin] = []
    for sentence in _SENTENCE.finditer(text):
        words = list(_WORD.finditer(sentence.group()))
        seen: dict[tuple[str, ...], int] = {}
        for i in range(len(words) - MIN_REPEATED_WORDS + 1):
            key = tuple(w.group().casefold() for w in words[i : i + MIN_REPEATED_WORDS])
            first = seen.setdefault(key, i)
            if first + MIN_REPEATED_WORDS <= i:  # a second, not overlapping, occurrence
                size = MIN_REPEATED_WORDS  # the whole repeated run, not just three words
                while (
                    i + size < len(words)
                    and first + size < i
                    and words[i + size].group().casefold() == words[first + size].group().casefold()
                ):
                    size += 1
                base, last = sentence.start(), words[i + size - 1]
                found.append(
                    AwkwardJoin("repeated_phrase", base + words[i].start(), base + last.end())
                )
                break  # one per sentence: the reader needs to see it once
    return found


def awkward_joins(text: str) -> list[AwkwardJoin]:
    """Every awkward join in ``text``, in order of position."""
    found = [AwkwardJoin("stacked_time", m.start(), m.end()) for m in _STACKED_TIME.finditer(text)]
    found += [
        AwkwardJoin("doubled_word", m.start(), m.end())
        for m in _DOUBLED_WORD.finditer(text)
        if m.group(1).casefold() not in _DOUBLE_OK
    ]
    found += [
        AwkwardJoin("clause_as_noun", m.start(), m.end()) for m in _CLAUSE_AS_NOUN.finditer(text)
    ]
    found += _repeated_phrases(text)
    return sorted(found, key=lambda j: (j.start, j.end))


def reads_smoothly(text: str) -> bool:
    """True when ``text`` holds no awkward join."""
    return not awkward_joins(text)


_WHAT = {
    "stacked_time": "two time expressions in a row",
    "doubled_word": "a word written twice",
    "repeated_phrase": "the same words twice in one sentence",
    "clause_as_noun": "a how-to or why clause where a noun belongs",
}


def check_joins(texts: list[LocatedText]) -> list[Violation]:
    """A warning per awkward join, located with its span."""
    return [
        Violation(
            code="awkward_join",
            severity=Severity.WARNING,
            message=f"awkward join {located.text[j.start : j.end]!r}: {_WHAT[j.kind]}"
            " (a topic or value pasted where it does not fit; reword the sentence)",
            location=located.location,
            start=j.start,
            end=j.end,
        )
        for located in texts
        for j in awkward_joins(located.text)
    ]
