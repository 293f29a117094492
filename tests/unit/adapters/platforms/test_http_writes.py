"""PlatformHttp tells a write that may have taken effect (OutcomeUnknown) from a failure that
left nothing behind (PlatformUnavailable), against a loopback server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from litestar import Litestar, Request, Response, get, post
from tests.support.loopback_server import new_client, serve_asgi
from tests.unit.adapters.platforms.response_loss import (
    ResponseLoss,
    impatient_client,
    refused_url,
)

from umt.adapters.platforms.http import PlatformHttp
from umt.domain.integration.errors import (
    OutcomeUnknown,
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
)

EFFECTS: list[str] = []


@post("/things", status_code=201)
async def create() -> dict[str, Any]:
    EFFECTS.append("created")
    return {"id": len(EFFECTS)}


@get("/status/{code:int}")
async def status(request: Request[Any, Any, Any]) -> Response[Any]:
    return Response({"error": "x"}, status_code=request.path_params["code"])


@post("/status/{code:int}")
async def status_write(request: Request[Any, Any, Any]) -> Response[Any]:
    return Response({"error": "x"}, status_code=request.path_params["code"])


LOSS = ResponseLoss(Litestar([create, status, status_write]))


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_asgi(LOSS) as url:
        yield url


def none(response: httpx.Response, body: dict[str, Any]) -> PlatformError | None:
    return None


def http(client: httpx.AsyncClient | None = None) -> PlatformHttp:
    return PlatformHttp(platform="demo", client=client or new_client(), classify=none)


@pytest.mark.parametrize("mode", ["drop", "504"])
async def test_a_write_whose_answer_is_lost_is_an_unknown_outcome(server: str, mode: str) -> None:
    before = len(EFFECTS)
    LOSS.arm("POST", "/things", mode)  # type: ignore[arg-type]  # a Mode literal
    with pytest.raises(OutcomeUnknown):
        await http().send("POST", f"{server}/things", write=True)
    assert len(EFFECTS) == before + 1  # the effect exists


async def test_a_read_whose_answer_is_lost_is_only_unavailable(server: str) -> None:
    LOSS.arm("POST", "/things", "drop")
    with pytest.raises(PlatformUnavailable) as failed:
        await http().send("POST", f"{server}/things")
    assert not isinstance(failed.value, OutcomeUnknown)


async def test_a_write_timing_out_after_sending_is_an_unknown_outcome(server: str) -> None:
    LOSS.arm("POST", "/things", "slow")
    with pytest.raises(OutcomeUnknown):
        await http(impatient_client()).send("POST", f"{server}/things", write=True)


async def test_a_refused_connection_is_unavailable_even_for_a_write() -> None:
    with pytest.raises(PlatformUnavailable) as failed:
        await http().send("POST", f"{refused_url()}/things", write=True)
    assert not isinstance(failed.value, OutcomeUnknown)


@pytest.mark.parametrize("code", [500, 502, 503, 504])
async def test_a_5xx_to_a_write_is_unknown_and_to_a_read_unavailable(
    server: str, code: int
) -> None:
    with pytest.raises(OutcomeUnknown) as unknown:
        await http().send("POST", f"{server}/status/{code}", write=True)
    assert unknown.value.status == code
    with pytest.raises(PlatformUnavailable) as unavailable:
        await http().send("GET", f"{server}/status/{code}")
    assert not isinstance(unavailable.value, OutcomeUnknown)


async def test_a_4xx_to_a_write_keeps_its_classification(server: str) -> None:
    with pytest.raises(PlatformRejected) as refused:
        await http().send("POST", f"{server}/status/400", write=True)
    assert not isinstance(refused.value, PlatformUnavailable)
    assert refused.value.status == 400
