"""A loopback fake of the Mailchimp Marketing API 3.0: audiences, campaigns, actions, reports.

It follows the documented behaviour: HTTP Basic with the API key as password, on the key's
data centre (``/<dc>/3.0/...``); campaigns are created in status ``save``, get their HTML with
``PUT .../content``, and leave ``save`` through ``actions/schedule`` (only on the quarter hour,
400 otherwise, and only in the future) or ``actions/send``; a campaign without content is "not
ready to send" (400); reports exist once a campaign is sent. Errors are problem documents. More
than ``MAX_CONNECTIONS`` requests in flight for one key answer 429 with no ``Retry-After``, as
Mailchimp does; every request takes ``delay`` seconds so concurrency shows.
"""

from __future__ import annotations

import asyncio
import base64
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from litestar import Litestar, Request, Response, delete, get, post, put
from tests.unit.adapters.platforms.response_loss import ResponseLoss

GOOD = "0123456789abcdef0123456789abcdef-us21"
REVOKED = "ffffffffffffffffffffffffffffffff-us21"
DC = "us21"
MAX_CONNECTIONS = 10


def problem(status: int, title: str, detail: str, **extra: Any) -> Response[Any]:
    return Response(
        {
            "type": "https://mailchimp.com/developer/marketing/docs/errors/",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": "3b4dcb40-0b6b-4820-bfaa-41267b3826ea",
            **extra,
        },
        status_code=status,
        media_type="application/problem+json",
    )


@dataclass
class FakeMailchimp:
    now: datetime
    delay: float = 0.0
    lists: dict[str, dict[str, Any]] = field(
        default_factory=lambda: {
            f"list{n}": {
                "id": f"list{n}",
                "name": f"Audience {n}",
                "campaign_defaults": {
                    "from_name": "Acme",
                    "from_email": "news@acme.example",
                    "subject": "",
                    "language": "en",
                },
            }
            for n in range(3)
        }
    )
    campaigns: dict[str, dict[str, Any]] = field(default_factory=dict)
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    in_flight: int = 0
    most_in_flight: int = 0
    too_many: int = 0
    list_page: int = 2
    loss: ResponseLoss | None = None

    def app(self) -> ResponseLoss:
        fake = self
        prefix = "/{dc:str}/3.0"

        @get(f"{prefix}/lists")
        async def lists(request: Request[Any, Any, Any]) -> Response[Any]:
            return await fake.guard(request, lambda: fake.list_lists(request))

        @post(f"{prefix}/campaigns")
        async def create(request: Request[Any, Any, Any]) -> Response[Any]:
            body = await request.json()
            return await fake.guard(request, lambda: fake.create(body))

        @get(f"{prefix}/campaigns")
        async def listing(request: Request[Any, Any, Any]) -> Response[Any]:
            return await fake.guard(request, lambda: fake.listing(dict(request.query_params)))

        @put(f"{prefix}/campaigns/{{campaign_id:str}}/content")
        async def content(request: Request[Any, Any, Any]) -> Response[Any]:
            campaign_id: str = request.path_params["campaign_id"]
            body = await request.json()
            return await fake.guard(request, lambda: fake.content(campaign_id, body))

        @post(f"{prefix}/campaigns/{{campaign_id:str}}/actions/schedule")
        async def schedule(request: Request[Any, Any, Any]) -> Response[Any]:
            campaign_id: str = request.path_params["campaign_id"]
            body = await request.json()
            return await fake.guard(request, lambda: fake.schedule(campaign_id, body))

        @post(f"{prefix}/campaigns/{{campaign_id:str}}/actions/send")
        async def send(request: Request[Any, Any, Any]) -> Response[Any]:
            campaign_id: str = request.path_params["campaign_id"]
            return await fake.guard(request, lambda: fake.send(campaign_id))

        @delete(f"{prefix}/campaigns/{{campaign_id:str}}", status_code=200)
        async def remove(request: Request[Any, Any, Any]) -> Response[Any]:
            campaign_id: str = request.path_params["campaign_id"]
            return await fake.guard(request, lambda: fake.remove(campaign_id))

        @get(f"{prefix}/reports/{{campaign_id:str}}")
        async def report(request: Request[Any, Any, Any]) -> Response[Any]:
            campaign_id: str = request.path_params["campaign_id"]
            return await fake.guard(request, lambda: fake.report(campaign_id))

        routes = [lists, create, listing, content, schedule, send, remove, report]
        self.loss = ResponseLoss(Litestar(routes))
        return self.loss

    async def guard(self, request: Request[Any, Any, Any], answer: Any) -> Response[Any]:
        header = request.headers.get("authorization", "")
        _, _, key = base64.b64decode(header[6:]).decode().partition(":")
        if not header.startswith("Basic ") or key not in {GOOD}:
            return problem(401, "API Key Invalid", "Your API key may be invalid.")
        if request.path_params["dc"] != DC:
            return problem(403, "Wrong Datacenter", "The API key is linked to another datacenter.")
        if self.in_flight >= MAX_CONNECTIONS:
            self.too_many += 1
            return problem(
                429,
                "Too Many Requests",
                "You have exceeded the limit of 10 simultaneous connections.",
            )
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            result: Response[Any] = answer()
            return result
        finally:
            self.in_flight -= 1

    def list_lists(self, request: Request[Any, Any, Any]) -> Response[Any]:
        offset = int(request.query_params.get("offset", "0"))
        count = min(int(request.query_params.get("count", "10")), self.list_page)
        every = list(self.lists.values())
        return Response({"lists": every[offset : offset + count], "total_items": len(every)})

    def create(self, body: dict[str, Any]) -> Response[Any]:
        list_id = (body.get("recipients") or {}).get("list_id")
        if body.get("type") != "regular" or list_id not in self.lists:
            return problem(
                400, "Invalid Resource", "The resource submitted could not be validated."
            )
        campaign_id = f"c{len(self.campaigns):04x}a"
        campaign = {
            "id": campaign_id,
            "web_id": 1000 + len(self.campaigns),
            "type": "regular",
            "create_time": self.now.isoformat(),
            "archive_url": f"https://eepurl.com/{campaign_id}",
            "long_archive_url": f"https://us21.campaign-archive.com/?id={campaign_id}",
            "status": "save",
            "send_time": "",
            "recipients": {"list_id": list_id},
            "settings": body.get("settings") or {},
            "html": None,
        }
        self.campaigns[campaign_id] = campaign
        return Response(campaign)

    def listing(self, query: dict[str, str]) -> Response[Any]:
        found = [
            c for c in self.campaigns.values() if c["recipients"]["list_id"] == query.get("list_id")
        ]
        if "status" in query:
            found = [c for c in found if c["status"] == query["status"]]
        if "since_send_time" in query:
            since = datetime.fromisoformat(query["since_send_time"])
            found = [
                c
                for c in found
                if c["send_time"] and datetime.fromisoformat(c["send_time"]) > since
            ]
        key = query.get("sort_field", "create_time")
        found.sort(
            key=lambda c: (c[key] or "", c["web_id"]), reverse=query.get("sort_dir") == "DESC"
        )
        offset = int(query.get("offset", "0"))
        page = found[offset : offset + int(query.get("count", "10"))]
        return Response({"campaigns": page, "total_items": len(found)})

    def content(self, campaign_id: str, body: dict[str, Any]) -> Response[Any]:
        campaign = self.campaigns.get(campaign_id)
        if campaign is None:
            return problem(404, "Resource Not Found", "The requested resource could not be found.")
        if campaign["status"] != "save":
            return problem(400, "Bad Request", "Cannot update the content of a sent campaign.")
        campaign["html"] = body.get("html")
        return Response({"html": campaign["html"], "plain_text": ""})

    def ready(self, campaign_id: str) -> Response[Any] | dict[str, Any]:
        campaign = self.campaigns.get(campaign_id)
        if campaign is None:
            return problem(404, "Resource Not Found", "The requested resource could not be found.")
        if campaign["status"] != "save":
            return problem(400, "Bad Request", "This campaign has already been sent or scheduled.")
        if not campaign["html"] or not campaign["settings"].get("subject_line"):
            return problem(
                400,
                "Bad Request",
                "Your Campaign is not ready to send.",
                errors=[{"field": "content", "message": "Campaign must have content."}],
            )
        return campaign

    def schedule(self, campaign_id: str, body: dict[str, Any]) -> Response[Any]:
        campaign = self.ready(campaign_id)
        if isinstance(campaign, Response):
            return campaign
        when = datetime.fromisoformat(str(body.get("schedule_time")))
        if when.minute % 15 or when.second or when.microsecond:
            return problem(
                400,
                "Invalid Resource",
                "Schedule time must be on the quarter-hour (:00, :15, :30, :45).",
            )
        if when <= self.now:
            return problem(400, "Invalid Resource", "Schedule time must be in the future.")
        campaign["status"] = "schedule"
        campaign["send_time"] = when.isoformat()
        return Response(None, status_code=200)

    def send(self, campaign_id: str) -> Response[Any]:
        campaign = self.ready(campaign_id)
        if isinstance(campaign, Response):
            return campaign
        campaign["status"] = "sent"
        campaign["send_time"] = self.now.isoformat()
        return Response(None, status_code=200)

    def remove(self, campaign_id: str) -> Response[Any]:
        if self.campaigns.pop(campaign_id, None) is None:
            return problem(404, "Resource Not Found", "The requested resource could not be found.")
        return Response(None, status_code=200)

    def report(self, campaign_id: str) -> Response[Any]:
        campaign = self.campaigns.get(campaign_id)
        if campaign is None or campaign["status"] != "sent":
            return problem(404, "Resource Not Found", "The requested resource could not be found.")
        return Response(
            {
                "id": campaign_id,
                "send_time": campaign["send_time"],
                **self.reports.get(campaign_id, {}),
            }
        )
