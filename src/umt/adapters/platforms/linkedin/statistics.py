"""LinkedIn post metrics (lifetime totals, read per post).

- An organization's posts: ``GET /rest/organizationalEntityShareStatistics?q=organizationalEntity
  &organizationalEntity={org}&shares=List(…)&ugcPosts=List(…)`` -> ``{"elements": [{"share" or
  "ugcPost", "totalShareStatistics": {impressionCount, uniqueImpressionsCount, clickCount,
  likeCount, commentCount, shareCount, engagement}}]}``
  (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics).
- A member's posts: ``GET /rest/socialActions/{urn}`` -> ``likesSummary.totalLikes`` and
  ``commentsSummary.aggregatedTotalComments``.

``engagement`` is a rate, not a count: it is returned raw (``metric=None``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from urllib.parse import quote

import httpx

from umt.adapters.platforms.http import PlatformHttp, json_or_empty
from umt.domain.integration.errors import PlatformRejected
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.metric_source import MetricReading
from umt.ports.platform_connector import Credentials

SHARE_STATISTICS = {
    "impressionCount": Metric.IMPRESSIONS,
    "uniqueImpressionsCount": Metric.REACH,
    "clickCount": Metric.CLICKS,
    "likeCount": Metric.LIKES,
    "commentCount": Metric.COMMENTS,
    "shareCount": Metric.SHARES,
}


class LinkedInStatistics:
    def __init__(
        self, *, http: PlatformHttp, api: str, headers: Callable[[Credentials], dict[str, str]]
    ) -> None:
        self._http = http
        self._api = api
        self.headers = headers

    async def organization_metrics(
        self,
        organization: str,
        credentials: Credentials,
        urns: Sequence[str],
        observed_at: datetime,
    ) -> list[MetricReading]:
        shares = [u for u in urns if u.startswith("urn:li:share:")]
        ugc_posts = [u for u in urns if u.startswith("urn:li:ugcPost:")]
        if not shares and not ugc_posts:
            return []
        query = f"q=organizationalEntity&organizationalEntity={quote(organization, safe='')}"
        if shares:
            query += f"&shares=List({','.join(quote(u, safe='') for u in shares)})"
        if ugc_posts:
            query += f"&ugcPosts=List({','.join(quote(u, safe='') for u in ugc_posts)})"
        response = await self._http.send(
            "GET",
            f"{self._api}/rest/organizationalEntityShareStatistics?{query}",
            headers=self.headers(credentials),
        )
        readings = []
        for element in json_or_empty(response).get("elements", []):
            if not isinstance(element, dict):
                continue
            subject = element.get("share") or element.get("ugcPost")
            totals = element.get("totalShareStatistics")
            if not isinstance(subject, str) or not isinstance(totals, dict):
                continue
            for name, value in totals.items():
                if isinstance(value, int | float) and not isinstance(value, bool):
                    readings.append(
                        _reading(subject, name, value, SHARE_STATISTICS.get(name), observed_at)
                    )
        return readings

    async def member_metrics(
        self, credentials: Credentials, urn: str, observed_at: datetime
    ) -> list[MetricReading]:
        try:
            response = await self._http.send(
                "GET",
                f"{self._api}/rest/socialActions/{quote(urn, safe='')}",
                headers=self.headers(credentials),
            )
        except PlatformRejected as error:
            if error.status == httpx.codes.NOT_FOUND:
                return []  # the post was deleted
            raise
        body = json_or_empty(response)
        readings = []
        for summary, field, metric in (
            ("likesSummary", "totalLikes", Metric.LIKES),
            ("commentsSummary", "aggregatedTotalComments", Metric.COMMENTS),
        ):
            section = body.get(summary)
            value = section.get(field) if isinstance(section, dict) else None
            if isinstance(value, int) and not isinstance(value, bool):
                readings.append(_reading(urn, field, value, metric, observed_at))
        return readings


def _reading(
    urn: str, name: str, value: float, metric: Metric | None, observed_at: datetime
) -> MetricReading:
    return MetricReading(
        subject_kind=SubjectKind.PUBLICATION,
        subject_remote_id=urn,
        metric=metric,
        raw_name=name,
        value=Decimal(str(value)),
        observed_at=observed_at,
    )
