"""The best-time model: engagement rate per (weekday, hour) slot, shrunk towards the account.

Each published post is one binomial draw: ``engagements`` successes in ``impressions`` trials
(engagements above impressions are capped at them). A slot's counts are the sums over its
posts. Sparse slots are shrunk with beta-binomial empirical Bayes: every slot's rate is drawn
from one Beta(alpha, beta) prior, fitted to this account's slots by the method of moments,
and a slot's posterior is Beta(alpha + k, beta + n - k). Its mean is the estimate, its
equal-tailed quantiles the credible interval. Rates are also given relative to the account's
own pooled rate (``lift``), which is what makes accounts of different sizes comparable.

Method of moments, weighted by impressions (slots differ a lot in size, and an unweighted
variance would let one post's slot dictate the prior): with ``N = sum n_i`` over the ``c``
slots, raw rates ``p_i = k_i / n_i`` and the pooled rate ``m = sum k / N`` as the prior mean,
the between-slot variance is what the weighted spread holds beyond binomial noise,
``tau2 = (sum n_i (p_i - m)^2 - m(1-m)(c-1)) / (N - sum n_i^2 / N)``, and the prior's strength
is ``alpha + beta = m(1-m)/tau2 - 1``. When ``tau2 <= 0`` the slots differ no more than noise
does, and the prior is made as strong as all the account's impressions (complete pooling:
every slot's estimate is close to the account's rate).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

MIN_STRENGTH = 2.0  # alpha + beta: never a prior weaker than two pseudo-impressions


@dataclass(frozen=True, slots=True)
class PostOutcome:
    """One published post: when it went out (UTC) and what it earned."""

    at: datetime
    engagements: int
    impressions: int


@dataclass(frozen=True, slots=True)
class BetaPrior:
    alpha: float
    beta: float
    pooled: bool  # tau2 <= 0: no slot differs beyond noise

    @property
    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)


@dataclass(frozen=True, slots=True)
class SlotEstimate:
    """One weekday x hour slot (0 = Monday; the hour on the audience's clock)."""

    weekday: int
    hour: int
    publications: int
    impressions: int
    engagements: int
    observed_rate: float  # engagements / impressions, unshrunk
    rate: float  # the posterior mean
    low: float  # the credible interval of the rate
    high: float
    lift: float  # rate / the account's pooled rate (1.0: as good as the account's average)
    lift_low: float
    lift_high: float
    chance_above_account: float  # posterior probability that the slot beats the account
    enough_data: bool  # at least the minimum of posts: only these are suggested


@dataclass(frozen=True, slots=True)
class SlotModel:
    account_rate: float
    prior: BetaPrior
    slots: tuple[SlotEstimate, ...]  # by weekday, then hour

    def suggestions(self, top: int) -> tuple[SlotEstimate, ...]:
        """The best slots with enough posts: by estimated rate, then more posts, then time."""
        ranked = sorted(
            (s for s in self.slots if s.enough_data),
            key=lambda s: (-s.rate, -s.publications, s.weekday, s.hour),
        )
        return tuple(ranked[:top])


def fit_prior(counts: Sequence[tuple[int, int]]) -> BetaPrior:
    """The Beta prior of the slots' rates from their (engagements, impressions) by the method
    of moments (module docstring). Needs two slots with impressions or more."""
    cells = [(k, n) for k, n in counts if n > 0]
    if len(cells) < 2:
        raise ValueError("the method of moments needs two slots or more")
    total_k = sum(k for k, _ in cells)
    total_n = sum(n for _, n in cells)
    # half an engagement of continuity correction keeps an all-or-nothing account inside (0, 1)
    m = min(max(total_k / total_n, 0.5 / total_n), 1 - 0.5 / total_n)
    spread = sum(n * (k / n - m) ** 2 for k, n in cells)
    noise = m * (1 - m) * (len(cells) - 1)
    tau2 = (spread - noise) / (total_n - sum(n * n for _, n in cells) / total_n)
    if tau2 <= 0:
        strength, pooled = max(float(total_n), MIN_STRENGTH), True
    else:
        strength, pooled = max(m * (1 - m) / tau2 - 1, MIN_STRENGTH), False
    return BetaPrior(alpha=m * strength, beta=(1 - m) * strength, pooled=pooled)


def slot_of(at: datetime, zone: ZoneInfo) -> tuple[int, int]:
    local = at.astimezone(zone)
    return local.weekday(), local.hour


def estimate_slots(
    posts: Iterable[PostOutcome], zone: ZoneInfo, *, level: float, min_posts: int
) -> SlotModel:
    """The model of an account's posts (at least two slots with impressions)."""
    # imported here: scipy and numpy add tens of MiB to a process, and only this model needs
    # them (tests/unit/entrypoints/http/test_startup_footprint.py keeps them out of start-up)
    from scipy.stats import beta as beta_distribution

    sums: dict[tuple[int, int], list[int]] = {}
    for post in posts:
        cell = sums.setdefault(slot_of(post.at, zone), [0, 0, 0])
        cell[0] += 1
        cell[1] += min(post.engagements, post.impressions)
        cell[2] += post.impressions
    prior = fit_prior([(k, n) for _, k, n in sums.values()])
    account_rate = sum(k for _, k, _ in sums.values()) / sum(n for _, _, n in sums.values())
    tail = (1 - level) / 2
    slots = []
    for (weekday, hour), (posts_in, k, n) in sorted(sums.items()):
        a, b = prior.alpha + k, prior.beta + n - k
        low, high = (float(q) for q in beta_distribution.ppf([tail, 1 - tail], a, b))
        rate = a / (a + b)
        slots.append(
            SlotEstimate(
                weekday=weekday,
                hour=hour,
                publications=posts_in,
                impressions=n,
                engagements=k,
                observed_rate=k / n if n else 0.0,
                rate=rate,
                low=low,
                high=high,
                lift=_ratio(rate, account_rate),
                lift_low=_ratio(low, account_rate),
                lift_high=_ratio(high, account_rate),
                chance_above_account=float(beta_distribution.sf(account_rate, a, b)),
                enough_data=posts_in >= min_posts,
            )
        )
    return SlotModel(account_rate=account_rate, prior=prior, slots=tuple(slots))


def _ratio(value: float, base: float) -> float:
    return value / base if base > 0 else 0.0
