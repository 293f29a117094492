"""Topic clusters of competitor documents, and the topic gaps of a brand's own content.

Clusters: each document is a weighted bag of its keyphrases (the first weighs most) and of
their words; documents are taken in a fixed order (oldest first, then by URL) and each joins
the cluster whose centroid it is most similar to (cosine) if that similarity reaches the
threshold, else starts one. A cluster is labelled by its heaviest phrase of two words or
more (else its heaviest phrase). The same documents always give the same clusters.

Gaps: a cluster is a gap when the brand's own content does not cover it, that is when none
of its label's and few of its top phrases' stemmed forms appear among the own content's
candidate phrases. Gaps rank by coverage and recency: the number of competitors writing on
the topic times the sum of each document's recency weight (halved every ``half_life_days``),
and each names its most recent competitor URLs. Near-duplicates count once.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from umt.domain.research.document import ResearchDocument
from umt.domain.research.keyphrases import candidates, phrase_key

K = TypeVar("K")
CLUSTER_THRESHOLD = 0.3
WORD_WEIGHT = 0.5  # a phrase's words count half as much as the phrase
TOP_PHRASES = 5  # a cluster's phrases compared with the brand's own content
COVERED_SHARE = 0.5  # own content holding this share of them covers the topic


def _vector(keyphrases: Sequence[str]) -> dict[str, float]:
    vector: dict[str, float] = defaultdict(float)
    for rank, phrase in enumerate(keyphrases):
        key = phrase_key(phrase)
        if not key:
            continue
        weight = 1.0 / (1 + rank)
        vector["p:" + key] += weight
        for word in key.split(" "):
            vector["w:" + word] += weight * WORD_WEIGHT
    return vector


def _cosine(a: Mapping[str, float], b: Mapping[str, float], b_norm: float) -> float:
    if len(a) > len(b):
        dot = sum(value * a.get(term, 0.0) for term, value in b.items())
    else:
        dot = sum(value * b.get(term, 0.0) for term, value in a.items())
    a_norm = math.sqrt(sum(v * v for v in a.values()))
    return dot / (a_norm * b_norm) if a_norm and b_norm else 0.0


@dataclass(slots=True)
class _Cluster:
    centroid: dict[str, float]
    spelling: dict[str, str]
    members: list[int]  # positions in the documents given
    norm_squared: float = 0.0  # kept as terms are added, so a comparison costs no pass

    def norm(self) -> float:
        return math.sqrt(self.norm_squared)

    def add(self, vector: Mapping[str, float]) -> None:
        for term, weight in vector.items():
            before = self.centroid.get(term, 0.0)
            self.centroid[term] = before + weight
            self.norm_squared += (before + weight) ** 2 - before * before

    def label(self) -> str:
        phrases = sorted(
            ((-weight, term[2:]) for term, weight in self.centroid.items() if term[:2] == "p:"),
        )
        for _, key in phrases:
            if " " in key:
                return self.spelling[key]
        return self.spelling[phrases[0][1]] if phrases else ""


def cluster_labels(
    documents: Sequence[tuple[K, Sequence[str]]], *, threshold: float = CLUSTER_THRESHOLD
) -> dict[K, str]:
    """Each document's cluster label, for documents given as (key, keyphrases) in the order
    they are to be taken (see the module doc)."""
    clusters: list[_Cluster] = []
    for position, (_, phrases) in enumerate(documents):
        vector = _vector(phrases)
        if not vector:
            continue
        best, best_score = None, 0.0
        for each in clusters:
            score = _cosine(vector, each.centroid, each.norm())
            if score > best_score:
                best, best_score = each, score
        if best is None or best_score < threshold:
            best = _Cluster({}, {}, [])
            clusters.append(best)
        best.add(vector)
        for phrase in phrases:
            best.spelling.setdefault(phrase_key(phrase), phrase)
        best.members.append(position)
    labels: dict[K, str] = {}
    for each in clusters:
        label = each.label()
        for member in each.members:
            labels[documents[member][0]] = label
    return labels


def clustering_order(documents: Iterable[ResearchDocument]) -> list[ResearchDocument]:
    """The fixed order documents are clustered in: oldest first, then by URL."""
    return sorted(documents, key=lambda d: (d.dated_at, d.url))


@dataclass(frozen=True, slots=True)
class GapExample:
    url: str
    title: str
    competitor_id: UUID
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class TopicGap:
    """A topic competitors write about and the brand's own content does not."""

    topic: str
    keyphrases: tuple[str, ...]
    competitors: int
    documents: int
    latest_at: datetime
    score: float
    examples: tuple[GapExample, ...]


def own_phrases(texts: Iterable[str]) -> set[str]:
    """The stemmed candidate phrases of the brand's own content."""
    found: set[str] = set()
    for text in texts:
        found.update(candidates(text).counts.keys())
    return found


def topic_gaps(
    documents: Iterable[ResearchDocument],
    own: set[str],
    *,
    now: datetime,
    half_life_days: float = 30.0,
    limit: int = 20,
    examples: int = 3,
) -> list[TopicGap]:
    """The gaps, best first (see the module doc); ``own`` is ``own_phrases`` of the
    brand's content."""
    by_topic: dict[str, list[ResearchDocument]] = defaultdict(list)
    for document in documents:
        if document.cluster and document.near_duplicate_of is None:
            by_topic[document.cluster].append(document)
    gaps: list[TopicGap] = []
    for topic, members in by_topic.items():
        phrases = _top_phrases(members)
        if _covered(topic, phrases, own):
            continue
        recency = sum(
            0.5 ** (max(0.0, (now - d.dated_at).total_seconds()) / 86_400 / half_life_days)
            for d in members
        )
        competitors = len({d.competitor_id for d in members})
        recent = sorted(members, key=lambda d: (d.dated_at, d.url), reverse=True)
        gaps.append(
            TopicGap(
                topic=topic,
                keyphrases=phrases,
                competitors=competitors,
                documents=len(members),
                latest_at=recent[0].dated_at,
                score=round(competitors * recency, 6),
                examples=tuple(
                    GapExample(
                        url=d.url,
                        title=d.title,
                        competitor_id=d.competitor_id,
                        published_at=d.published_at,
                    )
                    for d in recent[:examples]
                ),
            )
        )
    gaps.sort(key=lambda g: (-g.score, g.topic))
    return gaps[:limit]


def _top_phrases(members: Sequence[ResearchDocument]) -> tuple[str, ...]:
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for document in members:
        for phrase in document.keyphrases:
            key = phrase_key(phrase)
            counts[key] += 1
            spelling.setdefault(key, phrase)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(spelling[key] for key, _ in ranked[:TOP_PHRASES])


def _covered(topic: str, phrases: Sequence[str], own: set[str]) -> bool:
    if phrase_key(topic) in own:
        return True
    keys = [phrase_key(p) for p in phrases]
    held = sum(1 for key in keys if key in own)
    return bool(keys) and held / len(keys) >= COVERED_SHARE
