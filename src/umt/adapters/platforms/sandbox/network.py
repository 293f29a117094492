"""The sandbox network: a simulated social network, email service and ad network in process.

Accounts, the OAuth authorization server (``oauth``), the failure hooks (``faults``), and
the API later features use: publish posts (natively scheduled or not), send email campaigns,
run ads, and read their metrics at any simulated time. Every API call takes an access token
and checks its scopes, as a real platform would. The API is documented in docs/sandbox.md.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TypeVar

import msgspec

from umt.adapters.platforms.sandbox import engagement as model
from umt.adapters.platforms.sandbox.ad_tree import SandboxAdTree
from umt.adapters.platforms.sandbox.errors import (
    InvalidRequest,
    NotFound,
    Rejected,
)
from umt.adapters.platforms.sandbox.faults import Faults
from umt.adapters.platforms.sandbox.oauth import SandboxAuthorization, SandboxClient
from umt.adapters.platforms.sandbox.posts import SandboxPosts, tag
from umt.adapters.platforms.sandbox.records import Ad, Campaign, Post, SandboxAccount
from umt.adapters.platforms.sandbox.simulation import (
    AdMetrics,
    AdPlan,
    CampaignMetrics,
    PostMetrics,
    ad_metrics,
    campaign_metrics,
    post_metrics,
)
from umt.adapters.platforms.sandbox.store import SandboxStore
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.money import currency_code
from umt.domain.shared.time_zones import require_time_zone
from umt.ports.clock import Clock

MAX_TEXT = 10_000
MAX_NAME = 80
MAX_MEDIA = 10
MAX_AHEAD = timedelta(days=365)  # native scheduling horizon
DEFAULT_AD_BUDGET_CENTS = 100_000
DEFAULT_CURRENCY = "USD"
DEFAULT_TIME_ZONE = "UTC"
# The consent page creates accounts for anyone who asks: a bound keeps the store (and the
# page, which lists them) small.
MAX_ACCOUNTS = 10_000
MAX_REFERENCE = 200
T = TypeVar("T", Post, Campaign, Ad)


def _aware(at: datetime | None, field: str) -> None:
    if at is not None and at.tzinfo is None:
        raise InvalidRequest(f"{field} must be timezone-aware")


def _currency(code: str) -> str:
    try:
        return currency_code(code)
    except InvalidValue:
        raise InvalidRequest(f"{code!r} is not an ISO 4217 currency code") from None


def _time_zone(name: str) -> str:
    try:
        return require_time_zone(name)
    except InvalidValue:
        raise InvalidRequest(f"{name!r} is not an IANA time zone") from None


def _media(refs: Sequence[str], field: str) -> list[str]:
    if len(refs) > MAX_MEDIA or any(not ref or len(ref) > 2000 for ref in refs):
        raise InvalidRequest(f"{field}: at most {MAX_MEDIA} references of 1 to 2000 characters")
    return list(refs)


class SandboxNetwork:
    def __init__(
        self,
        store: SandboxStore,
        clock: Clock,
        *,
        seed: int = 0,
        clients: tuple[SandboxClient, ...] = (),
    ) -> None:
        self.store = store
        self.clock = clock
        self.seed = seed
        self.faults = Faults()
        self.oauth = SandboxAuthorization(store, clock, self.faults, clients)
        self.posts = SandboxPosts(self)  # finding, listing, deleting, commenting (posts.py)
        self.ads = SandboxAdTree(self)  # campaigns → ad sets → ads (ad_tree.py)

    # -- accounts ------------------------------------------------------------------------

    async def create_account(
        self,
        name: str,
        *,
        followers: int | None = None,
        subscribers: int | None = None,
        ad_audience: int | None = None,
        ad_budget_cents: int = DEFAULT_AD_BUDGET_CENTS,
        currency: str = DEFAULT_CURRENCY,
        time_zone: str = DEFAULT_TIME_ZONE,
    ) -> SandboxAccount:
        """A new sandbox user; audience sizes not given are drawn (seeded per account). The
        ad account keeps its budgets and reports its spend in ``currency`` (ISO 4217) and its
        days in ``time_zone`` (IANA)."""
        name = name.strip()
        currency = _currency(currency)
        time_zone = _time_zone(time_zone)
        if not 1 <= len(name) <= MAX_NAME or not name.isprintable():
            raise InvalidRequest(f"an account name has 1 to {MAX_NAME} printable characters")
        if min(followers or 0, subscribers or 0, ad_audience or 0, ad_budget_cents) < 0:
            raise InvalidRequest("audience sizes and budgets cannot be negative")
        number = await self.store.next_id("account")
        if number > MAX_ACCOUNTS:
            raise Rejected(f"the sandbox holds at most {MAX_ACCOUNTS} accounts")
        account_id = f"acct_{number}"
        rng = random.Random(f"{self.seed}:account:{account_id}")  # noqa: S311 - a simulation
        drawn_followers = round(min(max(rng.lognormvariate(math.log(5000), 1.0), 50), 2e6))
        drawn_subscribers = round(min(max(rng.lognormvariate(math.log(2000), 0.8), 20), 5e5))
        account = SandboxAccount(
            id=account_id,
            name=name,
            created_at=self.clock.now(),
            followers=drawn_followers if followers is None else followers,
            subscribers=drawn_subscribers if subscribers is None else subscribers,
            ad_audience=50 * drawn_followers if ad_audience is None else ad_audience,
            ad_budget_cents=ad_budget_cents,
            currency=currency,
            time_zone=time_zone,
        )
        await self.store.put("account", account.id, msgspec.json.encode(account))
        return account

    async def account(self, account_id: str) -> SandboxAccount:
        raw = await self.store.get("account", account_id)
        if raw is None:
            raise NotFound("no such sandbox account")
        return msgspec.json.decode(raw, type=SandboxAccount)

    async def accounts(self) -> list[SandboxAccount]:
        return [
            msgspec.json.decode(raw, type=SandboxAccount)
            for raw in await self.store.list("account")
        ]

    async def me(self, access_token: str) -> tuple[SandboxAccount, tuple[str, ...]]:
        """The account a token acts for and the scopes it holds (needs ``profile``)."""
        grant = await self.oauth.authenticate(access_token, "profile")
        return await self.account(grant.account_id), tuple(grant.scopes)

    # -- posts ---------------------------------------------------------------------------

    async def publish_post(
        self,
        access_token: str,
        *,
        text: str,
        image_refs: Sequence[str] = (),
        video_refs: Sequence[str] = (),
        scheduled_at: datetime | None = None,
        reference: str | None = None,
        title: str | None = None,
        link: str | None = None,
    ) -> Post:
        """Publish now, or natively schedule for ``scheduled_at`` (metrics start then).

        ``reference`` is the client's own: kept on the post and searchable (``posts.find``),
        never unique (the network, like every real one, posts twice when asked twice)."""
        grant = await self.oauth.authenticate(access_token, "publish")
        now = self.clock.now()
        _aware(scheduled_at, "scheduled_at")
        if scheduled_at is not None and not now < scheduled_at <= now + MAX_AHEAD:
            raise InvalidRequest("scheduled_at must be in the future, within a year")
        if len(text) > MAX_TEXT or not (text.strip() or image_refs or video_refs):
            raise InvalidRequest(f"a post has text (at most {MAX_TEXT} characters) or media")
        if reference is not None and not 1 <= len(reference) <= MAX_REFERENCE:
            raise InvalidRequest(f"a reference has 1 to {MAX_REFERENCE} characters")
        if (title and len(title) > MAX_NAME * 4) or (link and len(link) > 2000):
            raise InvalidRequest("a title has at most 320 characters, a link at most 2000")
        await self.posts.check_publishing(grant.account_id, text, now)
        post = Post(
            id=f"post_{await self.store.next_id('post')}",
            account_id=grant.account_id,
            text=text,
            image_refs=_media(image_refs, "image_refs"),
            video_refs=_media(video_refs, "video_refs"),
            created_at=now,
            published_at=scheduled_at or now,
            scheduled=scheduled_at is not None,
            reference=reference,
            title=title,
            link=link,
        )
        await self.store.put(
            "post",
            post.id,
            msgspec.json.encode(post),
            owner=post.account_id,
            tag=tag(reference),
        )
        self.faults.after_effect()
        return post

    async def posts_with_reference(self, reference: str) -> list[Post]:
        """Test hook, the network's own record: every post ever created with the client
        ``reference`` by any account, deleted ones included. Exactly-once publishing is
        verified against its length."""
        return await self.posts.with_reference(reference)

    async def get_post(self, access_token: str, post_id: str) -> Post:
        grant = await self.oauth.authenticate(access_token, "publish", "analytics")
        return await self._owned("post", post_id, grant.account_id, Post)

    async def list_posts(self, access_token: str) -> list[Post]:
        grant = await self.oauth.authenticate(access_token, "publish", "analytics")
        return await self._all("post", grant.account_id, Post)

    async def post_metrics(
        self, access_token: str, post_id: str, *, at: datetime | None = None
    ) -> PostMetrics:
        """A post's cumulative counts at ``at`` (default: now); zero before publication."""
        grant = await self.oauth.authenticate(access_token, "analytics")
        post = await self._owned("post", post_id, grant.account_id, Post)
        account = await self.account(post.account_id)
        return post_metrics(
            f"{self.seed}:{post.simulation_key or f'post:{post.id}'}",
            account.followers,
            self.post_rates(post),
            self._hours(post.published_at, at),
        )

    def post_rates(self, post: Post) -> model.SocialRates:
        """The expected rates of a post (the truth an experiment tries to estimate)."""
        content = model.features(
            post.text,
            model.Channel.SOCIAL,
            images=len(post.image_refs),
            videos=len(post.video_refs),
        )
        fingerprint = "\x00".join(["social", post.text, *post.image_refs, "|", *post.video_refs])
        quality = model.latent_quality(self.seed, fingerprint)
        return model.social_rates(content, quality, post.published_at)

    # -- email campaigns -----------------------------------------------------------------

    async def send_campaign(
        self,
        access_token: str,
        *,
        subject: str,
        body: str,
        recipients: int | None = None,
        send_at: datetime | None = None,
    ) -> Campaign:
        """Send to ``recipients`` of the list (all by default), now or at ``send_at``."""
        grant = await self.oauth.authenticate(access_token, "email")
        account = await self.account(grant.account_id)
        now = self.clock.now()
        _aware(send_at, "send_at")
        if send_at is not None and not now < send_at <= now + MAX_AHEAD:
            raise InvalidRequest("send_at must be in the future, within a year")
        if not subject.strip() or len(subject) > 300 or not body.strip() or len(body) > 100_000:
            raise InvalidRequest(
                "a campaign has a subject (at most 300 characters) and a body (at most 100000)"
            )
        count = account.subscribers if recipients is None else recipients
        if not 0 < count <= account.subscribers:
            raise Rejected(f"recipients must be between 1 and the list's {account.subscribers}")
        campaign = Campaign(
            id=f"cmp_{await self.store.next_id('campaign')}",
            account_id=account.id,
            subject=subject,
            body=body,
            recipients=count,
            created_at=now,
            send_at=send_at or now,
        )
        await self.store.put(
            "campaign", campaign.id, msgspec.json.encode(campaign), owner=account.id
        )
        return campaign

    async def get_campaign(self, access_token: str, campaign_id: str) -> Campaign:
        grant = await self.oauth.authenticate(access_token, "email", "analytics")
        return await self._owned("campaign", campaign_id, grant.account_id, Campaign)

    async def list_campaigns(self, access_token: str) -> list[Campaign]:
        grant = await self.oauth.authenticate(access_token, "email", "analytics")
        return await self._all("campaign", grant.account_id, Campaign)

    async def campaign_metrics(
        self, access_token: str, campaign_id: str, *, at: datetime | None = None
    ) -> CampaignMetrics:
        grant = await self.oauth.authenticate(access_token, "analytics")
        campaign = await self._owned("campaign", campaign_id, grant.account_id, Campaign)
        hours = self._hours(campaign.send_at, at)
        if hours < 0:
            return CampaignMetrics()
        return campaign_metrics(
            f"{self.seed}:campaign:{campaign.id}",
            campaign.recipients,
            self.campaign_rates(campaign),
            hours,
        )

    def campaign_rates(self, campaign: Campaign) -> model.EmailRates:
        subject = model.features(campaign.subject, model.Channel.EMAIL_SUBJECT)
        body = model.features(campaign.body, model.Channel.EMAIL_BODY)
        fingerprint = "\x00".join(["email", campaign.subject, campaign.body])
        quality = model.latent_quality(self.seed, fingerprint)
        return model.email_rates(subject, body, quality, campaign.send_at)

    # -- ads -----------------------------------------------------------------------------

    async def create_ad(
        self,
        access_token: str,
        *,
        creative: str,
        budget_cents: int,
        bid_cpm_cents: int,
        days: int = 7,
        image_refs: Sequence[str] = (),
        video_refs: Sequence[str] = (),
        start_at: datetime | None = None,
    ) -> Ad:
        """Run an ad from now (or ``start_at``) for ``days``, committing ``budget_cents`` of
        the ad account's budget; refused when the account cannot cover it."""
        grant = await self.oauth.authenticate(access_token, "ads")
        account = await self.account(grant.account_id)
        now = self.clock.now()
        _aware(start_at, "start_at")
        if start_at is not None and not now < start_at <= now + MAX_AHEAD:
            raise InvalidRequest("start_at must be in the future, within a year")
        if not creative.strip() or len(creative) > MAX_TEXT:
            raise InvalidRequest(f"an ad has a creative text of at most {MAX_TEXT} characters")
        if budget_cents < 1 or not 1 <= bid_cpm_cents <= 100_000 or not 1 <= days <= 90:
            raise InvalidRequest(
                "budget of at least 1 cent, bid 1 to 100000 cents CPM, 1 to 90 days"
            )
        committed = sum(ad.budget_cents for ad in await self._all("ad", account.id, Ad))
        if committed + budget_cents > account.ad_budget_cents:
            raise Rejected("the ad account's remaining budget cannot cover this ad")
        ad = Ad(
            id=f"ad_{await self.store.next_id('ad')}",
            account_id=account.id,
            creative=creative,
            image_refs=_media(image_refs, "image_refs"),
            video_refs=_media(video_refs, "video_refs"),
            budget_cents=budget_cents,
            bid_cpm_cents=bid_cpm_cents,
            days=days,
            created_at=now,
            start_at=start_at or now,
        )
        await self.store.put("ad", ad.id, msgspec.json.encode(ad), owner=account.id)
        return ad

    async def get_ad(self, access_token: str, ad_id: str) -> Ad:
        grant = await self.oauth.authenticate(access_token, "ads", "analytics")
        return await self._owned("ad", ad_id, grant.account_id, Ad)

    async def list_ads(self, access_token: str) -> list[Ad]:
        grant = await self.oauth.authenticate(access_token, "ads", "analytics")
        return await self._all("ad", grant.account_id, Ad)

    async def ad_metrics(
        self, access_token: str, ad_id: str, *, at: datetime | None = None
    ) -> AdMetrics:
        grant = await self.oauth.authenticate(access_token, "analytics")
        ad = await self._owned("ad", ad_id, grant.account_id, Ad)
        account = await self.account(ad.account_id)
        plan = AdPlan(
            audience=account.ad_audience,
            budget_cents=ad.budget_cents,
            days=ad.days,
            start_at=ad.start_at,
        )
        return ad_metrics(
            f"{self.seed}:ad:{ad.id}", plan, self.ad_rates(ad), self._hours(ad.start_at, at)
        )

    def ad_rates(self, ad: Ad) -> model.AdRates:
        content = model.features(
            ad.creative, model.Channel.AD, images=len(ad.image_refs), videos=len(ad.video_refs)
        )
        fingerprint = "\x00".join(["ad", ad.creative, *ad.image_refs, "|", *ad.video_refs])
        quality = model.latent_quality(self.seed, fingerprint)
        return model.ad_rates(content, quality, ad.bid_cpm_cents)

    # -- test hooks (stored state; outages and rate limits are on ``faults``) ------------

    async def expire_access_token(self, access_token: str) -> None:
        await self.oauth.expire_access_token(access_token)

    async def revoke_grants(self, account_id: str) -> int:
        return await self.oauth.revoke_grants(account_id)

    # -- helpers -------------------------------------------------------------------------

    def _hours(self, start: datetime, at: datetime | None) -> float:
        _aware(at, "at")
        return ((at or self.clock.now()) - start).total_seconds() / 3600.0

    async def _owned(self, kind: str, key: str, account_id: str, type_: type[T]) -> T:
        raw = await self.store.get(kind, key)
        found = None if raw is None else msgspec.json.decode(raw, type=type_)
        if found is None or getattr(found, "account_id", None) != account_id:
            raise NotFound(f"no such {kind}")  # another account's object is not shown either
        return found

    async def _all(self, kind: str, account_id: str, type_: type[T]) -> list[T]:
        return [
            msgspec.json.decode(raw, type=type_)
            for raw in await self.store.list(kind, owner=account_id)
        ]
