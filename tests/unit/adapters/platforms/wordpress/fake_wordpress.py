"""A loopback fake of a WordPress site's REST API: the index, posts and comments.

It behaves as core WordPress documents: application passwords over HTTP Basic (401
``incorrect_password`` otherwise); ``POST /wp/v2/posts`` answers ``201`` with the post in the
``edit`` context, derives the slug from the title and appends ``-2``, ``-3`` ... when it is
taken; meta keys are kept only when the site registered them for the REST API
(``registered_meta``), otherwise silently dropped (and ``meta`` is ``[]``); ``search`` matches
the raw title and content; ``after`` compares with the site-local date; ``DELETE`` with
``force=true`` removes, without it trashes (410 ``rest_already_trashed`` the second time);
errors are ``{"code", "message", "data": {"status"}}``.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from litestar import Litestar, Request, Response, delete, get, post
from tests.unit.adapters.platforms.response_loss import ResponseLoss

USER = "editor"
PASSWORD = "abcdEFGHijklMNOPqrstUVWX"
GMT_OFFSET = timedelta(hours=1)  # the site's zone: Europe/Berlin in winter


def wp_error(code: str, message: str, status: int) -> Response[Any]:
    return Response(
        {"code": code, "message": message, "data": {"status": status}}, status_code=status
    )


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "post"


@dataclass
class FakeWordPress:
    now: datetime
    registered_meta: bool = True
    search_works: bool = True
    refuse_content: bool = False  # a plugin that validates content, answering 400
    posts: list[dict[str, Any]] = field(default_factory=list)
    comments: list[dict[str, Any]] = field(default_factory=list)
    queries: list[dict[str, str]] = field(default_factory=list)
    site: str = ""
    loss: ResponseLoss | None = None

    def app(self) -> ResponseLoss:
        fake = self

        @get("/wp-json")
        async def index(request: Request[Any, Any, Any]) -> Response[Any]:
            return fake.refused(request) or Response(
                {
                    "name": "Acme Blog",
                    "description": "Notes",
                    "gmt_offset": 1,
                    "timezone_string": "Europe/Berlin",
                    "namespaces": ["oembed/1.0", "wp/v2"],
                }
            )

        @post("/wp-json/wp/v2/posts")
        async def create(request: Request[Any, Any, Any]) -> Response[Any]:
            return fake.refused(request) or fake.create(await request.json())

        @get("/wp-json/wp/v2/posts")
        async def listing(request: Request[Any, Any, Any]) -> Response[Any]:
            return fake.refused(request) or fake.listing(dict(request.query_params))

        @delete("/wp-json/wp/v2/posts/{post_id:int}", status_code=200)
        async def remove(request: Request[Any, Any, Any]) -> Response[Any]:
            post_id: int = request.path_params["post_id"]
            force = request.query_params.get("force") == "true"
            return fake.refused(request) or fake.remove(post_id, force=force)

        @post("/wp-json/wp/v2/comments")
        async def comment(request: Request[Any, Any, Any]) -> Response[Any]:
            return fake.refused(request) or fake.comment(await request.json())

        self.loss = ResponseLoss(Litestar([index, create, listing, remove, comment]))
        return self.loss

    def refused(self, request: Request[Any, Any, Any]) -> Response[Any] | None:
        header = request.headers.get("authorization", "")
        if not header.startswith("Basic "):
            return wp_error("rest_not_logged_in", "You are not currently logged in.", 401)
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        if user != USER or password != PASSWORD:
            return wp_error(
                "incorrect_password",
                "The provided password is an invalid application password.",
                401,
            )
        return None

    def create(self, body: dict[str, Any]) -> Response[Any]:
        title, content = str(body.get("title") or ""), str(body.get("content") or "")
        if not title and not content:
            return wp_error("empty_content", "Content, title, and excerpt are empty.", 400)
        if self.refuse_content:
            return wp_error("rest_invalid_param", "Invalid parameter(s): content", 400)
        status = body.get("status", "draft")
        if status not in {"publish", "future", "draft"}:
            return wp_error("rest_invalid_param", "Invalid parameter(s): status", 400)
        date_gmt = self.now.replace(tzinfo=None)
        if status == "future":
            date_gmt = datetime.fromisoformat(body["date_gmt"])
        slug = slugify(title)
        taken = {p["slug"] for p in self.posts}
        base, suffix = slug, 2
        while slug in taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        meta = body.get("meta") or {}
        post_id = 100 + len(self.posts)
        created = {
            "id": post_id,
            "date": (date_gmt + GMT_OFFSET).isoformat(),
            "date_gmt": date_gmt.isoformat(),
            "modified_gmt": self.now.replace(tzinfo=None).isoformat(),
            "slug": slug,
            "status": status,
            "link": f"{self.site}/{slug}/",
            "title": {"raw": title, "rendered": title},
            "content": {"raw": content, "rendered": content},
            "excerpt": {"raw": body.get("excerpt", "")},
            "meta": {"umt_reference": meta.get("umt_reference", "")}
            if self.registered_meta
            else [],
        }
        self.posts.append(created)
        return Response(created, status_code=201)

    def listing(self, query: dict[str, str]) -> Response[Any]:
        self.queries.append(query)
        statuses = set(query.get("status", "publish").split(","))
        found = [p for p in self.posts if p["status"] in statuses]
        term = query.get("search")
        if term:
            found = [
                p
                for p in found
                if self.search_works
                and (term.lower() in p["title"]["raw"].lower() or term in p["content"]["raw"])
            ]
        if "after" in query:  # compared with the site-local post date
            after = datetime.fromisoformat(query["after"])
            found = [p for p in found if datetime.fromisoformat(p["date"]) > after]
        key = "modified_gmt" if query.get("orderby") == "modified" else "date_gmt"
        found.sort(key=lambda p: (p[key], p["id"]), reverse=query.get("order", "desc") == "desc")
        found = found[: int(query.get("per_page", "10"))]
        if query.get("context") != "edit":
            found = [{k: v for k, v in p.items() if k != "meta"} for p in found]
        return Response(found)

    def remove(self, post_id: int, *, force: bool) -> Response[Any]:
        matches = [p for p in self.posts if p["id"] == post_id]
        if not matches:
            return wp_error("rest_post_invalid_id", "Invalid post ID.", 404)
        [target] = matches
        if force:
            self.posts.remove(target)
            return Response({"deleted": True, "previous": target})
        if target["status"] == "trash":
            return wp_error("rest_already_trashed", "The post has already been deleted.", 410)
        target["status"] = "trash"
        return Response(target)

    def comment(self, body: dict[str, Any]) -> Response[Any]:
        if not any(p["id"] == body.get("post") for p in self.posts):
            return wp_error(
                "rest_comment_invalid_post_id",
                "Sorry, you are not allowed to create this comment without a post.",
                403,
            )
        comment = {"id": 500 + len(self.comments), "post": body["post"], "content": body["content"]}
        self.comments.append(comment)
        return Response(comment, status_code=201)
