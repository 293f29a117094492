"""Flesch reading ease and Flesch-Kincaid grade level, computed here with the standard library.

Formulas (Kincaid et al., 1975, as given on Wikipedia's "Flesch-Kincaid readability tests"):

- reading ease = 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)
- grade level  = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

Counting rules:

- **Words** are runs of letters and digits, with inner apostrophes kept (``don't`` is one
  word); a number such as ``3.5``, a URL and an e-mail address are one word each; hyphenated
  compounds count as separate words.
- **Sentences** end at ``.``, ``!`` or ``?`` (runs such as ``?!`` or ``...`` count once)
  followed by whitespace or the end of the text, and at blank lines and line breaks (list
  items and headings rarely carry a full stop). A full stop after a common abbreviation
  (``Mr.``, ``Dr.``, ``e.g.``, ``etc.`` ...) or inside a number (``3.5``) does not end one.
  A text with words and no terminator is one sentence.
- **Syllables** are counted by a heuristic, because there is no pronouncing dictionary in
  the standard library: count the groups of adjacent vowels (``a e i o u y``); subtract one
  for a silent final ``e`` (not for ``-le`` after a consonant, as in ``table``), for a final
  ``-es`` or ``-ed`` that adds no syllable (``makes``, ``used``; but ``boxes``, ``changes``,
  ``wanted`` keep it); add one for a vowel followed by ``-ing`` (``being``, ``playing``).
  Every word has at least one syllable; digits count one syllable per digit group. The
  heuristic agrees with a dictionary on most common English words (it undercounts vowel
  pairs said apart, as in ``create``); figures computed with a dictionary may differ by up
  to about one grade on short passages, which is the tolerance the tests allow.
"""

from __future__ import annotations

import re

_URL_OR_EMAIL = re.compile(r"(?:https?://|www\.)\S+|(?<!\S)[^\s@]+@[^\s@]+\.\w+", re.IGNORECASE)
_WORD = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:['\u2019][^\W_]+)*")
_TERMINATOR = re.compile(r"[.!?\u2026]+[\"'\u2019\u201d)\]]*(?=\s|$)|\n\s*\n|\n")
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "inc", "ltd", "co", "no"}
    | {"e.g", "i.e", "a.m", "p.m", "u.s", "approx", "dept", "est", "fig", "jan", "feb", "mar"}
    | {"apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "min"}
)
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_LOOKBACK = 12  # longer than any abbreviation: keeps the scan linear
_LAST_TOKEN = re.compile(r"([\w.]+)\.$")


def words(text: str) -> list[str]:
    """The words of ``text`` (see the module docstring for what counts as one)."""
    found: list[str] = []
    position = 0
    for match in _URL_OR_EMAIL.finditer(text):
        found.extend(_WORD.findall(text[position : match.start()]))
        found.append(match.group(0))
        position = match.end()
    found.extend(_WORD.findall(text[position:]))
    return found


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` that hold at least one word, stripped."""
    pieces: list[str] = []
    start = 0
    for match in _TERMINATOR.finditer(text):
        if match.group(0).startswith(".") and _ends_with_abbreviation(
            text[max(0, match.start() - _LOOKBACK) : match.start() + 1]
        ):
            continue
        pieces.append(text[start : match.end()])
        start = match.end()
    pieces.append(text[start:])
    return [p.strip() for p in pieces if words(p)]


def _ends_with_abbreviation(prefix: str) -> bool:
    token = _LAST_TOKEN.search(prefix)
    if token is None:
        return False
    word = token.group(1).casefold().rstrip(".")
    tail = word.rsplit(" ", 1)[-1]
    return tail in _ABBREVIATIONS or (len(tail) == 1 and tail.isalpha() and tail != "i")


def syllables(word: str) -> int:
    """The heuristic syllable count of one word (at least 1; see the module docstring)."""
    if _URL_OR_EMAIL.fullmatch(word):
        return max(1, len(_VOWEL_GROUP.findall(word.casefold())))
    digits = re.findall(r"\d+", word)
    letters = re.sub(r"[^a-z]", "", word.casefold())
    count = len(digits)
    if not letters:
        return max(1, count)
    groups = len(_VOWEL_GROUP.findall(letters))
    silent_e = letters.endswith("e") and not letters.endswith(("le", "ee", "ye"))
    silent_le = letters.endswith("le") and letters[-3] in "aeiouy"  # whole, scale
    silent_es = letters.endswith("es") and not re.search(r"(?:[sxz]|ch|sh|c|g)es$", letters)
    silent_ed = letters.endswith("ed") and not letters.endswith(("ted", "ded"))
    if silent_e or silent_le or silent_es or silent_ed:
        groups -= 1
    if re.search(r"[aeiouy]ing$", letters):
        groups += 1
    return count + max(1, groups)


def syllable_count(text: str) -> int:
    """The syllables of all words in ``text``."""
    return sum(syllables(w) for w in words(text))


def grade_from_counts(*, words: int, sentences: int, syllables: int) -> float:
    """Flesch-Kincaid grade level from counts (0.0 for a text without words)."""
    if words <= 0 or sentences <= 0:
        return 0.0
    return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59


def ease_from_counts(*, words: int, sentences: int, syllables: int) -> float:
    """Flesch reading ease from counts (0.0 for a text without words)."""
    if words <= 0 or sentences <= 0:
        return 0.0
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


def _counts(text: str) -> tuple[int, int, int]:
    found = words(text)
    return len(found), max(1, len(sentences(text))), sum(syllables(w) for w in found)


def flesch_kincaid_grade(text: str) -> float:
    """The Flesch-Kincaid grade level of ``text`` (0.0 when it has no words)."""
    n_words, n_sentences, n_syllables = _counts(text)
    return grade_from_counts(words=n_words, sentences=n_sentences, syllables=n_syllables)


def flesch_reading_ease(text: str) -> float:
    """The Flesch reading ease of ``text`` (higher is easier; 0.0 when it has no words)."""
    n_words, n_sentences, n_syllables = _counts(text)
    return ease_from_counts(words=n_words, sentences=n_sentences, syllables=n_syllables)
