"""The adapter's contract: one draft per call with its provenance, the same draft for the same
request in this process and in another one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.unit.adapters.offline.support import DIRECTIONS, TYPE_CHANNELS, everything, request

from umt.adapters.offline import COMPOSER_VERSION, OfflineContentGenerator, compose
from umt.adapters.offline.generator import CHARS_PER_TOKEN, draft_text
from umt.domain.content.draft import ContentType
from umt.ports.content_generator import ContentGenerator, GenerationRequest

ROOT = Path(__file__).resolve().parents[4]


async def test_a_draft_carries_its_provenance() -> None:
    generator: ContentGenerator = OfflineContentGenerator()
    req = request(seed=42)
    out = await generator.generate(req)
    assert generator.name == "offline"
    assert (out.adapter, out.model, out.prompt_version) == (
        "offline",
        "offline-composer",
        COMPOSER_VERSION,
    )
    assert out.seed == 42
    assert not out.cached
    assert out.latency_ms >= 0
    assert out.draft.content_type is ContentType.SOCIAL_POST
    assert out.draft.channel is req.channel


async def test_token_usage_is_estimated_at_four_characters_a_token() -> None:
    out = await OfflineContentGenerator().generate(request(key_points=()))
    output_chars = len(draft_text(out.draft))
    assert out.usage.output_tokens == -(-output_chars // CHARS_PER_TOKEN)
    # the input covers at least the brand, the topic and the persona's details
    assert out.usage.input_tokens * CHARS_PER_TOKEN >= len("Acme Health appointment reminders")
    longer = await OfflineContentGenerator().generate(request(key_points=("x" * 400,)))
    # 400 more characters (and a line break) is a hundred tokens more, give or take rounding
    assert longer.usage.input_tokens - out.usage.input_tokens in {100, 101}


@pytest.mark.parametrize("content_type", list(ContentType))
def test_the_same_request_gives_the_same_draft(content_type: ContentType) -> None:
    channel = TYPE_CHANNELS[content_type][0]
    for direction in DIRECTIONS:
        req = request(content_type=content_type, channel=channel, direction=direction, seed=3)
        assert compose(req) == compose(req)


def test_another_seed_gives_another_draft() -> None:
    drafts = {everything(compose(request(seed=seed))) for seed in range(8)}
    assert len(drafts) >= 6


def _fingerprint(requests: list[GenerationRequest]) -> list[str]:
    return [everything(compose(r)) for r in requests]


def test_the_same_request_gives_the_same_draft_in_another_process() -> None:
    script = (
        "import json\n"
        "from tests.unit.adapters.offline.support import DIRECTIONS, TYPE_CHANNELS, request\n"
        "from tests.unit.adapters.offline.test_generator import _fingerprint\n"
        "reqs = [request(content_type=t, channel=c[0], direction=d, seed=11)\n"
        "        for t, c in TYPE_CHANNELS.items() for d in DIRECTIONS]\n"
        "print(json.dumps(_fingerprint(reqs)))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    here = _fingerprint(
        [
            request(content_type=t, channel=c[0], direction=d, seed=11)
            for t, c in TYPE_CHANNELS.items()
            for d in DIRECTIONS
        ]
    )
    assert json.loads(done.stdout) == here


@pytest.mark.parametrize(("asked", "written"), [("en", "en"), ("en-GB", "en-GB"), ("fr", "en")])
def test_the_draft_records_the_language_it_is_written_in(asked: str, written: str) -> None:
    # the banks are English: a French request gets English copy, labelled as such
    assert compose(request(locale=asked)).locale == written
