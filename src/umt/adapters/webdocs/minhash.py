"""Near-duplicate texts by MinHash over word shingles, with datasketch's MinHash and LSH
index (numpy underneath), so finding the copies among n documents is not n² comparisons."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

from umt.ports.text_signatures import TextSignatures

K = TypeVar("K")
PERMUTATIONS = 64  # 64 x 4 bytes per signature; an estimate within about 0.06 of the truth
SHINGLE = 3  # words per shingle
SCHEME = "affine32"  # 32-bit hash values: four bytes each in the stored signature
_WORD = re.compile(r"\w+")
_SEED = 1


class DatasketchTextSignatures(TextSignatures):
    def signature(self, text: str) -> bytes:
        from datasketch import MinHash  # a crawl's library: not loaded by the API process

        words = _WORD.findall(text.lower())
        shingles = {
            " ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))
        }
        digest: Any = MinHash(num_perm=PERMUTATIONS, seed=_SEED, scheme=SCHEME)
        digest.update_batch([s.encode() for s in shingles])
        return bytes(digest.hashvalues.astype("<u4").tobytes())

    def near_duplicates(self, signatures: Mapping[K, bytes], *, threshold: float) -> dict[K, K]:
        from datasketch import MinHashLSH

        index: Any = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
        keys = list(signatures)
        digests: list[Any] = []
        found: dict[K, K] = {}
        for position, key in enumerate(keys):
            raw = signatures[key]
            if len(raw) != PERMUTATIONS * 4:
                digests.append(None)  # another configuration's signature: not compared
                continue
            digest = _digest(raw)
            matches = [
                int(name)
                for name in index.query(digest)
                if digest.jaccard(digests[int(name)]) >= threshold
            ]
            if matches:
                found[key] = keys[min(matches)]
            digests.append(digest)
            index.insert(str(position), digest)
        return found


def _digest(raw: bytes) -> Any:
    import numpy as np
    from datasketch import LeanMinHash

    values = np.frombuffer(raw, dtype="<u4").astype(np.uint64)
    return LeanMinHash(seed=_SEED, hashvalues=values, scheme=SCHEME)
