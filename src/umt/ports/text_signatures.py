"""The TextSignatures port: near-duplicate texts found by their signatures (MinHash).

A signature is a short, fixed-size digest of a text's word shingles; two texts whose
signatures agree in a large share of positions share about that share of their shingles
(Jaccard similarity). Signatures are stored with the documents, so a later crawl finds the
copies of what an earlier one stored without its text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, TypeVar

K = TypeVar("K")


class TextSignatures(Protocol):
    def signature(self, text: str) -> bytes:
        """The text's signature (the same text always gives the same bytes)."""
        ...

    def near_duplicates(self, signatures: Mapping[K, bytes], *, threshold: float) -> dict[K, K]:
        """For each key whose text nearly duplicates (estimated Jaccard >= ``threshold``) a
        key before it in ``signatures``' order, that earliest key."""
        ...
