"""A fake of LinkedIn's member and versioned /rest APIs for publishing: userinfo, token
introspection, organization ACLs and names, Posts (create, author finder, delete), comments,
social actions and organization share statistics.

It checks ``LinkedIn-Version`` (426 for a sunset one) and ``X-Restli-Protocol-Version``,
answers a create with 201 and the URN in ``x-restli-id`` (no body), refuses a duplicate with
422, and throttles with a 429 that carries no Retry-After (LinkedIn sends none).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from litestar import Litestar, Request, Response, delete, get, post, put
from litestar.params import FromPath
from tests.unit.adapters.platforms.fake_platform import CLIENT_ID, CLIENT_SECRET, bearer_token

from umt.adapters.platforms.reference_marker import MARKER_LENGTH

MAX_COMMENTARY = 3000
MEMBER = "urn:li:person:782bbtaQ"
ORGANIZATION = "urn:li:organization:2414183"
LIVE_VERSIONS = {"202610", "202609"}
START_MS = 1_764_000_000_000


@dataclass
class State:
    posts: list[dict[str, Any]] = field(default_factory=list)
    comments: list[dict[str, Any]] = field(default_factory=list)
    images: dict[str, bytes | None] = field(default_factory=dict)  # URN -> uploaded bytes
    throttled: bool = False
    seen: list[dict[str, Any]] = field(default_factory=list)
    counter: int = 7_000_000_000_000_000_000

    def next_id(self) -> int:
        self.counter += 1
        return self.counter


STATE = State()


def reset() -> None:
    global STATE
    STATE = State()


def error(status: int, message: str, code: int = 100) -> Response[Any]:
    return Response(
        {"serviceErrorCode": code, "message": message, "status": status}, status_code=status
    )


def check(request: Request[Any, Any, Any], *, versioned: bool = True) -> Response[Any] | None:
    """LinkedIn's checks, in order: the token, the version, the protocol, the throttle."""
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        return error(401, "Empty oauth2_access_token", 65604)
    if token == "tok-expired-55":
        return error(401, "The token used in the request has expired", 65601)
    if versioned:
        version = request.headers.get("linkedin-version")
        if version not in LIVE_VERSIONS:
            return Response(
                {
                    "status": 426,
                    "code": "NONEXISTENT_VERSION",
                    "message": f"Requested version {version} is not active",
                },
                status_code=426,
            )
        if request.headers.get("x-restli-protocol-version") != "2.0.0":
            return error(400, "Restli protocol version 2.0.0 is required")
    if STATE.throttled:
        return error(429, "Resource level throttle limit reached", 101)
    return None


@get("/v2/userinfo")
async def userinfo(request: Request[Any, Any, Any]) -> Response[Any]:
    refused = check(request, versioned=False)
    if refused is not None:
        return refused
    return Response({"sub": "782bbtaQ", "name": "John Doe"})


@post("/oauth/v2/introspectToken", status_code=200)
async def introspect(request: Request[Any, Any, Any]) -> Response[Any]:
    form = dict(await request.form())
    if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
        return Response({"error": "invalid_client"}, status_code=401)
    scope = "openid,profile,w_member_social"
    if form.get("token") == "tok-admin-55":
        scope += ",rw_organization_admin,w_organization_social,r_organization_social"
    return Response({"active": True, "status": "active", "scope": scope})


@get("/rest/organizationAcls")
async def acls(request: Request[Any, Any, Any]) -> Response[Any]:
    refused = check(request)
    if refused is not None:
        return refused
    return Response({"elements": [{"organization": ORGANIZATION, "role": "ADMINISTRATOR"}]})


@get("/rest/organizations/{organization_id:str}")
async def organization(
    organization_id: FromPath[str], request: Request[Any, Any, Any]
) -> Response[Any]:
    refused = check(request)
    if refused is not None:
        return refused
    return Response({"id": int(organization_id), "localizedName": "Devtestco"})


@post("/rest/posts", status_code=201)
async def create_post(request: Request[Any, Any, Any]) -> Response[Any]:
    refused = check(request)
    if refused is not None:
        return refused
    body = await request.json()
    STATE.seen.append({"create": body})
    if len(body.get("commentary", "")) > MAX_COMMENTARY + MARKER_LENGTH:
        return error(422, "/commentary :: length exceeds the maximum allowed")
    for existing in STATE.posts:
        if existing["author"] == body["author"] and existing["commentary"] == body["commentary"]:
            return error(422, f"Content is a duplicate of {existing['id']}", 422)
    content = body.get("content", {})
    images = (
        [content["media"]]
        if "media" in content
        else content.get("multiImage", {}).get("images", [])
    )
    if any(STATE.images.get(image["id"]) is None for image in images):
        return error(422, "/content/media/id :: the image was not uploaded")
    urn = f"urn:li:share:{STATE.next_id()}"
    created = START_MS + len(STATE.posts) * 1000
    STATE.posts.insert(0, {**body, "id": urn, "createdAt": created, "publishedAt": created})
    return Response(None, status_code=201, headers={"x-restli-id": urn})


@post("/rest/images", status_code=200)
async def initialize_upload(request: Request[Any, Any, Any]) -> Response[Any]:
    refused = check(request)
    if refused is not None:
        return refused
    if request.query_params.get("action") != "initializeUpload":
        return error(400, "action=initializeUpload expected")
    body = await request.json()
    owner = body["initializeUploadRequest"]["owner"]
    image_id = STATE.next_id()
    STATE.images[f"urn:li:image:{image_id}"] = None
    return Response(
        {
            "value": {
                "uploadUrlExpiresAt": START_MS + 3_600_000,
                "uploadUrl": f"{str(request.base_url).rstrip('/')}/dms-uploads/{image_id}",
                "image": f"urn:li:image:{image_id}",
                "owner": owner,
            }
        }
    )


@put("/dms-uploads/{image_id:str}", status_code=201)
async def upload(image_id: FromPath[str], request: Request[Any, Any, Any]) -> Response[Any]:
    urn = f"urn:li:image:{image_id}"
    if urn not in STATE.images or bearer_token(request.headers.get("authorization")) is None:
        return error(400, "unknown upload")
    STATE.images[urn] = await request.body()
    return Response(None, status_code=201)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@get("/media/{name:str}")
async def media_file(name: FromPath[str]) -> Response[Any]:
    """The brand's media host (a CDN): a small PNG, a missing file, an HTML page."""
    if name == "missing.png":
        return Response("not found", status_code=404, media_type="text/plain")
    if name == "page.html":
        return Response("<html></html>", media_type="text/html")
    return Response(PNG, media_type="image/png")


@get("/rest/posts")
async def find_posts(request: Request[Any, Any, Any]) -> Response[Any]:
    refused = check(request)
    if refused is not None:
        return refused
    raw = request.scope["query_string"].decode()
    query = dict(part.split("=", 1) for part in raw.split("&"))
    if query.get("q") != "author" or request.headers.get("x-restli-method") != "FINDER":
        return error(400, "q=author finder expected")
    if ":" in query["author"]:
        return error(400, "author must be URL-encoded")
    author = unquote(query["author"])
    start, count = int(query.get("start", "0")), int(query.get("count", "10"))
    mine = [p for p in STATE.posts if p["author"] == author]
    return Response(
        {
            "elements": mine[start : start + count],
            "paging": {"start": start, "count": count, "total": len(mine)},
        }
    )


@delete("/rest/posts/{urn:str}", status_code=200)
async def delete_post(urn: FromPath[str], request: Request[Any, Any, Any]) -> Response[Any]:
    refused = check(request)
    if refused is not None:
        return refused
    urn = unquote(urn)
    remaining = [p for p in STATE.posts if p["id"] != urn]
    if len(remaining) == len(STATE.posts):
        return error(404, f"Post {urn} not found")
    STATE.posts = remaining
    return Response(None, status_code=204)


@post("/rest/socialActions/{urn:str}/comments", status_code=201)
async def comment(urn: FromPath[str], request: Request[Any, Any, Any]) -> Response[Any]:
    refused = check(request)
    if refused is not None:
        return refused
    body = await request.json()
    comment_urn = f"urn:li:comment:({unquote(urn)},{STATE.next_id()})"
    STATE.comments.append({**body, "id": comment_urn})
    return Response(None, status_code=201, headers={"x-restli-id": comment_urn})


@get("/rest/socialActions/{urn:str}")
async def social_actions(urn: FromPath[str], request: Request[Any, Any, Any]) -> Response[Any]:
    refused = check(request)
    if refused is not None:
        return refused
    urn = unquote(urn)
    if not any(p["id"] == urn for p in STATE.posts):
        return error(404, "Not found")
    return Response(
        {
            "target": urn,
            "likesSummary": {"totalLikes": 12, "likedByCurrentUser": False},
            "commentsSummary": {"aggregatedTotalComments": 4, "totalFirstLevelComments": 3},
        }
    )


TOTALS = {
    "uniqueImpressionsCount": 80,
    "shareCount": 2,
    "engagement": 0.0625,
    "clickCount": 5,
    "likeCount": 9,
    "impressionCount": 160,
    "commentCount": 1,
}


def listed(value: str) -> list[str]:
    """The items of a Rest.li 2.0 ``List(a,b)`` query value (none when absent or malformed)."""
    if not (value.startswith("List(") and value.endswith(")")):
        return []
    return value[5:-1].split(",")


@get("/rest/organizationalEntityShareStatistics")
async def share_statistics(request: Request[Any, Any, Any]) -> Response[Any]:
    refused = check(request)
    if refused is not None:
        return refused
    raw = request.scope["query_string"].decode()
    query = dict(part.split("=", 1) for part in raw.split("&"))
    STATE.seen.append({"statistics": query})
    elements = [
        {
            kind: unquote(urn),
            "organizationalEntity": unquote(query["organizationalEntity"]),
            "totalShareStatistics": TOTALS,
        }
        for key, kind in (("shares", "share"), ("ugcPosts", "ugcPost"))
        for urn in listed(query.get(key, ""))
    ]
    return Response({"elements": elements, "paging": {"count": 10, "start": 0}})


def linkedin_app() -> Litestar:
    return Litestar(
        [
            userinfo,
            introspect,
            acls,
            organization,
            create_post,
            initialize_upload,
            upload,
            media_file,
            find_posts,
            delete_post,
            comment,
            social_actions,
            share_statistics,
        ]
    )
