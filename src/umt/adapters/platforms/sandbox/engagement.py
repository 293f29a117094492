"""The sandbox's engagement model: expected rates from content, audience and timing.

Every rate is a logistic function of a base rate, the content's features, a latent per-content
quality and the time of publication, with the total shift clamped so that each rate stays
within documented bounds. Formulas and parameters are documented in docs/sandbox.md; the
draws that turn rates into counts live in ``simulation.py``.

Randomness is always a ``random.Random`` seeded from the network seed and a string naming the
object (strings seed through SHA-512, so the draws are the same in every process whatever
PYTHONHASHSEED is); nothing here touches the global generator.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

MAX_SHIFT = 2.0  # bound of the total logit shift: each rate stays in [s(a-2), s(a+2)], s logistic
QUALITY_SD = 0.35  # spread of the latent per-content quality (logit units)
QUALITY_CLAMP = 3 * QUALITY_SD
TIMING_WEIGHT = 0.5  # how strongly the send time moves an email's open rate (logit per ln)


class Channel(StrEnum):
    """Where a text appears; each has its own optimal length (characters)."""

    SOCIAL = "social"
    EMAIL_SUBJECT = "email_subject"
    EMAIL_BODY = "email_body"
    AD = "ad"


OPTIMAL_LENGTH = {
    Channel.SOCIAL: 110,
    Channel.EMAIL_SUBJECT: 45,
    Channel.EMAIL_BODY: 900,
    Channel.AD: 90,
}

# Relative activity by UTC hour of day and by weekday (Monday first); the peak is 1.0.
HOUR_ACTIVITY = (
    0.25, 0.20, 0.15, 0.15, 0.20, 0.30, 0.50, 0.70, 0.85, 0.95, 1.00, 0.95,
    0.90, 0.90, 0.85, 0.80, 0.80, 0.85, 0.90, 1.00, 0.95, 0.80, 0.60, 0.40,
)  # fmt: skip
WEEKDAY_ACTIVITY = (0.90, 1.00, 1.00, 0.95, 0.85, 0.70, 0.75)

_CALL_TO_ACTION = re.compile(
    r"\b(learn more|sign up|shop now|buy|order|subscribe|register|download|join|try|book|"
    r"get started|get yours|click|discover|read more|see more)\b",
    re.IGNORECASE,
)
_HASHTAG = re.compile(r"(?<!\w)#\w+")


@dataclass(frozen=True, slots=True)
class ContentFeatures:
    """What the model reads from a piece of content."""

    length_penalty: float  # -|ln(length / optimum)|, clipped to [-2, 0]; 0 at the optimum
    question: bool  # asks the reader something
    call_to_action: bool  # tells the reader what to do
    hashtags: int
    media: float  # 0 none, 1 images, 1.3 video (video engages more)


def features(text: str, channel: Channel, *, images: int = 0, videos: int = 0) -> ContentFeatures:
    length = max(len(text.strip()), 1)
    penalty = -min(abs(math.log(length / OPTIMAL_LENGTH[channel])), 2.0)
    return ContentFeatures(
        length_penalty=penalty,
        question="?" in text,
        call_to_action=bool(_CALL_TO_ACTION.search(text)),
        hashtags=len(_HASHTAG.findall(text)),
        media=1.3 if videos else (1.0 if images else 0.0),
    )


@dataclass(frozen=True, slots=True)
class Weights:
    """Logit weights of one rate; ``quality`` is the sign (and size) of the latent quality."""

    length: float = 0.0
    question: float = 0.0
    call_to_action: float = 0.0
    hashtags: float = 0.0
    media: float = 0.0
    quality: float = 1.0


def hashtag_score(count: int) -> float:
    """One to three hashtags help a little; more than three read as spam."""
    return 0.15 * min(count, 2) - 0.2 * max(count - 3, 0)


def logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def rate(
    base: float, weights: Weights, content: ContentFeatures, quality: float, extra: float = 0.0
) -> float:
    """logistic(logit(base) + clamp(w.x + w_q * q + extra, -MAX_SHIFT, MAX_SHIFT))."""
    shift = (
        weights.length * content.length_penalty
        + weights.question * content.question
        + weights.call_to_action * content.call_to_action
        + weights.hashtags * hashtag_score(content.hashtags)
        + weights.media * content.media
        + weights.quality * quality
        + extra
    )
    return logistic(logit(base) + max(-MAX_SHIFT, min(MAX_SHIFT, shift)))


def rate_bounds(base: float) -> tuple[float, float]:
    """The smallest and largest value ``rate`` can take for this base rate."""
    return logistic(logit(base) - MAX_SHIFT), logistic(logit(base) + MAX_SHIFT)


def latent_quality(seed: int, fingerprint: str) -> float:
    """The content's hidden quality: a normal draw seeded by the content itself, so identical
    content always has the same quality (and so the same expected rates)."""
    rng = random.Random(f"{seed}:quality:{fingerprint}")  # noqa: S311 - a simulation, not a secret
    return max(-QUALITY_CLAMP, min(QUALITY_CLAMP, rng.gauss(0.0, QUALITY_SD)))


def activity(at: datetime) -> float:
    """Relative audience activity at a UTC time, in [0.105, 1]."""
    return HOUR_ACTIVITY[at.hour] * WEEKDAY_ACTIVITY[at.weekday()]


def timing_shift(at: datetime) -> float:
    """Logit shift of sending at ``at``: 0 at the best hour, about -1.1 at the worst."""
    return TIMING_WEIGHT * math.log(activity(at))


# -- the rates of each kind of object ----------------------------------------------------------

SOCIAL_BASE = {"like": 0.035, "comment": 0.004, "share": 0.002, "click": 0.010, "save": 0.003}
SOCIAL_WEIGHTS = {
    "like": Weights(length=0.3, question=0.1, hashtags=1.0, media=0.35),
    "comment": Weights(length=0.3, question=0.6, hashtags=0.5, media=0.2),
    "share": Weights(length=0.3, call_to_action=0.1, hashtags=0.5, media=0.3),
    "click": Weights(length=0.4, question=0.05, call_to_action=0.45, hashtags=0.2, media=0.15),
    "save": Weights(length=0.2, call_to_action=0.1, hashtags=0.3, media=0.4),
}
SOCIAL_REACH = 0.12  # share of followers an average post reaches at the best hour
REPEAT_VIEW = 0.3  # impressions per reached person beyond the first


@dataclass(frozen=True, slots=True)
class SocialRates:
    reach: float  # expected share of followers reached over the post's life
    like: float  # per impression
    comment: float
    share: float
    click: float
    save: float = 0.0  # per impression (bookmarks)


def social_rates(content: ContentFeatures, quality: float, published_at: datetime) -> SocialRates:
    rates = {
        name: rate(SOCIAL_BASE[name], SOCIAL_WEIGHTS[name], content, quality)
        for name in SOCIAL_BASE
    }
    # Engaging posts are shown more: reach grows with quality and media, and with the
    # audience being awake when the post goes out.
    boost = math.exp(0.5 * quality) * (1.0 + 0.15 * content.media)
    reach = min(SOCIAL_REACH * activity(published_at) * boost, 0.9)
    return SocialRates(reach=reach, **rates)


EMAIL_DELIVERY = 0.985
EMAIL_BASE = {"open": 0.22, "click": 0.12, "unsubscribe": 0.005}
EMAIL_OPEN_WEIGHTS = Weights(length=0.5, question=0.15, call_to_action=0.1)
EMAIL_CLICK_WEIGHTS = Weights(length=0.3, call_to_action=0.5, media=0.2)
# a body far from the optimal length annoys (the penalty is negative, so is the weight), a
# good one keeps readers
EMAIL_UNSUBSCRIBE_WEIGHTS = Weights(length=-0.4, quality=-1.0)


@dataclass(frozen=True, slots=True)
class EmailRates:
    delivery: float  # per recipient
    open: float  # per delivered email, over the campaign's life
    click: float  # per opener
    unsubscribe: float  # per opener


def email_rates(
    subject: ContentFeatures, body: ContentFeatures, quality: float, sent_at: datetime
) -> EmailRates:
    return EmailRates(
        delivery=EMAIL_DELIVERY,
        open=rate(
            EMAIL_BASE["open"], EMAIL_OPEN_WEIGHTS, subject, quality, extra=timing_shift(sent_at)
        ),
        click=rate(EMAIL_BASE["click"], EMAIL_CLICK_WEIGHTS, body, quality),
        unsubscribe=rate(EMAIL_BASE["unsubscribe"], EMAIL_UNSUBSCRIBE_WEIGHTS, body, quality),
    )


AD_BASE = {"click": 0.009, "conversion": 0.035}
AD_CLICK_WEIGHTS = Weights(length=0.4, question=0.05, call_to_action=0.5, media=0.4)
AD_CONVERSION_WEIGHTS = Weights(call_to_action=0.2, quality=0.5)
MARKET_CPM_CENTS = 500  # the going price of a thousand impressions
AD_INVENTORY = 0.03  # share of the targetable audience online per hour at peak activity


@dataclass(frozen=True, slots=True)
class AdRates:
    win: float  # share of the available auctions won at this bid
    price_cpm_cents: int  # what a thousand won impressions cost
    click: float  # per impression
    conversion: float  # per click


def ad_rates(content: ContentFeatures, quality: float, bid_cpm_cents: int) -> AdRates:
    return AdRates(
        win=logistic(4.0 * (bid_cpm_cents / MARKET_CPM_CENTS - 1.0)),
        price_cpm_cents=max(1, min(bid_cpm_cents, MARKET_CPM_CENTS)),
        click=rate(AD_BASE["click"], AD_CLICK_WEIGHTS, content, quality),
        conversion=rate(AD_BASE["conversion"], AD_CONVERSION_WEIGHTS, content, quality),
    )
