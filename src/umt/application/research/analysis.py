"""A crawl's last stage: the pages read become documents (keyphrases, near-duplicates), and
the brand's topic clusters are recomputed over all of its documents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from uuid import UUID

from umt.application.research.config import ResearchTools
from umt.application.research.pages import PageRead
from umt.application.research.sources import Scope
from umt.domain.research.document import ResearchDocument
from umt.domain.research.keyphrases import ranked
from umt.domain.research.topics import cluster_labels, clustering_order


def documents_of(
    read: Sequence[PageRead],
    stored: Mapping[str, ResearchDocument],
    every: Sequence[ResearchDocument],
    tools: ResearchTools,
    *,
    scope: Scope,
    now: datetime,
) -> list[ResearchDocument]:
    """The documents of the pages read: keyphrases ranked over the pages read together,
    each marked as a near-duplicate of the earliest document (stored or read before it)
    whose text it nearly copies."""
    phrases = ranked([page.candidates for page in read], top=tools.config.keyphrases)
    documents: list[ResearchDocument] = []
    for page, keyphrases in zip(read, phrases, strict=True):
        before = stored.get(page.listed.url)
        documents.append(
            ResearchDocument(
                id=before.id if before is not None else scope.ids.new_id(),
                organization_id=scope.organization_id,
                brand_id=scope.brand_id,
                competitor_id=page.listed.competitor_id,
                url=page.listed.url,
                source_url=page.listed.source_url,
                title=page.title,
                published_at=page.published_at,
                text_hash=page.text_hash,
                word_count=page.word_count,
                keyphrases=keyphrases,
                signature=page.signature,
                fetched_at=page.fetched_at,
                created_at=before.created_at if before is not None else now,
                updated_at=now,
                cluster=before.cluster if before is not None else None,
                etag=page.validators.etag,
                last_modified=page.validators.last_modified,
            )
        )
    return _mark_copies(documents, every, tools)


def _mark_copies(
    documents: list[ResearchDocument], every: Sequence[ResearchDocument], tools: ResearchTools
) -> list[ResearchDocument]:
    fresh = {d.url for d in documents}
    earlier = sorted((d for d in every if d.url not in fresh), key=lambda d: (d.created_at, d.url))
    signatures = {d.url: d.signature for d in earlier}
    # the pages read now, oldest first: of two copies, the one published first is the original
    signatures.update({d.url: d.signature for d in sorted(documents, key=_age)})
    copies = tools.signatures.near_duplicates(
        signatures, threshold=tools.config.near_duplicate_threshold
    )
    marked = []
    for document in documents:
        document.near_duplicate_of = copies.get(document.url)
        marked.append(document)
    return marked


def _age(document: ResearchDocument) -> tuple[datetime, str]:
    return (document.dated_at, document.url)


def recluster(
    every: Sequence[ResearchDocument], changed: Sequence[ResearchDocument]
) -> list[tuple[UUID, str | None]]:
    """(document id, cluster label) for every document whose label is new or changed."""
    documents = {d.url: d for d in every}
    documents.update({d.url: d for d in changed})
    ordered = clustering_order(documents.values())
    labels = cluster_labels([(d.id, d.keyphrases) for d in ordered])
    fresh = {c.url for c in changed}
    updates: list[tuple[UUID, str | None]] = []
    for document in ordered:
        label = labels.get(document.id)
        if label != document.cluster or document.url in fresh:
            document.cluster = label
            updates.append((document.id, label))
    return updates
