"""The httpx WebFetcher: competitor research's polite, guarded GET.

Every request goes through ``egress.guarded_client`` (one lookup, every address checked, the
socket connected to the checked address). Redirects are followed here, one hop at a time, up
to a limit, and each target is a new request: checked at the door (``check_url``), by its
host's robots.txt, paced for its host, and checked again by the guard when it connects, so a
public page redirecting to ``169.254.169.254`` or ``10.0.0.1`` is refused before any packet
leaves. Bodies are read raw and decompressed here within the size limit (Content-Encoding
gzip or deflate, and gzip files such as ``sitemap.xml.gz``), so a small compressed body can
never grow past the limit in memory.
"""

from __future__ import annotations

import asyncio
import ssl
import zlib
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from umt.adapters.httpx.egress import Resolver, guarded_client, system_resolver
from umt.adapters.httpx.politeness import ROBOTS_MAX_BYTES, HostPacer, RobotsRules, Turn
from umt.domain.shared.network import NetworkPolicy, UnsafeDestination, check_url
from umt.ports.web_fetcher import Fetched, FetchFailure, Validators, WebFetcher

REDIRECTS = frozenset({301, 302, 303, 307, 308})
GZIP_MAGIC = b"\x1f\x8b"
GZIP_TYPES = frozenset({"application/gzip", "application/x-gzip"})
# names that never stand for a host on the public internet (RFC 2606, 6761, 6762, 8375, 7686,
# ICANN's .internal): refused without a DNS query, so a crawl of a made-up or internal
# competitor site leaks no lookup to the resolver
RESERVED_SUFFIXES = ("example", "invalid", "test", "local", "internal", "home.arpa", "onion")
_GZIP_WBITS = 16 + zlib.MAX_WBITS
_DEFLATE_WBITS = zlib.MAX_WBITS  # zlib-wrapped, as RFC 9110 defines "deflate"


class _Stop(Exception):  # an answer, not an error: the fetch ends with it
    def __init__(self, failure: FetchFailure, detail: str, status: int | None = None) -> None:
        super().__init__(detail)
        self.failure = failure
        self.detail = detail
        self.status = status


class HttpxWebFetcher(WebFetcher):
    """Polite GETs through the SSRF guard (see the module doc).

    ``min_interval`` is the pause per host when its robots.txt names no crawl-delay;
    a host asking for more than ``max_crawl_delay`` is not fetched (``crawl_delay_too_long``)
    rather than fetched faster than it asked. ``resolver``, ``client`` and ``pacer`` are the
    seams tests use (a scripted DNS, a recorded socket, a fake clock).
    """

    def __init__(
        self,
        *,
        policy: NetworkPolicy,
        user_agent: str,
        timeout_seconds: float = 10.0,
        max_bytes: int = 2 * 1024 * 1024,
        max_redirects: int = 5,
        min_interval: float = 1.0,
        max_crawl_delay: float = 60.0,
        resolver: Resolver = system_resolver,
        client: httpx.AsyncClient | None = None,
        pacer: HostPacer | None = None,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        self._policy = policy
        self._agent = user_agent
        self._token = user_agent.split("/", 1)[0].strip() or user_agent
        self._timeout = timeout_seconds
        self._max_bytes = max_bytes
        self._max_redirects = max_redirects
        self._min_interval = min_interval
        self._max_delay = max_crawl_delay
        self._client = client or guarded_client(
            policy,
            timeout=httpx.Timeout(timeout_seconds),
            headers={"User-Agent": user_agent},
            resolver=resolver,
            verify=verify,
        )
        self._pacer = pacer or HostPacer()
        self._robots: dict[str, RobotsRules] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}

    async def fetch(
        self,
        url: str,
        *,
        validators: Validators | None = None,
        max_bytes: int | None = None,
        cut: bool = False,
    ) -> Fetched:
        limit = _Limit(max_bytes or self._max_bytes, cut=cut)
        current = url
        try:
            for _ in range(self._max_redirects + 1):
                origin = self._door(current)
                rules = await self._rules(origin)
                if not rules.allows(current):
                    raise _Stop(FetchFailure.ROBOTS_DISALLOWED, f"robots.txt disallows {current}")
                delay = self._delay(rules)
                answer = await self._get(origin, current, delay, validators, limit)
                if isinstance(answer, str):  # a redirect: the next hop is a new request
                    current = answer
                    continue
                return answer.finish(url, current)
            raise _Stop(FetchFailure.TOO_MANY_REDIRECTS, f"more than {self._max_redirects}")
        except _Stop as stop:
            return Fetched(
                url=url,
                final_url=current,
                fetched_at=_now(),
                status=stop.status,
                failure=stop.failure,
                detail=stop.detail[:300],
            )

    async def sitemaps_of(self, site_url: str) -> list[str]:
        try:
            origin = self._door(site_url)
        except _Stop:
            return []
        return (await self._rules(origin)).sitemaps()

    async def close(self) -> None:
        await self._client.aclose()

    # -- the steps of a fetch ---------------------------------------------------------------

    def _door(self, url: str) -> str:
        """The origin of ``url`` if the guard lets it through the door (literal addresses,
        local names, schemes); the socket is checked again when it connects."""
        try:
            host = check_url(url, self._policy, field="url")
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except UnsafeDestination as exc:
            raise _Stop(FetchFailure.UNSAFE_DESTINATION, exc.message) from None
        except ValueError as exc:  # a port that is no number
            raise _Stop(FetchFailure.UNSAFE_DESTINATION, str(exc)) from None
        if any(host == name or host.endswith(f".{name}") for name in RESERVED_SUFFIXES):
            reserved = f"{host!r} is a reserved name, never a host on the internet"
            raise _Stop(FetchFailure.UNSAFE_DESTINATION, reserved)
        return f"{parts.scheme}://{parts.hostname}:{port}"

    def _delay(self, rules: RobotsRules) -> float:
        asked = rules.crawl_delay()
        if asked is not None and asked > self._max_delay:
            raise _Stop(
                FetchFailure.CRAWL_DELAY_TOO_LONG,
                f"the host asks for {asked:g} s between requests (at most "
                f"{self._max_delay:g} s are waited)",
            )
        return max(self._min_interval, asked or 0.0)

    async def _rules(self, origin: str) -> RobotsRules:
        """The origin's robots.txt, fetched once per fetcher (a crawl's lifetime)."""
        cached = self._robots.get(origin)
        if cached is not None:
            return cached
        async with self._robots_locks.setdefault(origin, asyncio.Lock()):
            cached = self._robots.get(origin)
            if cached is None:
                cached = self._robots[origin] = await self._read_robots(origin)
        return cached

    async def _read_robots(self, origin: str) -> RobotsRules:
        url = f"{origin}/robots.txt"
        try:
            for _ in range(self._max_redirects + 1):  # RFC 9309: follow at least five
                hop_origin = self._door(url)
                answer = await self._get(
                    hop_origin, url, self._min_interval, None, _Limit(ROBOTS_MAX_BYTES)
                )
                if isinstance(answer, str):
                    url = answer
                    continue
                text = answer.body.decode("utf-8", errors="replace")
                return RobotsRules.parse(text, self._token)
        except _Stop as stop:
            if stop.failure is FetchFailure.UNSAFE_DESTINATION:
                raise  # the host itself is refused: so is the page
            if stop.status is not None and 400 <= stop.status < 500:
                return RobotsRules.allow_all()  # "unavailable": no rules
            return RobotsRules.deny_all()  # "unreachable" (5xx, network, oversize): disallow all
        return RobotsRules.deny_all()  # redirected in circles

    async def _get(
        self,
        origin: str,
        url: str,
        delay: float,
        validators: Validators | None,
        limit: _Limit,
    ) -> _Answer | str:
        """One GET in the host's turn: an answer, or the absolute URL it redirects to."""
        headers = {"Accept-Encoding": "gzip, deflate"}
        if validators is not None:
            if validators.etag:
                headers["If-None-Match"] = validators.etag
            if validators.last_modified:
                headers["If-Modified-Since"] = validators.last_modified
        async with self._pacer.turn(origin, delay) as turn:
            try:
                async with asyncio.timeout(self._timeout):
                    return await self._exchange(url, headers, limit, turn)
            except TimeoutError:
                raise _Stop(
                    FetchFailure.TIMED_OUT, f"no answer within {self._timeout:g} s"
                ) from None
            except UnsafeDestination as exc:
                raise _Stop(FetchFailure.UNSAFE_DESTINATION, exc.message) from None
            except httpx.TimeoutException:
                raise _Stop(
                    FetchFailure.TIMED_OUT, f"no answer within {self._timeout:g} s"
                ) from None
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise _Stop(
                    FetchFailure.CONNECTION_FAILED, f"{type(exc).__name__}: {exc}"
                ) from None

    async def _exchange(
        self, url: str, headers: dict[str, str], limit: _Limit, turn: Turn
    ) -> _Answer | str:
        async with self._client.stream("GET", url, headers=headers) as response:
            turn.answered()  # the server has the request: the host's delay counts from here
            status = response.status_code
            if status in REDIRECTS:
                location = response.headers.get("location")
                if not location:
                    raise _Stop(FetchFailure.HTTP_ERROR, "a redirect without Location", status)
                target: str = urljoin(url, location.strip())
                return target
            if status == 304:
                return _Answer(status, b"", "", _validators(response))
            if status >= 400 or status < 200:
                raise _Stop(FetchFailure.HTTP_ERROR, f"HTTP {status}", status)
            declared = response.headers.get("content-length", "")
            if not limit.cut and declared.isdigit() and int(declared) > limit.size:
                raise _Stop(FetchFailure.TOO_LARGE, f"{declared} bytes declared", status)
            raw = bytearray()
            async for chunk in response.aiter_raw():
                raw += chunk
                if len(raw) > limit.size:
                    if not limit.cut:
                        raise _Stop(FetchFailure.TOO_LARGE, f"over {limit.size} bytes", status)
                    limit.truncated = True  # the rest is never read: the connection closes
                    break
            body = _decode(bytes(raw), response.headers.get("content-encoding", ""), limit)
            media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
            if body[:2] == GZIP_MAGIC and (media in GZIP_TYPES or url.endswith(".gz")):
                body = inflate(body, limit=limit, wbits=_GZIP_WBITS)  # a gzip file
            return _Answer(status, body[: limit.size], media, _validators(response), limit)


class _Limit:
    """A fetch's size limit, and whether a longer body is cut to it rather than refused."""

    __slots__ = ("cut", "size", "truncated")

    def __init__(self, size: int, *, cut: bool = False) -> None:
        self.size = size
        self.cut = cut
        self.truncated = False


class _Answer:
    __slots__ = ("body", "limit", "media", "status", "validators")

    def __init__(
        self,
        status: int,
        body: bytes,
        media: str,
        validators: Validators,
        limit: _Limit | None = None,
    ) -> None:
        self.status = status
        self.body = body
        self.media = media
        self.validators = validators
        self.limit = limit

    def finish(self, url: str, final_url: str) -> Fetched:
        return Fetched(
            url=url,
            final_url=final_url,
            fetched_at=_now(),
            status=self.status,
            body=self.body,
            content_type=self.media,
            validators=self.validators,
            truncated=self.limit is not None and self.limit.truncated,
        )


def inflate(data: bytes, *, limit: _Limit | int, wbits: int) -> bytes:
    """``data`` decompressed, refused (or cut, as ``limit`` says) past its size of output (a
    decompression bomb never grows beyond the limit in memory: zlib stops at
    ``max_length``)."""
    bound = limit if isinstance(limit, _Limit) else _Limit(limit)
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(data, bound.size + 1)
    except zlib.error as exc:
        raise _Stop(FetchFailure.CONNECTION_FAILED, f"a broken compressed body: {exc}") from None
    if len(out) > bound.size or inflater.unconsumed_tail:
        if not bound.cut:
            raise _Stop(FetchFailure.TOO_LARGE, f"over {bound.size} bytes once decompressed")
        bound.truncated = True
        return out[: bound.size]
    return out


def _decode(raw: bytes, encoding: str, limit: _Limit) -> bytes:
    coding = encoding.strip().lower()
    if coding in ("", "identity"):
        return raw
    if coding in ("gzip", "x-gzip"):
        return inflate(raw, limit=limit, wbits=_GZIP_WBITS)
    if coding == "deflate":
        return inflate(raw, limit=limit, wbits=_DEFLATE_WBITS)
    raise _Stop(FetchFailure.UNSUPPORTED, f"Content-Encoding {encoding!r} was not asked for")


def _validators(response: httpx.Response) -> Validators:
    return Validators(
        etag=response.headers.get("etag") or None,
        last_modified=response.headers.get("last-modified") or None,
    )


def tls_context() -> ssl.SSLContext:
    """The certificate checks of every fetcher (the system's CA bundle, as httpx loads it),
    built once and shared: each fetcher would otherwise load the bundle again."""
    return httpx.create_ssl_context(verify=True, trust_env=False)


def _now() -> datetime:
    return datetime.now(UTC)
