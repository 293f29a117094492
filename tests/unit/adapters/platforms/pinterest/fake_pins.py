"""A loopback fake of Pinterest API v5 boards, Pins and Pin analytics.

It follows the documented shapes: bookmark-paged lists (``items``, ``bookmark``), ``POST
/v5/pins`` answering ``201`` with the Pin (its private ``note`` included), ``DELETE`` answering
``204``, the analytics answer ``{"all": {"daily_metrics", "summary_metrics",
"lifetime_metrics"}}``, and errors as ``{"code", "message"}`` (401 for a dead token, 429 with
``Retry-After``). Pages are small (``PAGE``) so paging is exercised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from litestar import Litestar, Request, Response, delete, get, post
from tests.unit.adapters.platforms.fake_platform import bearer_token
from tests.unit.adapters.platforms.response_loss import ResponseLoss

GOOD = "tok-pins-good"
EXPIRED = "tok-pins-expired"
BUSY = "tok-pins-busy"
PAGE = 2


def failure(status: int, code: int, message: str, **headers: str) -> Response[Any]:
    return Response({"code": code, "message": message}, status_code=status, headers=headers)


@dataclass
class FakePinterest:
    now: datetime
    boards: dict[str, str] = field(
        default_factory=lambda: {"b1": "Recipes", "b2": "Travel", "b3": "Launches"}
    )
    pins: list[dict[str, Any]] = field(default_factory=list)  # oldest first
    lifetime: dict[str, dict[str, int]] = field(default_factory=dict)
    analytics_queries: list[dict[str, str]] = field(default_factory=list)
    loss: ResponseLoss | None = None

    def app(self) -> ResponseLoss:
        fake = self

        @get("/v5/boards")
        async def list_boards(request: Request[Any, Any, Any]) -> Response[Any]:
            return await fake.list_boards(request)

        @post("/v5/pins")
        async def create_pin(request: Request[Any, Any, Any]) -> Response[Any]:
            return await fake.create_pin(request)

        @get("/v5/boards/{board_id:str}/pins")
        async def board_pins(request: Request[Any, Any, Any]) -> Response[Any]:
            board_id: str = request.path_params["board_id"]
            return await fake.board_pins(board_id, request)

        @delete("/v5/pins/{pin_id:str}", status_code=200)
        async def delete_pin(request: Request[Any, Any, Any]) -> Response[Any]:
            pin_id: str = request.path_params["pin_id"]
            return await fake.delete_pin(pin_id, request)

        @get("/v5/pins/{pin_id:str}/analytics")
        async def analytics(request: Request[Any, Any, Any]) -> Response[Any]:
            pin_id: str = request.path_params["pin_id"]
            return await fake.analytics(pin_id, request)

        routes = [list_boards, create_pin, board_pins, delete_pin, analytics]
        self.loss = ResponseLoss(Litestar(routes))
        return self.loss

    def refused(self, request: Request[Any, Any, Any]) -> Response[Any] | None:
        token = bearer_token(request.headers.get("authorization"))
        if token == EXPIRED or token is None:
            return failure(401, 2, "Authentication failed.")
        if token == BUSY:
            return failure(429, 8, "Rate limit exceeded.", **{"retry-after": "7"})
        if token != GOOD:
            return failure(401, 2, "Authentication failed.")
        return None

    def add_pin(self, board_id: str, note: str | None, *, age_minutes: int) -> dict[str, Any]:
        pin = {
            "id": str(9000 + len(self.pins)),
            "board_id": board_id,
            "created_at": (self.now - timedelta(minutes=age_minutes)).isoformat(),
            "title": "old",
            "description": "old",
            "note": note,
        }
        self.pins.append(pin)
        return pin

    @staticmethod
    def page(items: list[dict[str, Any]], request: Request[Any, Any, Any]) -> Response[Any]:
        start = int(request.query_params.get("bookmark") or 0)
        size = min(int(request.query_params.get("page_size") or 25), PAGE)
        chunk = items[start : start + size]
        more = start + size < len(items)
        return Response({"items": chunk, "bookmark": str(start + size) if more else None})

    async def list_boards(self, request: Request[Any, Any, Any]) -> Response[Any]:
        refused = self.refused(request)
        if refused is not None:
            return refused
        boards = [
            {"id": key, "name": name, "privacy": "PUBLIC", "owner": {"username": "acme"}}
            for key, name in self.boards.items()
        ]
        return self.page(boards, request)

    async def create_pin(self, request: Request[Any, Any, Any]) -> Response[Any]:
        refused = self.refused(request)
        if refused is not None:
            return refused
        body = await request.json()
        if body.get("board_id") not in self.boards:
            return failure(404, 40, "Board not found.")
        source = body.get("media_source") or {}
        if source.get("source_type") != "image_url" or not str(source.get("url", "")).startswith(
            "https://"
        ):
            return failure(400, 1, "Invalid image url.")
        if len(body.get("title") or "") > 100 or len(body.get("description") or "") > 500:
            return failure(400, 1, "Invalid parameters.")
        pin = {
            "id": str(1000 + len(self.pins)),
            "created_at": self.now.replace(tzinfo=None).isoformat(),
            "board_id": body["board_id"],
            "title": body.get("title"),
            "description": body.get("description"),
            "link": body.get("link"),
            "alt_text": body.get("alt_text"),
            "note": body.get("note"),
            "media": {"media_type": "image", "images": {"150x150": {"url": source["url"]}}},
        }
        self.pins.append(pin)
        return Response(pin, status_code=201)

    async def board_pins(self, board_id: str, request: Request[Any, Any, Any]) -> Response[Any]:
        refused = self.refused(request)
        if refused is not None:
            return refused
        if board_id not in self.boards:
            return failure(404, 40, "Board not found.")
        newest_first = [p for p in reversed(self.pins) if p["board_id"] == board_id]
        return self.page(newest_first, request)

    async def delete_pin(self, pin_id: str, request: Request[Any, Any, Any]) -> Response[Any]:
        refused = self.refused(request)
        if refused is not None:
            return refused
        before = len(self.pins)
        self.pins = [p for p in self.pins if p["id"] != pin_id]
        if len(self.pins) == before:
            return failure(404, 50, "Pin not found.")
        return Response(None, status_code=200)

    async def analytics(self, pin_id: str, request: Request[Any, Any, Any]) -> Response[Any]:
        refused = self.refused(request)
        if refused is not None:
            return refused
        query = dict(request.query_params)
        self.analytics_queries.append(query)
        if not any(p["id"] == pin_id for p in self.pins):
            return failure(404, 50, "Pin not found.")
        start = date.fromisoformat(query["start_date"])
        end = date.fromisoformat(query["end_date"])
        if end > self.now.date() or (self.now.date() - start).days > 90 or start > end:
            return failure(400, 1, "Dates must be within the last 90 days.")
        wanted = query["metric_types"].split(",")
        totals = {k: v for k, v in self.lifetime.get(pin_id, {}).items() if k in wanted}
        return Response(
            {
                "all": {
                    "daily_metrics": [
                        {"date": end.isoformat(), "data_status": "READY", "metrics": totals}
                    ],
                    "summary_metrics": dict.fromkeys(totals, 1),
                    "lifetime_metrics": totals,
                }
            }
        )
