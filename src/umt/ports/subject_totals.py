"""The SubjectTotalsReader port: the latest totals of many subjects at once, read from the
daily rollups (a series' buckets add up to its latest total, so its last bucket holds it).

The strategy context asks it for the engagement and impressions of a channel account's
publications (docs/strategy.md); one call answers thousands of subjects, where the rollup
reader's ``series`` would take one query per subject.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Protocol
from uuid import UUID

from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind

MAX_SUBJECTS = 10_000  # per call: callers bound what they ask for

SubjectTotals = Mapping[UUID, Mapping[Metric, Decimal]]


class SubjectTotalsReader(Protocol):
    async def latest_totals(
        self,
        organization_id: OrganizationId,
        subject_kind: SubjectKind,
        subject_ids: Collection[UUID],
        metrics: Collection[Metric],
    ) -> SubjectTotals:
        """Per subject (of the organization) with a bucket of any of ``metrics``, the total of
        each such metric's latest bucket. Subjects without one are absent; so are metrics a
        subject has no bucket of. At most ``MAX_SUBJECTS`` ids (more: ``InvalidValue``)."""
        ...
