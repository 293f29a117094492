"""Keyphrases by TF-IDF over candidate phrases, in the standard library.

A candidate is a run of one to three content words inside a clause (stop words, digits and
punctuation end a run), as RAKE and YAKE form theirs. Words are compared by a light stem
(plural endings), so "email campaigns" and "email campaign" are one phrase; the phrase
shown is the first spelling met. A phrase scores ``(1 + log tf) * idf``, where the document
frequency is counted over the texts analysed together (a crawl's pages and the brand's own
content), times a bonus per extra word, since "email deliverability" says more than
"email". A phrase whose words all belong to a better phrase already chosen is skipped.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_WORDS = 3
MULTIWORD_BONUS = 0.6  # per word after the first
MIN_WORD_LENGTH = 2
_APOSTROPHE = "\u2019"  # the typographic one, read as '
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*", re.UNICODE)
# clause ends: punctuation, quotes, brackets, and a dash (hyphen, en or em) between spaces
_CLAUSE = re.compile(r"[.!?;:,()\[\]{}\"\u201c\u201d|/\n\r\t]+|\s[-\u2013\u2014]\s")

_STOPWORDS_TEXT = """
    a about above after again against all almost also although always am among an and
    another any anyone anything are around as at be became because become been before being
    below between both but by can cannot could did do does doing done down during each
    either else enough even ever every few for from further get gets getting give given go
    goes going got had has have having he her here hers herself him himself his how however
    i if in into is it its itself just keep know last least less let like made make makes
    many may me might more most much must my myself need needs never new next no nor not
    now of off often on once one only or other others our ours ourselves out over own part
    per put rather really said same say says see seem she should show since so some
    something still such take than that the their theirs them themselves then there these
    they thing things this those though through thus to today too toward under until up
    upon us use used using very via want was way ways we well were what whatever when where
    whether which while who whom whose why will with within without would yet you your
    yours yourself yourselves read more click here http https www com"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def stem(word: str) -> str:
    """A light English stem: plural endings only (enough to match a topic's spellings)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    return [w.lower().replace(_APOSTROPHE, "'") for w in _WORD.findall(text)]


def phrase_key(phrase: str) -> str:
    """The stemmed form a phrase is compared by."""
    return " ".join(stem(w) for w in words(phrase))


@dataclass(slots=True)
class Candidates:
    """A text's candidate phrases: counts by stemmed key, and the first spelling of each."""

    counts: Counter[str]
    spelling: dict[str, str]


def candidates(text: str) -> Candidates:
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for clause in _CLAUSE.split(text):
        run: list[str] = []
        for word in [*words(clause), ""]:  # the empty word ends the last run
            if word and word not in STOPWORDS and len(word) >= MIN_WORD_LENGTH:
                run.append(word)
                continue
            for size in range(1, MAX_WORDS + 1):
                for start in range(len(run) - size + 1):
                    gram = run[start : start + size]
                    key = " ".join(stem(w) for w in gram)
                    counts[key] += 1
                    spelling.setdefault(key, " ".join(gram))
            run = []
    return Candidates(counts, spelling)


def keyphrases(
    texts: Sequence[str], *, background: Iterable[str] = (), top: int = 10
) -> list[tuple[str, ...]]:
    """The ``top`` keyphrases of each of ``texts``, best first; ``background`` texts count
    towards the document frequencies only."""
    return ranked(
        [candidates(text) for text in texts],
        background=[candidates(text) for text in background],
        top=top,
    )


def ranked(
    found: Sequence[Candidates], *, background: Sequence[Candidates] = (), top: int = 10
) -> list[tuple[str, ...]]:
    """``keyphrases`` from texts' candidates (a crawl keeps those, not the texts)."""
    frequency: Counter[str] = Counter()
    for each in (*found, *background):
        frequency.update(each.counts.keys())
    total = len(found) + len(background)
    return [_best(each, frequency, total, top) for each in found]


def _best(found: Candidates, frequency: Counter[str], total: int, top: int) -> tuple[str, ...]:
    scored = sorted(
        (
            (
                -(1 + math.log(tf))
                * (math.log((1 + total) / (1 + frequency[key])) + 1)
                * (1 + MULTIWORD_BONUS * key.count(" ")),
                key,
            )
            for key, tf in found.counts.items()
        ),
    )
    chosen: list[str] = []
    covered: list[set[str]] = []
    for _, key in scored:
        parts = set(key.split(" "))
        if any(parts <= words_of for words_of in covered):
            continue  # every word already in a better phrase
        chosen.append(found.spelling[key])
        covered.append(parts)
        if len(chosen) >= top:
            break
    return tuple(chosen)
