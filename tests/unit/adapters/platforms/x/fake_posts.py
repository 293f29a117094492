"""A fake of the X API v2 post endpoints: create, the user's timeline (``since_id``,
``pagination_token``), delete and lookup with metrics.

Every answer carries ``x-rate-limit-limit``/``-remaining``/``-reset``; a throttled user gets a
429 at ``remaining`` 0; a repeated text is the duplicate-content 403; a dead token the 401
problem document, as X documents them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from litestar import Litestar, Request, Response, delete, get, post
from litestar.params import FromPath
from tests.unit.adapters.platforms.fake_platform import NOW, bearer_token

USER_ID = "2244994945"
RESET_AT = int(NOW.timestamp()) + 120
LIMIT = 100


@dataclass
class State:
    posts: list[dict[str, Any]] = field(default_factory=list)  # newest first
    remaining: int = LIMIT
    media: dict[str, dict[str, Any]] = field(default_factory=dict)
    counter: int = 1_460_000_000_000_000_000

    def next_id(self) -> str:
        self.counter += 1
        return str(self.counter)


STATE = State()


def reset() -> None:
    global STATE
    STATE = State()


def limits() -> dict[str, str]:
    return {
        "x-rate-limit-limit": str(LIMIT),
        "x-rate-limit-remaining": str(max(0, STATE.remaining)),
        "x-rate-limit-reset": str(RESET_AT),
    }


def problem(status: int, title: str, detail: str, kind: str = "about:blank") -> Response[Any]:
    return Response(
        {"title": title, "detail": detail, "type": kind, "status": status},
        status_code=status,
        headers=limits(),
    )


def check(request: Request[Any, Any, Any]) -> Response[Any] | None:
    token = bearer_token(request.headers.get("authorization"))
    if token in {None, "tok-expired-x"}:
        return problem(401, "Unauthorized", "Unauthorized")
    if STATE.remaining <= 0:
        return problem(429, "Too Many Requests", "Too Many Requests")
    STATE.remaining -= 1
    return None


@get("/2/users/me")
async def me(request: Request[Any, Any, Any]) -> Response[Any]:
    refused = check(request)
    if refused is not None:
        return refused
    return Response({"data": {"id": USER_ID, "name": "Acme", "username": "acme"}}, headers=limits())


@post("/2/tweets", status_code=201)
async def create(request: Request[Any, Any, Any]) -> Response[Any]:
    refused = check(request)
    if refused is not None:
        return refused
    body = await request.json()
    text = body.get("text", "")
    if not text or len(text) > 280:
        return Response(
            {
                "errors": [{"message": "Text is too long or empty"}],
                "title": "Invalid Request",
                "detail": "One or more parameters to your request was invalid.",
                "type": "https://api.twitter.com/2/problems/invalid-request",
            },
            status_code=400,
            headers=limits(),
        )
    media_ids = body.get("media", {}).get("media_ids", [])
    if any(m not in STATE.media for m in media_ids):
        return problem(400, "Invalid Request", "Your media IDs are invalid.")
    if any(p["text"] == text for p in STATE.posts):
        return problem(
            403, "Forbidden", "You are not allowed to create a Tweet with duplicate content."
        )
    post_id = STATE.next_id()
    created = NOW - timedelta(hours=1) + timedelta(seconds=len(STATE.posts))
    entry = {
        "id": post_id,
        "text": text,
        "created_at": created.isoformat().replace("+00:00", ".000Z"),
        "reply": body.get("reply"),
        "media_ids": media_ids,
    }
    STATE.posts.insert(0, entry)
    return Response({"data": {"id": post_id, "text": text}}, status_code=201, headers=limits())


@post("/2/media/upload", status_code=200)
async def upload(request: Request[Any, Any, Any]) -> Response[Any]:
    refused = check(request)
    if refused is not None:
        return refused
    form = await request.form()
    media = form.get("media")
    if form.get("media_category") != "tweet_image" or media is None:
        return problem(400, "Invalid Request", "media and media_category are required")
    content = await media.read()
    media_id = STATE.next_id()
    STATE.media[media_id] = {"bytes": content, "type": form.get("media_type"), "alt": None}
    return Response(
        {
            "data": {
                "id": media_id,
                "media_key": f"3_{media_id}",
                "size": len(content),
                "expires_after_secs": 86400,
                "processing_info": {"state": "succeeded"},
            }
        },
        headers=limits(),
    )


@post("/2/media/metadata", status_code=200)
async def metadata(request: Request[Any, Any, Any]) -> Response[Any]:
    refused = check(request)
    if refused is not None:
        return refused
    body = await request.json()
    if body.get("id") not in STATE.media:
        return problem(400, "Invalid Request", "unknown media id")
    STATE.media[body["id"]]["alt"] = body["metadata"]["alt_text"]["text"]
    return Response({"data": {"id": body["id"], "associated_metadata": body["metadata"]}})


PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 32


@get("/media/{name:str}")
async def media_file(name: FromPath[str]) -> Response[Any]:
    """The brand's media host."""
    if name == "huge.png":
        return Response(b"\x00" * (5 * 1024 * 1024 + 1), media_type="image/png")
    return Response(PNG, media_type="image/png")


@get("/2/users/{user_id:str}/tweets")
async def timeline(user_id: FromPath[str], request: Request[Any, Any, Any]) -> Response[Any]:
    refused = check(request)
    if refused is not None:
        return refused
    query = request.query_params
    chosen = [
        p for p in STATE.posts if "since_id" not in query or int(p["id"]) > int(query["since_id"])
    ]
    start = int(query.get("pagination_token", "0"))
    size = int(query.get("max_results", "10"))
    page = chosen[start : start + size]
    meta: dict[str, Any] = {"result_count": len(page)}
    if page:
        meta |= {"newest_id": page[0]["id"], "oldest_id": page[-1]["id"]}
    if start + size < len(chosen):
        meta["next_token"] = str(start + size)
    data = [{"id": p["id"], "text": p["text"], "created_at": p["created_at"]} for p in page]
    return Response({"data": data, "meta": meta} if data else {"meta": meta}, headers=limits())


@delete("/2/tweets/{post_id:str}", status_code=200)
async def remove(post_id: FromPath[str], request: Request[Any, Any, Any]) -> Response[Any]:
    refused = check(request)
    if refused is not None:
        return refused
    before = len(STATE.posts)
    STATE.posts = [p for p in STATE.posts if p["id"] != post_id]
    if len(STATE.posts) == before:
        return problem(404, "Not Found Error", f"Could not find tweet with id: [{post_id}].")
    return Response({"data": {"deleted": True}}, headers=limits())


@get("/2/tweets")
async def lookup(request: Request[Any, Any, Any]) -> Response[Any]:
    refused = check(request)
    if refused is not None:
        return refused
    ids = request.query_params.get("ids", "").split(",")
    fields = request.query_params.get("tweet.fields", "")
    data = []
    for p in STATE.posts:
        if p["id"] not in ids:
            continue
        entry: dict[str, Any] = {"id": p["id"], "text": p["text"]}
        if "public_metrics" in fields:
            entry["public_metrics"] = {
                "retweet_count": 3,
                "reply_count": 2,
                "like_count": 40,
                "quote_count": 1,
                "bookmark_count": 5,
                "impression_count": 900,
            }
        if "non_public_metrics" in fields:
            entry["non_public_metrics"] = {
                "impression_count": 900,
                "url_link_clicks": 17,
                "user_profile_clicks": 6,
            }
        data.append(entry)
    missing = [i for i in ids if i not in {d["id"] for d in data}]
    body: dict[str, Any] = {"data": data}
    if missing:
        body["errors"] = [
            {
                "value": i,
                "detail": f"Could not find tweet with ids: [{i}].",
                "title": "Not Found Error",
            }
            for i in missing
        ]
    return Response(body, headers=limits())


def x_app() -> Litestar:
    return Litestar([me, create, upload, metadata, media_file, timeline, remove, lookup])
