"""Near-duplicate detection with shingled similarity.

A text's shingles are its word k-grams (k = 3) after case folding; two texts are near
duplicates when the Jaccard similarity of their shingle sets reaches ``DUPLICATE_THRESHOLD``
(0.6): they then share most of their phrasing, not just their topic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

SHINGLE_SIZE = 3
DUPLICATE_THRESHOLD = 0.6

_WORD = re.compile(r"\w+")
T = TypeVar("T")


def shingles(text: str, k: int = SHINGLE_SIZE) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    if len(words) < k:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(tuple(words[i : i + k]) for i in range(len(words) - k + 1))


def jaccard(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def remove_near_duplicates(
    items: Sequence[T],
    *,
    text: Callable[[T], str],
    better: Callable[[T], float],
    threshold: float = DUPLICATE_THRESHOLD,
) -> list[T]:
    """The items without near duplicates: of each group, the one ``better`` scores highest
    (earlier items win ties). The survivors keep their original order."""
    ranked = sorted(range(len(items)), key=lambda i: (-better(items[i]), i))
    kept: list[tuple[int, frozenset[tuple[str, ...]]]] = []
    for index in ranked:
        candidate = shingles(text(items[index]))
        if all(jaccard(candidate, other) < threshold for _, other in kept):
            kept.append((index, candidate))
    return [items[i] for i in sorted(i for i, _ in kept)]
