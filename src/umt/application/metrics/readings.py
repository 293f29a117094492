"""From a platform's readings to umt's samples: which subject each reading is about, and
what is skipped (logged, never fatal)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.shared.metrics import MONEY_METRICS, SubjectKind
from umt.ports.metric_sink import MetricSample
from umt.ports.metric_source import MetricReading
from umt.ports.remote_objects import RemoteObject

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Mapped:
    samples: list[MetricSample]
    skipped: int


def to_samples(
    account: ChannelAccount,
    readings: Sequence[MetricReading],
    objects: Mapping[str, RemoteObject],
) -> Mapped:
    """The samples of ``readings`` on ``account``: each reading's remote id is looked up among
    the objects umt made there (``objects``, by remote id); a reading of the account itself
    (its external id, as a ``channel_account`` subject) is the account's. Skipped, each with
    one log line: a raw name with no normalized metric, a remote id umt did not make, a money
    metric without a currency."""
    samples: list[MetricSample] = []
    skipped = 0
    platform = account.platform.value
    for reading in readings:
        subject = _subject_of(account, reading, objects)
        reason = None
        if reading.metric is None:
            reason = "no normalized metric for this raw name"
        elif subject is None:
            reason = "not an object umt made on this account"
        elif reading.metric in MONEY_METRICS and not (reading.currency or account.currency):
            reason = "a money metric without a currency"
        if reason is not None or reading.metric is None or subject is None:
            skipped += 1
            log.info(
                "metric reading skipped: %s",
                reason,
                extra={
                    "platform": platform,
                    "channel_account_id": str(account.id),
                    "raw_name": reading.raw_name,
                    "subject_remote_id": reading.subject_remote_id,
                },
            )
            continue
        kind, subject_id = subject
        samples.append(
            MetricSample(
                organization_id=account.organization_id,
                brand_id=account.brand_id,
                subject_kind=kind,
                subject_id=subject_id,
                channel=account.channel,
                metric=reading.metric,
                value=reading.value,
                observed_at=reading.observed_at,
                source=platform,
                raw_name=reading.raw_name,
                currency=(reading.currency or account.currency)
                if reading.metric in MONEY_METRICS
                else None,
            )
        )
    return Mapped(samples=samples, skipped=skipped)


def _subject_of(
    account: ChannelAccount, reading: MetricReading, objects: Mapping[str, RemoteObject]
) -> tuple[SubjectKind, UUID] | None:
    if (
        reading.subject_kind is SubjectKind.CHANNEL_ACCOUNT
        and reading.subject_remote_id == account.external_id
    ):
        return SubjectKind.CHANNEL_ACCOUNT, account.id
    remote = objects.get(reading.subject_remote_id)
    if remote is None:
        return None
    return remote.subject_kind, remote.subject_id
