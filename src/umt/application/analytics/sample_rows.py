"""Rows of an ingested batch (a JSON object each, or a CSV line) to metric samples: every field
of every row checked, and the whole batch refused with every bad row listed.

A row: ``subject_kind``, ``subject_id`` (umt's id), ``channel``, ``metric`` (a normalized
metric), ``value`` (the cumulative total as reported: a number or a decimal string, zero or
more), ``observed_at`` (ISO 8601 with a zone), optionally ``raw_name`` (the platform's own
name; default the metric) and ``currency`` (ISO 4217; required for ``spend`` and
``conversion_value``, and only for them). Values may also come typed (a ``UUID``, a
``datetime``, a ``Decimal``), as the library passes them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any, TypeVar
from uuid import UUID

from umt.domain.analytics.errors import InvalidSamples
from umt.domain.brand.channels import Channel
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.metrics import MONEY_METRICS, Metric, SubjectKind
from umt.domain.shared.money import currency_code
from umt.ports.metric_sink import VALUE_QUANTUM, MetricSample

FIELDS = frozenset(
    {
        "subject_kind",
        "subject_id",
        "channel",
        "metric",
        "value",
        "observed_at",
        "raw_name",
        "currency",
    }
)
REQUIRED = ("subject_kind", "subject_id", "channel", "metric", "value", "observed_at")
MAX_VALUE = Decimal(10) ** 18  # NUMERIC(24, 6) holds 18 digits before the point
MAX_RAW_NAME = 200
_SOURCE = re.compile(r"^[a-z0-9][a-z0-9_.:-]{0,39}$")
E = TypeVar("E")
_KINDS = {kind.value: kind for kind in SubjectKind}
_CHANNELS = {channel.value: channel for channel in Channel}
_METRICS = {metric.value: metric for metric in Metric}
_MONEY_NAMES = frozenset(metric.value for metric in MONEY_METRICS)


@dataclass(frozen=True, slots=True)
class UnreadableRow:
    """A row that could not be read as one (a CSV line with the wrong number of cells)."""

    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RowRules:
    """What every row of one batch shares, and the times a sample may have been observed."""

    organization_id: UUID
    brand_id: UUID
    source: str
    earliest: datetime | None  # None: no retention bound
    latest: datetime


def require_source(source: str) -> str:
    if not isinstance(source, str) or not _SOURCE.match(source):
        raise InvalidValue(
            "source is 1 to 40 characters: lower-case letters, digits and _ . : -",
            field="source",
        )
    return source


def parse_rows(
    rows: Sequence[Any], rules: RowRules, *, label: Callable[[int], str]
) -> list[MetricSample]:
    """Every row as a sample, or ``InvalidSamples`` listing each problem of each bad row as
    ``<label(i)>.<field>``."""
    samples: list[MetricSample] = []
    errors: list[tuple[str, str]] = []
    well_formed = quick_reader(rules)
    for index, row in enumerate(rows):
        sample = well_formed(row)
        if sample is not None:
            samples.append(sample)
            continue
        problems: list[tuple[str, str]] = []
        sample = _sample(row, rules, problems)
        if sample is None:
            place = label(index)
            errors.extend(
                (f"{place}.{field}" if field else place, message) for field, message in problems
            )
        else:
            samples.append(sample)
    if errors:
        bad = len({field.split(".")[0] for field, _ in errors})
        raise InvalidSamples(
            f"{bad} of {len(rows)} rows are invalid; none was stored",
            field=errors[0][0],
            errors=tuple(errors),
        )
    return samples


class CheckedRows:
    """The samples of a batch's rows, each checked as it is read (``parse_rows``, lazily), so
    that a sink can store the first rows while the later ones are checked (a bulk load on
    PostgreSQL streams its COPY). At the first bad row, reading raises ``InvalidSamples``
    listing every problem of every row, as ``parse_rows`` does: the caller's transaction then
    rolls back whatever was streamed. The values are rounded as every store keeps them
    (``values_rounded``: a sink need not round them again). Each reading checks the rows
    afresh (a sink may read the batch again: PostgreSQL does when a key is stored already);
    once read, ``late`` is how many samples were observed before ``late_before``."""

    values_rounded = True  # rounded as they are checked

    def __init__(
        self,
        rows: Sequence[Any],
        rules: RowRules,
        *,
        label: Callable[[int], str],
        late_before: datetime,
    ) -> None:
        self._rows = rows
        self._rules = rules
        self._label = label
        self._late_before = late_before
        self.late = 0

    def __iter__(self) -> Iterator[MetricSample]:
        well_formed = quick_reader(self._rules)
        late_before = self._late_before
        self.late = 0
        for row in self._rows:
            sample = well_formed(row)
            if sample is None:
                sample = _sample(row, self._rules, [])
                if sample is None:
                    parse_rows(self._rows, self._rules, label=self._label)  # names every bad row
                    raise AssertionError("a bad row that parse_rows accepts")  # pragma: no cover
            if sample[3] < late_before:  # observed_at
                self.late += 1
            yield sample


def quick_reader(rules: RowRules) -> Callable[[Any], MetricSample | None]:
    """The check of a row as most rows are (every rule met), for the rows of one batch: the
    row's sample, found without naming what is wrong, or None when anything is off or unusual
    (``_sample`` then says what: a float value, a currency in lower case, ... take that path
    too, to the same result).

    It runs for every row of every batch, so it is written for speed: plain dict and set
    lookups on the row's strings (an enum's own hash is a Python call), the batch's constants
    bound here, each distinct ``observed_at`` of the batch checked once (a batch's rows share
    a few reading times), the value rounded with the mode passed positionally (a keyword
    costs as much again), and the sample made positionally."""
    fields, kinds, channels, metrics = FIELDS, _KINDS, _CHANNELS, _METRICS
    money, max_value, max_raw_name = _MONEY_NAMES, MAX_VALUE, MAX_RAW_NAME
    quantum, half_even = VALUE_QUANTUM, ROUND_HALF_EVEN
    head = (rules.source, rules.organization_id, rules.brand_id)
    moments: dict[Any, datetime] = {}  # an observed_at as given: its accepted UTC moment
    make = tuple.__new__

    def well_formed(row: Any) -> MetricSample | None:
        try:
            if not row.keys() <= fields:
                return None
            kind = kinds[row["subject_kind"]]
            channel = channels[row["channel"]]
            metric_name = row["metric"]
            metric = metrics[metric_name]
            subject = row["subject_id"]
            subject_id = subject if type(subject) is UUID else UUID(subject)
            value = row["value"]
            if type(value) is Decimal:
                number = value
            elif type(value) is int or type(value) is str:
                number = Decimal(value)
            else:
                return None
            at = row["observed_at"]
            moment = moments.get(at)
            if moment is None:
                moment = _quick_moment(at, rules)
                if moment is None:
                    return None
                moments[at] = moment
            raw_name = row.get("raw_name") or metric_name
            currency = row.get("currency") or None
            if currency is not None and currency_code(currency) != currency:
                return None
            # rounded before the bound is checked; rounding an infinity or a number of more
            # than 28 digits raises, and a NaN raises when compared (all caught)
            number = number.quantize(quantum, half_even)
            if (
                not 0 <= number < max_value
                or type(raw_name) is not str
                or len(raw_name) > max_raw_name
                or (metric_name in money) != (currency is not None)
            ):
                return None
        except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError, InvalidValue):
            return None
        source, organization_id, brand_id = head
        return make(  # MetricSample made positionally: the fastest way
            MetricSample,
            (
                subject_id,
                kind,
                metric,
                moment,
                source,
                organization_id,
                brand_id,
                channel,
                number,
                raw_name,
                currency,
            ),
        )

    return well_formed


def _quick_moment(at: Any, rules: RowRules) -> datetime | None:
    """``observed_at`` as a UTC moment the rules accept, or None (or an exception)."""
    moment = at if type(at) is datetime else datetime.fromisoformat(at)
    if moment.tzinfo is not UTC:
        if moment.tzinfo is None:
            return None
        moment = moment.astimezone(UTC)
    if moment > rules.latest or (rules.earliest is not None and moment < rules.earliest):
        return None
    return moment


def _sample(row: Any, rules: RowRules, problems: list[tuple[str, str]]) -> MetricSample | None:
    if isinstance(row, UnreadableRow):
        problems.append(("", row.message))
        return None
    if not isinstance(row, Mapping):
        problems.append(("", "a row is an object"))
        return None
    unknown = sorted(str(name) for name in row if name not in FIELDS)
    problems.extend((name, "is not a field of a sample") for name in unknown)
    problems.extend((name, "is required") for name in REQUIRED if row.get(name) in (None, ""))
    if problems:
        return None
    kind = _member(_KINDS, row["subject_kind"], "subject_kind", problems)
    channel = _member(_CHANNELS, row["channel"], "channel", problems)
    metric = _member(_METRICS, row["metric"], "metric", problems)
    subject_id = _uuid(row["subject_id"], problems)
    value = _value(row["value"], problems)
    observed_at = _time(row["observed_at"], rules, problems)
    raw_name = _raw_name(row.get("raw_name"), metric, problems)
    currency = _currency(row.get("currency"), metric, problems)
    if (
        problems
        or kind is None
        or channel is None
        or metric is None
        or subject_id is None
        or value is None
        or observed_at is None
        or raw_name is None
    ):
        return None
    return MetricSample(
        organization_id=rules.organization_id,
        brand_id=rules.brand_id,
        subject_kind=kind,
        subject_id=subject_id,
        channel=channel,
        metric=metric,
        value=value,
        observed_at=observed_at,
        source=rules.source,
        raw_name=raw_name,
        currency=currency,
    )


def _member(
    members: dict[str, E], value: Any, field: str, problems: list[tuple[str, str]]
) -> E | None:
    found = members.get(value) if isinstance(value, str) else None
    if found is None:
        problems.append((field, f"is one of {', '.join(members)}"))
    return found


def _uuid(value: Any, problems: list[tuple[str, str]]) -> UUID | None:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        problems.append(("subject_id", "is a UUID"))
        return None


def _value(value: Any, problems: list[tuple[str, str]]) -> Decimal | None:
    number: Decimal | None = None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, float) and math.isfinite(value):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite():
        problems.append(("value", "is a finite number"))
        return None
    # below the bound once rounded as the stores keep it (999...9.9999995 would round up to it)
    if number < 0 or number >= MAX_VALUE or _rounded(number) >= MAX_VALUE:
        problems.append(("value", "is a cumulative total: zero or more, below 10^18"))
        return None
    return _rounded(number)


def _rounded(number: Decimal) -> Decimal:
    return number.quantize(VALUE_QUANTUM, ROUND_HALF_EVEN)


def _time(value: Any, rules: RowRules, problems: list[tuple[str, str]]) -> datetime | None:
    moment: datetime | None = value if isinstance(value, datetime) else None
    if moment is None and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            moment = None
    if moment is None:
        problems.append(("observed_at", "is an ISO 8601 time"))
        return None
    if moment.tzinfo is None:
        problems.append(("observed_at", "needs a time zone (e.g. Z)"))
        return None
    moment = moment.astimezone(UTC)
    if moment > rules.latest:
        problems.append(("observed_at", "is in the future"))
        return None
    if rules.earliest is not None and moment < rules.earliest:
        problems.append(("observed_at", "is older than the raw samples' retention"))
        return None
    return moment


def _raw_name(value: Any, metric: Metric | None, problems: list[tuple[str, str]]) -> str | None:
    if value in (None, ""):
        return metric.value if metric is not None else None
    if not isinstance(value, str) or len(value) > MAX_RAW_NAME:
        problems.append(("raw_name", f"is a text of at most {MAX_RAW_NAME} characters"))
        return None
    return value


def _currency(value: Any, metric: Metric | None, problems: list[tuple[str, str]]) -> str | None:
    money = metric in MONEY_METRICS
    if value in (None, ""):
        if money:
            problems.append(("currency", "is required for spend and conversion_value"))
        return None
    if not money:
        problems.append(("currency", "is only for spend and conversion_value"))
        return None
    try:
        return currency_code(value)
    except InvalidValue as exc:
        problems.append(("currency", exc.message))
        return None
