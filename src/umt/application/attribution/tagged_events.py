"""RecordTaggedEvents: clicks on UTM-tagged links and conversions, from the brand's site.

A click (``type: click``) names its visitor (a pseudonymous id the site chose, never an
email), its time and its UTM parameters: given as ``url`` (the landing URL, whose ``utm_``
parameters are read) and/or as ``utm_source``, ``utm_campaign``, ``utm_content`` (which win
over the URL's). ``utm_source`` is the touchpoint's channel, ``utm_campaign`` its campaign,
``utm_content`` its content: for umt's own links the channel, the project and the content
piece (``domain/attribution/utm.py``). A click without ``utm_source`` is a bad row.

A conversion (``type: conversion``, with its ``value``) closes the visitor's open clicks of
the last ``lookback_days`` up to its time into a conversion path keyed ``utm:<event_id>``.
A conversion with no such click is counted as unattributed and stores nothing.

Idempotent by ``event_id``: a click or a conversion sent again changes nothing. The batch is
all-or-nothing with every bad row listed. A click that arrives after the conversion it
preceded stays open (a journey that did not convert).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.attribution.inputs import Problems, amount, instant, text
from umt.application.services import Context
from umt.application.shared.brands import brand_summary
from umt.application.use_case import UseCase
from umt.domain.attribution.errors import PathsRejected
from umt.domain.attribution.paths import (
    MAX_CHANNEL_CHARS,
    MAX_KEY_CHARS,
    MAX_LABEL_CHARS,
    MAX_TOUCHPOINTS,
    ConversionPath,
    PathSource,
    Touchpoint,
    label,
)
from umt.domain.attribution.utm import UtmTouch, touch_of, utm_of_url
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.ports.clock import Clock
from umt.ports.tagged_clicks import TaggedClick
from umt.ports.unit_of_work import UnitOfWork

MAX_EVENTS = 1_000
MAX_LOOKBACK_DAYS = 90
PATH_PREFIX = "utm:"
_FIELDS = frozenset(
    {"event_id", "type", "visitor", "at", "url", "utm_source", "utm_campaign", "utm_content"}
    | {"utm_medium", "utm_term", "value"}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordTaggedEvents:
    use_case: ClassVar = UseCase(
        Permission.ANALYTICS_MANAGE,
        task="attribution.record_events",
        agent=Agent.CONTENT_STRATEGY,
    )
    brand_id: UUID
    events: Sequence[Mapping[str, Any]]
    lookback_days: int = 30  # how far back a conversion looks for the visitor's clicks


@dataclass(frozen=True, slots=True)
class TaggedEventsRecorded:
    clicks_stored: int
    clicks_already_stored: int
    conversions_attributed: int  # closed clicks into a path
    conversions_unattributed: int  # no click of the visitor in the lookback: nothing stored
    conversions_already_stored: int


@dataclass(frozen=True, slots=True)
class _Conversion:
    event_id: str
    visitor: str
    at: datetime
    value: Decimal


async def record_tagged_events(
    cmd: RecordTaggedEvents, ctx: Context, *, clock: Clock
) -> TaggedEventsRecorded:
    actor = ctx.actor()
    actor.require(RecordTaggedEvents.use_case.permission)
    if not 1 <= cmd.lookback_days <= MAX_LOOKBACK_DAYS:
        raise InvalidValue(f"lookback_days is 1 to {MAX_LOOKBACK_DAYS}", field="lookback_days")
    if not 1 <= len(cmd.events) <= MAX_EVENTS:
        raise InvalidValue(f"a batch has 1 to {MAX_EVENTS} events", field="events")
    lookback = timedelta(days=cmd.lookback_days)
    async with ctx.uow as uow:
        brand = await brand_summary(uow, actor, cmd.brand_id)
        clicks, conversions = _read(cmd.events, actor.organization_id, brand.id)
        org = actor.organization_id
        known = await uow.tagged_clicks.known(org, brand.id, [c.event_id for c in clicks])
        done = await uow.conversion_paths.fingerprints(
            org, brand.id, [PATH_PREFIX + c.event_id for c in conversions]
        )
        new_clicks = [c for c in clicks if c.event_id not in known]
        new_conversions = [c for c in conversions if PATH_PREFIX + c.event_id not in done]
        closer = _Closer(new_clicks, lookback)
        await closer.load(uow, org, brand.id, new_conversions)
        paths = [p for p in map(closer.close, new_conversions) if p is not None]
        await uow.tagged_clicks.add(
            [replace(c, path_key=closer.closed.get(c.event_id)) for c in new_clicks]
        )
        for path in paths:
            stored = [e for e, key in closer.closed.items() if key == path.key]
            await uow.tagged_clicks.close(org, brand.id, stored, path.key)
        await uow.conversion_paths.add(org, brand.id, paths, recorded_at=clock.now())
        await uow.commit()
    return TaggedEventsRecorded(
        clicks_stored=len(new_clicks),
        clicks_already_stored=len(clicks) - len(new_clicks),
        conversions_attributed=len(paths),
        conversions_unattributed=len(new_conversions) - len(paths),
        conversions_already_stored=len(conversions) - len(new_conversions),
    )


class _Closer:
    """Which clicks each conversion closes: the visitor's open ones (stored, or new in this
    batch) within the lookback up to the conversion, each closed once, in time order."""

    def __init__(self, new_clicks: Sequence[TaggedClick], lookback: timedelta) -> None:
        self._lookback = lookback
        self._open: dict[str, list[TaggedClick]] = {}
        for click in new_clicks:
            self._open.setdefault(click.visitor, []).append(click)
        self.closed: dict[str, str] = {}  # click event id → path key

    async def load(
        self,
        uow: UnitOfWork,
        org: OrganizationId,
        brand: BrandId,
        conversions: Sequence[_Conversion],
    ) -> None:
        if not conversions:
            return
        since = min(c.at for c in conversions) - self._lookback
        stored = await uow.tagged_clicks.open_for(
            org, brand, {c.visitor for c in conversions}, since=since
        )
        for click in stored:
            self._open.setdefault(click.visitor, []).append(click)

    def close(self, conversion: _Conversion) -> ConversionPath | None:
        start = conversion.at - self._lookback
        found = sorted(
            (
                c
                for c in self._open.get(conversion.visitor, ())
                if c.event_id not in self.closed and start <= c.at <= conversion.at
            ),
            key=lambda c: (c.at, c.event_id),
        )
        if not found:
            return None
        key = PATH_PREFIX + conversion.event_id
        for click in found:
            self.closed[click.event_id] = key
        return ConversionPath(
            key=key,
            touchpoints=tuple(
                Touchpoint(channel=c.channel, campaign=c.campaign, content=c.content, at=c.at)
                for c in found[-MAX_TOUCHPOINTS:]  # the latest ones when there are more
            ),
            converted_at=conversion.at,
            value=conversion.value,
            source=PathSource.UTM,
        )


def _read(
    events: Sequence[Mapping[str, Any]], org: OrganizationId, brand: BrandId
) -> tuple[list[TaggedClick], list[_Conversion]]:
    """The batch's clicks and conversions (time order), each event id once; every bad row
    listed in ``PathsRejected``."""
    problems = Problems()
    clicks: dict[str, TaggedClick] = {}
    conversions: dict[str, _Conversion] = {}
    for index, event in enumerate(events):
        where = f"events[{index}]"
        read = _event(event, where, problems, org, brand)
        if isinstance(read, TaggedClick):
            first: object = clicks.setdefault(read.event_id, read)
        elif isinstance(read, _Conversion):
            first = conversions.setdefault(read.event_id, read)
        else:
            continue
        if first != read:
            problems.add(f"{where}.event_id", "the event id is given twice with other values")
    if problems:
        raise PathsRejected(problems.found)
    return (
        sorted(clicks.values(), key=lambda c: (c.at, c.event_id)),
        sorted(conversions.values(), key=lambda c: (c.at, c.event_id)),
    )


def _event(
    given: Any, where: str, problems: Problems, org: OrganizationId, brand: BrandId
) -> TaggedClick | _Conversion | None:
    event = problems.fields_of(given, where, _FIELDS, "an event")
    if event is None:
        return None
    event_id = problems.attempt(
        "",
        text,
        event.get("event_id"),
        f"{where}.event_id",
        limit=MAX_KEY_CHARS - len(PATH_PREFIX),
        required=True,
    )
    visitor = problems.attempt(
        "",
        text,
        event.get("visitor"),
        f"{where}.visitor",
        limit=MAX_KEY_CHARS,
        required=True,
    )
    at = problems.attempt("", instant, event.get("at"), f"{where}.at")
    kind = event.get("type")
    if kind == "conversion":
        value = problems.attempt("", amount, event.get("value"), f"{where}.value")
        if event_id is None or visitor is None or at is None or value is None:
            return None
        return _Conversion(event_id, visitor, at, value)
    if kind != "click":
        problems.add(f"{where}.type", "type is click or conversion")
        return None
    if event.get("value") not in (None, ""):
        problems.add(f"{where}.value", "a click has no value (a conversion has)")
    touch = problems.attempt("", _touch, event, where)
    if event_id is None or visitor is None or at is None or touch is None:
        return None
    return TaggedClick(
        organization_id=org,
        brand_id=brand,
        event_id=event_id,
        visitor=visitor,
        at=at,
        channel=touch.channel,
        campaign=touch.campaign,
        content=touch.content,
    )


def _touch(event: Mapping[str, Any], where: str) -> UtmTouch:
    url = event.get("url")
    if url is not None and not isinstance(url, str):
        raise InvalidValue(f"{where}.url is text", field=f"{where}.url")
    parameters = utm_of_url(url) if url else {}
    for name in ("utm_source", "utm_campaign", "utm_content"):
        given = event.get(name)
        if given is not None:
            parameters[name] = text(given, f"{where}.{name}", limit=MAX_LABEL_CHARS)
    try:
        found = touch_of(parameters)
    except InvalidValue as exc:
        raise InvalidValue(exc.message, field=f"{where}.utm_source") from None
    return UtmTouch(
        channel=label(found.channel, f"{where}.utm_source", limit=MAX_CHANNEL_CHARS, required=True),
        campaign=label(found.campaign, f"{where}.utm_campaign"),
        content=label(found.content, f"{where}.utm_content"),
    )
