"""Fixture web sites on loopback for competitor research: feeds, sitemaps, robots.txt, pages,
304s, slow and broken answers, redirects, gzip, oversize bodies.

A small HTTP/1.1 server on asyncio (keep-alive; a broken answer closes its connection), one
listening socket per site, that logs every request it receives with the monotonic time of
its arrival, so a test or the P8c bench can check the crawler's pacing from the server's
side. ``python -m tests.support.research_sites`` serves generated sites in a process of its
own for the bench (see ``main``).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime

MAX_HEAD = 64 * 1024


@dataclass(slots=True)
class Page:
    """What a path answers."""

    body: bytes | str = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # answers 304 to a matching If-None-Match
    last_modified: str | None = None  # answers 304 to an equal If-Modified-Since
    delay: float = 0.0  # seconds before answering (a slow host)
    broken: bool = False  # promises a body, sends part of it, hangs up
    gzip_encoded: bool = False  # Content-Encoding: gzip

    def raw(self) -> bytes:
        return self.body.encode() if isinstance(self.body, str) else self.body


@dataclass(frozen=True, slots=True)
class Hit:
    path: str
    at: float  # time.monotonic() when the request's head was read
    headers: dict[str, str]


class Site:
    """One fixture site: ``pages`` by path (with the query), served on ``host``."""

    def __init__(self, pages: dict[str, Page] | None = None, *, host: str = "127.0.0.1") -> None:
        self.pages: dict[str, Page] = dict(pages or {})
        self.host = host
        self.hits: list[Hit] = []
        self._server: asyncio.Server | None = None
        self._answering: set[asyncio.Task[None]] = set()
        self.base_url = ""

    async def start(self) -> str:
        self._server = await asyncio.start_server(self._serve, self.host, 0)
        port = self._server.sockets[0].getsockname()[1]
        self.base_url = f"http://{self.host}:{port}"
        return self.base_url

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for task in list(self._answering):  # a slow answer nobody waits for any more
                task.cancel()
            await self._server.wait_closed()

    async def __aenter__(self) -> Site:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def paths(self) -> list[str]:
        return [hit.path for hit in self.hits]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Answer requests on one connection until the client closes it (keep-alive, as
        real servers do), or after a broken answer."""
        task = asyncio.current_task()
        if task is not None:
            self._answering.add(task)
            task.add_done_callback(self._answering.discard)
        try:
            while await self._one(reader, writer):
                pass
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            return False
        arrived = time.monotonic()
        lines = head[:MAX_HEAD].decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        path = parts[1] if len(parts) > 1 else "/"
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        self.hits.append(Hit(path, arrived, headers))
        page = self.pages.get(path) or Page(body="not found", status=404, content_type="text/plain")
        if page.delay:
            await asyncio.sleep(page.delay)
        writer.write(_answer(page, headers))
        await writer.drain()
        return not page.broken and headers.get("connection", "").lower() != "close"


def _answer(page: Page, asked: dict[str, str]) -> bytes:
    status, body = page.status, page.raw()
    if (page.etag and asked.get("if-none-match") == page.etag) or (
        page.last_modified and asked.get("if-modified-since") == page.last_modified
    ):
        status, body = 304, b""
    headers = {"Content-Type": page.content_type, **page.headers}
    if page.broken:
        headers["Connection"] = "close"
    if page.etag:
        headers["ETag"] = page.etag
    if page.last_modified:
        headers["Last-Modified"] = page.last_modified
    if page.gzip_encoded and status == 200:
        body = gzip.compress(body)
        headers["Content-Encoding"] = "gzip"
    length = len(body)
    if page.broken:
        body = body[: len(body) // 2]
        length += 100
    headers["Content-Length"] = str(length)
    reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}.get(status, "Status")
    head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1") + b"\r\n" + body


@contextmanager
def sites_in_thread(*pages: dict[str, Page]) -> Iterator[list[Site]]:
    """Sites serving ``pages`` from an event loop of their own in a daemon thread, for tests
    whose client runs the app in another loop (a Litestar TestClient); ``pages`` may name
    ``{base}``, replaced by the site's base URL."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    sites = [Site() for _ in pages]
    try:
        for site, table in zip(sites, pages, strict=True):
            asyncio.run_coroutine_threadsafe(site.start(), loop).result(timeout=30)
            for path, page in table.items():
                if isinstance(page.body, str):
                    page.body = page.body.replace("{base}", site.base_url)
                site.pages[path] = page
        yield sites
    finally:
        for site in sites:
            asyncio.run_coroutine_threadsafe(site.stop(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        loop.close()


def http_date(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC), usegmt=True)


# -- generated sites, for the bench ----------------------------------------------------------

WORDS = [
    *("pricing", "email", "deliverability", "onboarding", "churn", "referral", "webinar"),
    *("pipeline", "analytics", "retention", "newsletter", "landing", "conversion", "funnel"),
    *("segmentation", "automation", "loyalty", "storytelling", "podcast", "community"),
    *("partnership", "influencer", "sustainability"),
]


def article(site: int, page: int) -> str:
    """A generated article: a topic pair per page, so clusters and gaps have something to
    find, and enough words for the extractor to keep."""
    a, b = WORDS[(site + page) % len(WORDS)], WORDS[(site * 7 + page * 3) % len(WORDS)]
    paragraphs = "".join(
        f"<p>Our guide to {a} {b}, step {n}: teams improve {a} with {b} experiment {n}. "
        f"Measure {a} {b} every week {n} and compare the {b} results of quarter {n}.</p>"
        for n in range(6)
    )
    return (
        f"<html><head><title>{a.title()} {b} guide {site}-{page}</title></head><body>"
        f"<nav>Home About Blog</nav><article><h1>{a.title()} {b}, part {page}</h1>"
        f"{paragraphs}</article><footer>Copyright</footer></body></html>"
    )


def generated_site(site: int, pages: int, delay: float, host: str) -> dict[str, Page]:
    """A site of ``pages`` pages (its home and ``pages - 1`` articles) that a sitemap named in
    its robots.txt lists, asking for ``delay`` seconds between requests."""
    base: dict[str, Page] = {
        "/robots.txt": Page(
            body=f"User-agent: *\nCrawl-delay: {delay}\nDisallow: /private/\n"
            f"Sitemap: {host}/sitemap.xml\n",
            content_type="text/plain",
        ),
        "/": Page(body=article(site, 0)),
    }
    for page in range(1, pages):
        base[f"/posts/{page}"] = Page(body=article(site, page))
    listed = "".join(f"<url><loc>{host}/posts/{page}</loc></url>" for page in range(1, pages))
    base["/sitemap.xml"] = Page(
        body=f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{listed}</urlset>',
        content_type="application/xml",
    )
    return base


async def _serve_generated(args: argparse.Namespace) -> None:
    sites = [Site(host=f"127.0.0.{n + 2}") for n in range(args.hosts)]
    urls = [await site.start() for site in sites]
    for n, site in enumerate(sites):
        site.pages.update(generated_site(n, args.pages, args.delay, site.base_url))
    _say({"sites": urls})
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until closed
    _say({"hits": {s.base_url: [[h.path, h.at] for h in s.hits] for s in sites}})
    for site in sites:
        await site.stop()


def _say(document: object) -> None:
    sys.stdout.write(json.dumps(document) + "\n")
    sys.stdout.flush()


def main() -> None:
    """Serve ``--hosts`` generated sites (127.0.0.2, .3, ...) of ``--pages`` pages each,
    asking for ``--delay`` seconds between requests; print their URLs as a JSON line, and,
    once standard input closes, every request each received, with its arrival time."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.2)
    asyncio.run(_serve_generated(parser.parse_args()))


if __name__ == "__main__":
    main()
