"""A fake Graph API for publishing: Pages (feed, photos, published_posts, comments, insights)
and Instagram (containers, status_code, media_publish, the content publishing limit).

It authenticates like Meta (Bearer token + appsecret_proof, through ``fake_graph``), insists on
the Page token for Page writes, keeps what was published, and answers Meta's documented shapes
and error objects (506 duplicate, 2207042 publishing limit, 100/33 missing object).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar import Litestar, Request, Response, delete, get, post
from litestar.params import FromPath
from tests.unit.adapters.platforms.fake_graph import VERSION, authenticate, graph_error

PAGE_TOKENS = {"501": "page-token-501", "502": "page-token-502"}
IG_USER = "1784"
QUOTA_TOTAL = 50
START = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)


@dataclass
class State:
    page_posts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    containers: dict[str, dict[str, Any]] = field(default_factory=dict)
    ig_media: list[dict[str, Any]] = field(default_factory=list)
    container_script: list[str] = field(default_factory=lambda: ["FINISHED"])
    quota_usage: int = 0
    limit_endpoint_usage: int | None = None  # what content_publishing_limit says, if not usage
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    next_write: Response[Any] | None = None  # answered instead of the next POST, effect-free
    counter: int = 1000

    def next_id(self) -> str:
        self.counter += 1
        return str(self.counter)

    def clock(self) -> str:
        return (START + timedelta(seconds=self.counter)).strftime("%Y-%m-%dT%H:%M:%S+0000")


STATE = State()


def reset() -> None:
    global STATE
    STATE = State()


def stamp(value: str) -> int:
    return int(datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z").timestamp())


@get(f"/{VERSION}/me/accounts")
async def accounts(request: Request[Any, Any, Any]) -> Response[Any]:
    token = authenticate(request)
    if isinstance(token, Response):
        return token
    fields = request.query_params.get("fields", "")
    after = request.query_params.get("after")
    first: dict[str, Any] = {
        "id": "501",
        "name": "Acme",
        "instagram_business_account": {"id": IG_USER, "username": "acme.shop"},
    }
    second: dict[str, Any] = {"id": "502", "name": "Acme Outlet"}
    entry = second if after == "cursor-2" else first
    if "access_token" in fields:
        entry = {**entry, "access_token": PAGE_TOKENS[entry["id"]]}
    paging: dict[str, Any] = {"cursors": {"before": "x", "after": "cursor-2"}}
    if after != "cursor-2":
        paging["next"] = f"https://graph.facebook.com/{VERSION}/me/accounts?after=cursor-2"
    return Response({"data": [entry], "paging": paging})


@post(f"/{VERSION}/{{node:str}}/{{edge:str}}", status_code=200)
async def create(
    node: FromPath[str], edge: FromPath[str], request: Request[Any, Any, Any]
) -> Response[Any]:
    token = authenticate(request)
    if isinstance(token, Response):
        return token
    form = {key: str(value) for key, value in (await request.form()).items()}
    STATE.requests.append(("POST", f"{node}/{edge}", form))
    if STATE.next_write is not None:
        answer, STATE.next_write = STATE.next_write, None
        return answer
    if node in PAGE_TOKENS and token != PAGE_TOKENS[node]:
        return graph_error(403, 200, "(#200) The user hasn't authorized the app: use a Page token")
    if edge in {"feed", "photos", "videos"}:
        return page_post(node, edge, form)
    if edge == "comments":
        if node not in STATE.objects:
            return graph_error(400, 100, "Unsupported post request. Object does not exist", 33)
        comment_id = f"{node}_c{STATE.next_id()}"
        return Response({"id": comment_id})
    if node == IG_USER and edge == "media":
        container_id = STATE.next_id()
        STATE.containers[container_id] = {"form": form, "script": list(STATE.container_script)}
        return Response({"id": container_id})
    if node == IG_USER and edge == "media_publish":
        return publish_container(form)
    return graph_error(400, 100, f"Unknown path components: /{edge}")


def page_post(page: str, edge: str, form: dict[str, str]) -> Response[Any]:
    message = form.get("message", form.get("description", ""))
    posts = STATE.page_posts.setdefault(page, [])
    if edge == "feed" and any(p["message"] == message for p in posts):
        return graph_error(400, 506, "Duplicate status message")
    if edge == "photos" and form.get("published") == "false":
        photo = STATE.next_id()
        STATE.objects[photo] = {"unpublished_photo": True}
        return Response({"id": photo})
    post_id = f"{page}_{STATE.next_id()}"
    entry = {"id": post_id, "message": message, "created_time": STATE.clock(), "form": form}
    posts.insert(0, entry)
    STATE.objects[post_id] = entry
    if edge == "photos":
        return Response({"id": STATE.next_id(), "post_id": post_id})
    return Response({"id": post_id})


def publish_container(form: dict[str, str]) -> Response[Any]:
    container = STATE.containers.get(form.get("creation_id", ""))
    if container is None:
        return graph_error(400, 100, "Invalid parameter", 2207006)
    if STATE.quota_usage >= QUOTA_TOTAL:
        return graph_error(
            400, 9, "Application request limit reached: the content publishing limit", 2207042
        )
    if container["script"][0] != "FINISHED":
        return graph_error(400, 9007, "The media is not ready for publishing", 2207027)
    STATE.quota_usage += 1
    media_id = f"ig{STATE.next_id()}"
    caption = container["form"].get("caption", "")
    entry = {
        "id": media_id,
        "caption": caption,
        "timestamp": STATE.clock(),
        "permalink": f"https://www.instagram.com/p/{media_id}/",
    }
    STATE.ig_media.insert(0, entry)
    STATE.objects[media_id] = entry
    return Response({"id": media_id})


@get(f"/{VERSION}/{{node:str}}/{{edge:str}}")
async def read_edge(
    node: FromPath[str], edge: FromPath[str], request: Request[Any, Any, Any]
) -> Response[Any]:
    token = authenticate(request)
    if isinstance(token, Response):
        return token
    query = dict(request.query_params)
    STATE.requests.append(("GET", f"{node}/{edge}", query))
    if edge == "published_posts":
        return listing(STATE.page_posts.get(node, []), "created_time", query)
    if edge == "media" and node == IG_USER:
        return listing(STATE.ig_media, "timestamp", query)
    if edge == "content_publishing_limit":
        usage = STATE.limit_endpoint_usage
        used = STATE.quota_usage if usage is None else usage
        return Response(
            {
                "data": [
                    {"quota_usage": used, "config": {"quota_total": 50, "quota_duration": 86400}}
                ]
            }
        )
    if edge == "insights":
        if node not in STATE.objects:
            return graph_error(400, 100, "Object does not exist", 33)
        names = query.get("metric", "").split(",")
        data = [
            {"name": name, "period": "lifetime", "values": [{"value": 10 * (i + 1)}], "id": name}
            for i, name in enumerate(names)
        ]
        data.append({"name": "post_video_views_by_distribution", "values": [{"value": {"a": 1}}]})
        return Response({"data": data})
    return graph_error(400, 100, f"Unknown path components: /{edge}")


def listing(entries: list[dict[str, Any]], time_field: str, query: dict[str, str]) -> Response[Any]:
    """Newest first, ``limit`` per page, ``after`` = the index to continue from, ``since``."""
    since = int(query["since"]) if "since" in query else None
    chosen = [e for e in entries if since is None or stamp(e[time_field]) >= since]
    start = int(query.get("after", "0"))
    limit = int(query.get("limit", "25"))
    page = chosen[start : start + limit]
    fields = query.get("fields", "id").split(",")
    data = [{k: e[k] for k in fields if k in e} for e in page]
    paging: dict[str, Any] = {"cursors": {"before": str(start), "after": str(start + limit)}}
    if start + limit < len(chosen):
        paging["next"] = "https://graph.facebook.com/next-page-with-token-in-query"
    return Response({"data": data, "paging": paging})


@get(f"/{VERSION}/{{node:str}}")
async def read_node(node: FromPath[str], request: Request[Any, Any, Any]) -> Response[Any]:
    token = authenticate(request)
    if isinstance(token, Response):
        return token
    if node in STATE.containers:
        script = STATE.containers[node]["script"]
        status = script.pop(0) if len(script) > 1 else script[0]
        body = {"id": node, "status_code": status}
        if status == "ERROR":
            body["status"] = "Error: 2207052 media could not be fetched from the URI"
        return Response(body)
    entry = STATE.objects.get(node)
    if entry is None:
        return graph_error(400, 100, "Object does not exist, cannot be loaded", 33)
    fields = request.query_params.get("fields", "")
    if "reactions" in fields:
        return Response(
            {
                "id": node,
                "reactions": {"data": [], "summary": {"total_count": 7}},
                "comments": {"data": [], "summary": {"total_count": 3}},
                "shares": {"count": 2},
            }
        )
    return Response({"id": node, **{k: v for k, v in entry.items() if k in fields.split(",")}})


@delete(f"/{VERSION}/{{node:str}}", status_code=200)
async def remove(node: FromPath[str], request: Request[Any, Any, Any]) -> Response[Any]:
    token = authenticate(request)
    if isinstance(token, Response):
        return token
    entry = STATE.objects.pop(node, None)
    if entry is None:
        return graph_error(400, 100, "Object with ID does not exist", 33)
    for posts in STATE.page_posts.values():
        if entry in posts:
            posts.remove(entry)
    return Response({"success": True})


def publishing_app() -> Litestar:
    return Litestar([accounts, create, read_edge, read_node, remove])
