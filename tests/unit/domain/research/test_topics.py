"""Keyphrases by TF-IDF, topic clusters and topic gaps, checked on small hand-made corpora."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from hypothesis import given
from hypothesis import strategies as st

from umt.domain.research.document import ResearchDocument
from umt.domain.research.keyphrases import keyphrases, phrase_key, stem
from umt.domain.research.topics import cluster_labels, own_phrases, topic_gaps

NOW = datetime(2026, 12, 7, tzinfo=UTC)
A, B, C = uuid4(), uuid4(), uuid4()

DELIVERABILITY = (
    "Email deliverability is hard. Improve email deliverability with warmed domains and "
    "clean email lists. Email deliverability audits catch spam traps early."
)
OUTREACH = (
    "Cold outreach sequences need follow-ups. Write cold outreach emails that get replies, "
    "and keep cold outreach sequences short."
)
PRICING = "Pricing pages convert when pricing tiers are clear. Test pricing page layouts."


def test_stems_join_the_plural_and_the_singular() -> None:
    assert stem("campaigns") == "campaign"
    assert stem("stories") == "story"
    assert stem("business") == "business"
    assert phrase_key("Email Campaigns") == phrase_key("email campaign")


def test_keyphrases_prefer_the_distinctive_multiword_phrase() -> None:
    found = keyphrases([DELIVERABILITY, OUTREACH, PRICING], top=3)
    assert found[0][0] == "email deliverability"
    assert found[1][0] == "cold outreach sequences"
    assert found[2][0] == "pricing pages"
    assert all(len(each) <= 3 for each in found)
    # no stop words and no phrase whose words all belong to a better one
    assert "is" not in " ".join(found[0]).split()
    assert "email" not in found[0]


@given(st.text(max_size=300))
def test_keyphrases_never_fail_and_are_made_of_words(text: str) -> None:
    (found,) = keyphrases([text], top=5)
    assert len(found) <= 5
    assert all(phrase.strip() and len(phrase.split()) <= 3 for phrase in found)


def doc(url: str, competitor: UUID, phrases: tuple[str, ...], **kw: Any) -> ResearchDocument:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "organization_id": uuid4(),
        "brand_id": uuid4(),
        "competitor_id": competitor,
        "url": url,
        "source_url": "https://x.example/feed",
        "title": url.rsplit("/", 1)[-1],
        "published_at": NOW - timedelta(days=1),
        "text_hash": "0" * 64,
        "word_count": 300,
        "keyphrases": phrases,
        "signature": b"",
        "fetched_at": NOW,
        "created_at": NOW,
        "updated_at": NOW,
    }
    fields.update(kw)
    return ResearchDocument(**fields)


def test_documents_on_one_topic_share_a_cluster_and_its_label() -> None:
    labels = cluster_labels(
        [
            ("a", ("email deliverability", "warm domains", "spam traps")),
            ("b", ("pricing pages", "pricing tiers")),
            ("c", ("email deliverability", "spam traps", "sender reputation")),
            ("d", ("pricing page layouts", "pricing pages")),
        ]
    )
    assert labels["a"] == labels["c"] == "email deliverability"
    assert labels["b"] == labels["d"] == "pricing pages"
    assert cluster_labels([("e", ())]) == {}


def test_gaps_are_the_uncovered_topics_ranked_by_coverage_and_recency() -> None:
    docs = [
        doc(
            "https://a.example/out1",
            A,
            ("cold outreach", "follow-ups"),
            published_at=NOW - timedelta(days=3),
        ),
        doc(
            "https://b.example/out2",
            B,
            ("cold outreach", "reply rates"),
            published_at=NOW - timedelta(days=1),
        ),
        doc(
            "https://c.example/price",
            C,
            ("pricing pages", "pricing tiers"),
            published_at=NOW - timedelta(days=1),
        ),
        doc(
            "https://a.example/old-price",
            A,
            ("pricing pages",),
            published_at=NOW - timedelta(days=300),
        ),
        doc("https://a.example/deliv", A, ("email deliverability", "spam traps")),
        doc(
            "https://b.example/copy",
            B,
            ("cold outreach",),
            near_duplicate_of="https://b.example/out2",
        ),
    ]
    labels = cluster_labels([(d.url, d.keyphrases) for d in docs])
    for d in docs:
        d.cluster = labels[d.url]
    own = own_phrases(["Our guide to email deliverability and spam traps."])
    gaps = topic_gaps(docs, own, now=NOW, examples=2)
    assert [g.topic for g in gaps] == ["cold outreach", "pricing pages"]
    outreach, pricing = gaps
    assert (outreach.competitors, outreach.documents) == (2, 2)  # the copy counts once
    assert [e.url for e in outreach.examples] == [
        "https://b.example/out2",
        "https://a.example/out1",
    ]
    assert outreach.latest_at == NOW - timedelta(days=1)
    assert (pricing.competitors, pricing.documents) == (2, 2)
    assert outreach.score > pricing.score  # the same reach, but the pricing posts are older
    assert topic_gaps(docs, own, now=NOW, limit=1) == gaps[:1]


def test_a_topic_the_brand_covers_is_no_gap() -> None:
    docs = [
        doc("https://a.example/x", A, ("pricing pages", "pricing tiers"), cluster="pricing pages")
    ]
    assert topic_gaps(docs, own_phrases(["Pricing pages that convert"]), now=NOW) == []
    assert [g.topic for g in topic_gaps(docs, own_phrases(["Nothing alike"]), now=NOW)] == [
        "pricing pages"
    ]
