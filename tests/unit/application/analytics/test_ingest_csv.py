"""IngestSampleCsv: the header names the columns, each line is a row checked like a JSON
batch's, a bad line is named by its number, and the file's rows are stored like a batch."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from umt.adapters.memory.store import InMemoryStore
from umt.application.analytics.ingest_csv import IngestSampleCsv
from umt.application.analytics.ingest_samples import IngestReport
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.domain.analytics.errors import InvalidSamples


async def ingest(bus: MessageBus, who: Principal, brand_id: UUID, content: str) -> IngestReport:
    return await bus.ask(IngestSampleCsv(brand_id=brand_id, content=content), IngestReport, who)


async def test_a_file_is_stored_like_a_batch(
    bus: MessageBus, owner: Principal, brand_id: UUID, store: InMemoryStore
) -> None:
    post, ad = uuid4(), uuid4()
    content = (
        "\ufeffSubject_Kind,subject_id,channel,metric,value,observed_at,currency,raw_name\r\n"
        f"publication,{post},tiktok,video_views,1200,2026-03-18T10:00:00Z,,play_count\r\n"
        "\r\n"
        f'ad,{ad},meta_ads,spend,"12.50",2026-03-18T10:00:00Z,EUR,"spend, in\nEUR"\r\n'
        f"publication,{post},tiktok,video_views,1200,2026-03-18T10:00:00Z,,play_count\r\n"
    )
    report = await ingest(bus, owner, brand_id, content)
    assert (report.received, report.stored, report.duplicates) == (3, 2, 1)
    stored = {s.subject_id: s for s in store.metric_samples.values()}
    assert (stored[post].raw_name, stored[post].source, stored[post].currency) == (
        "play_count",
        "csv",
        None,
    )
    assert (str(stored[ad].value), stored[ad].currency, stored[ad].raw_name) == (
        "12.500000",
        "EUR",
        "spend, in\nEUR",
    )


async def test_bad_lines_are_named_by_their_number(
    bus: MessageBus, owner: Principal, brand_id: UUID, store: InMemoryStore
) -> None:
    post = uuid4()
    content = (
        "subject_kind,subject_id,channel,metric,value,observed_at\n"
        f"publication,{post},x,likes,3,2026-03-18T10:00:00Z\n"
        f'publication,{post},x,likes,"3\n4",2026-03-18T11:00:00Z\n'  # a value over two lines
        f"publication,{post},x,likes,5\n"
        f"publication,,x,likes,6,2026-03-18T12:00:00Z\n"
    )
    with pytest.raises(InvalidSamples) as raised:
        await ingest(bus, owner, brand_id, content)
    assert dict(raised.value.errors) == {
        "line 3.value": "is a finite number",
        "line 5": "has 5 cells, the header 6",
        "line 6.subject_id": "is required",
    }
    assert not store.metric_samples


@pytest.mark.parametrize(
    ("content", "errors"),
    [
        ("", {"header": "the file is empty: its first line names the columns"}),
        (
            "subject_kind,subject_id,channel,metric,value,when,value\n",
            {
                "header.when": "is not a column of a sample",
                "header": "names a column twice",
            },
        ),
    ],
)
async def test_a_header_that_is_not_a_samples_is_refused(
    bus: MessageBus, owner: Principal, brand_id: UUID, content: str, errors: dict[str, str]
) -> None:
    with pytest.raises(InvalidSamples) as raised:
        await ingest(bus, owner, brand_id, content)
    found = dict(raised.value.errors) or {raised.value.field: raised.value.message}
    assert {k: v for k, v in found.items() if k in errors} == errors


async def test_a_file_holds_at_most_a_batch(
    bus: MessageBus, owner: Principal, brand_id: UUID
) -> None:
    line = f"publication,{uuid4()},x,likes,3,2026-03-18T10:00:00Z\n"
    content = "subject_kind,subject_id,channel,metric,value,observed_at\n" + line * 51
    with pytest.raises(InvalidSamples, match="at most 50 samples"):
        await ingest(bus, owner, brand_id, content)
