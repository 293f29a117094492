"""The entities under a campaign: ad sets (budget, targeting, bidding) and their ads.

Each carries our ``reference`` (derived from its id, stable across retries) and, once the
platform created it, its ``remote_id``. They change only through their campaign.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from umt.domain.advertising.budget import Budget
from umt.domain.advertising.errors import BudgetNotPositive, CampaignInvalid
from umt.domain.advertising.levels import BidStrategy, DeliveryStatus
from umt.domain.advertising.targeting import AdTargeting
from umt.domain.shared.ids import AdId, AdSetId, ContentId, ContentVersionId
from umt.domain.shared.money import Money
from umt.domain.shared.values import Url, require_text

MAX_NAME = 200
MAX_PLACEMENTS = 30
# the strategies whose ``bid`` is money (a cap, or a target cost per result)
MONEY_BID = frozenset({BidStrategy.COST_CAP, BidStrategy.BID_CAP, BidStrategy.TARGET_CPA})


def reference_of(prefix: str, id_: UUID) -> str:
    """Our reference for an object: what ``AdNetwork.find`` looks it up by after a crash."""
    return f"{prefix}-{id_.hex}"


@dataclass(frozen=True, slots=True, kw_only=True)
class CreativeMedia:
    url: Url
    kind: str  # "image" or "video"
    alt_text: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ("image", "video"):
            raise CampaignInvalid("an ad's media is an image or a video", field="creative.media")


@dataclass(frozen=True, slots=True, kw_only=True)
class AdCreative:
    """What an ad shows, copied from an approved content version (kept as shown)."""

    content_id: ContentId
    content_version_id: ContentVersionId
    headline: str
    body: str
    link: Url
    call_to_action: str | None = None
    media: tuple[CreativeMedia, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "headline", require_text(self.headline, field="creative.headline", max_length=255)
        )
        object.__setattr__(
            self, "body", require_text(self.body, field="creative.body", max_length=5000)
        )
        if len(self.media) > 10:
            raise CampaignInvalid("an ad has at most 10 media items", field="creative.media")


@dataclass(slots=True, kw_only=True)
class Ad:
    id: AdId
    name: str
    creative: AdCreative
    status: DeliveryStatus = DeliveryStatus.PAUSED
    remote_id: str | None = None

    def __post_init__(self) -> None:
        self.name = require_text(self.name, field="ads.name", max_length=MAX_NAME)
        self.status = DeliveryStatus(self.status)

    @property
    def reference(self) -> str:
        return reference_of("ad", self.id)


@dataclass(slots=True, kw_only=True)
class AdSet:
    id: AdSetId
    name: str
    budget: Budget
    targeting: AdTargeting
    bid_strategy: BidStrategy = BidStrategy.LOWEST_COST
    bid: Money | None = None
    placements: tuple[str, ...] = ()  # empty: automatic placements
    starts_at: datetime | None = None  # None: the campaign's
    ends_at: datetime | None = None
    status: DeliveryStatus = DeliveryStatus.PAUSED
    remote_id: str | None = None
    ads: list[Ad] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.name = require_text(self.name, field="ad_sets.name", max_length=MAX_NAME)
        self.bid_strategy = BidStrategy(self.bid_strategy)
        self.status = DeliveryStatus(self.status)
        self.placements = tuple(
            dict.fromkeys(
                require_text(p, field="placements", max_length=60) for p in self.placements
            )
        )
        if len(self.placements) > MAX_PLACEMENTS:
            raise CampaignInvalid(f"at most {MAX_PLACEMENTS} placements", field="placements")
        if self.bid_strategy in MONEY_BID and self.bid is None:
            raise CampaignInvalid(
                f"the {self.bid_strategy.value} strategy needs a bid", field="bid"
            )
        if self.bid_strategy not in MONEY_BID and self.bid is not None:
            raise CampaignInvalid(
                f"the {self.bid_strategy.value} strategy takes no money bid", field="bid"
            )
        if self.bid is not None and self.bid.amount <= 0:
            raise BudgetNotPositive("a bid must be greater than zero", field="bid")

    @property
    def reference(self) -> str:
        return reference_of("set", self.id)

    def ad(self, ad_id: AdId) -> Ad | None:
        return next((ad for ad in self.ads if ad.id == ad_id), None)
