"""Small grammar helpers: tidy sentences, pick a/an, cut at boundaries, slugs and hashtags."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_SPACES = re.compile(r"[ \t\u00a0]+")
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.;:!?])")
_DOUBLE_PUNCT = re.compile(r"([.!?])[.!?]+")
_ARTICLE = re.compile(r"\b([Aa])(n?) ([\"'“]?)([A-Za-z0-9][\w'-]*)")
_SENTENCE_START = re.compile(r"(^|[.!?][\"”']? +|\n)([\"“]?)([a-z])")
_SENTENCE = re.compile(r"[^.!?]+[.!?]+[\"”']?|[^.!?]+$")
_MARKUP = re.compile(r"[{}\[\]<>]|(?<!\w)#")  # markup, and a "#" that would start a hashtag
_TRAILING = re.compile("[\\s.,;:!?\\-\u2013\u2014]+$")
_SLUG_DROP = re.compile(r"[^a-z0-9]+")

# words whose spelling misleads the a/an rule (sound decides, not the letter)
_AN_EXCEPTIONS = ("hour", "honest", "honor", "honour", "heir")
_A_EXCEPTIONS = ("uni", "use", "usu", "user", "util", "one", "once", "euro", "eu", "ubiq", "ufo")
_VOWEL_LETTER_ABBREVIATIONS = set("AEFHILMNORSX")


def needs_an(word: str) -> bool:
    """Whether ``word`` takes "an" (by sound, with the common exceptions)."""
    lower = word.casefold()
    if lower.startswith(_AN_EXCEPTIONS):
        return True
    if lower.startswith(_A_EXCEPTIONS):
        return False
    if len(word) > 1 and word.isupper():  # an SEO plan, a CRM
        return word[0] in _VOWEL_LETTER_ABBREVIATIONS
    if word[0].isdigit():
        return word.startswith(("8", "11", "18"))
    return lower[0] in "aeiou"


def _fix_article(match: re.Match[str]) -> str:
    a, n, quote, word = match.groups()
    article = a + ("n" if needs_an(word) else "")
    del n
    return f"{article} {quote}{word}"


def capitalise(text: str) -> str:
    """Upper-case the first letter unless the word is styled (iPhone, eBay)."""
    if not text:
        return text
    if len(text) > 1 and text[0].islower() and text[1].isupper():
        return text
    return text[0].upper() + text[1:]


def _capitalise_match(match: re.Match[str]) -> str:
    return match.group(1) + match.group(2) + match.group(3).upper()


def tidy(text: str) -> str:
    """Collapse spaces, fix a/an and doubled punctuation, capitalise sentence starts."""
    lines = []
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        line = _SPACE_BEFORE_PUNCT.sub(r"\1", line)
        line = _DOUBLE_PUNCT.sub(r"\1", line)
        line = line.replace(",.", ".").replace(":.", ".").replace(";.", ".")
        line = _ARTICLE.sub(_fix_article, line)
        lines.append(line)
    joined = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return _SENTENCE_START.sub(_capitalise_match, joined)


def clean_value(value: str) -> str:
    """A slot value as it may appear inside a sentence: one line, no markup, no end stop."""
    value = unicodedata.normalize("NFC", value)
    value = _MARKUP.sub(" ", value.replace("\n", " "))
    value = _SPACES.sub(" ", value).strip()
    return _TRAILING.sub("", value).strip(" \"'")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def cut_words(text: str, limit: int, length: Callable[[str], int] = len) -> str:
    """The longest run of whole words of ``text`` within ``limit`` characters, as ``length``
    counts them (no dangling connector at the end)."""
    if length(text) <= limit:
        return text
    words = text.split()
    out: list[str] = []
    for word in words:
        candidate = " ".join([*out, word])
        if length(candidate) > limit:
            break
        out.append(word)
    while out and out[-1].casefold().strip(",;:") in _DANGLING:
        out.pop()
    return _TRAILING.sub("", " ".join(out))


_DANGLING = {"a", "an", "the", "and", "or", "of", "for", "to", "with", "in", "on", "your", "our"}


def slugify(text: str, limit: int) -> str:
    text = text.replace("'", "").replace("\u2019", "")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _SLUG_DROP.sub("-", ascii_text.casefold()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


def hashtag(text: str) -> str:
    """``"remote team tools"`` → ``"RemoteTeamTools"`` (letters and digits only)."""
    words = re.findall(r"[^\W_]+", text)
    return "".join(w if w[:1].isupper() else capitalise(w) for w in words)


def ensure_stop(text: str) -> str:
    text = text.strip()
    if text and text[-1] not in '.!?:"”':
        return text + "."
    return text


def as_statement(text: str) -> str:
    """A hook that introduces a list (ends with a colon) as a sentence of its own."""
    return text[:-1] + "." if text.endswith(":") else text
