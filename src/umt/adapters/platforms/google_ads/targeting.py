"""Ad group targeting on Google Ads: countries and languages resolved to Google's constants
by GAQL (an unknown code is refused, never silently widening the audience), plus the audience
criteria ``tree`` builds."""

from __future__ import annotations

import builtins
import logging
from typing import Any

from umt.adapters.platforms.google_ads import tree
from umt.adapters.platforms.google_ads.api import gaql_string
from umt.adapters.platforms.google_ads.reads import GoogleAdReads
from umt.adapters.platforms.google_ads.tree import Customer
from umt.domain.shared.errors import InvalidValue
from umt.ports.ad_network import AdSetSpec
from umt.ports.platform_connector import Credentials

log = logging.getLogger(__name__)


class GoogleTargeting(GoogleAdReads):
    """Targeting lookups of ``GoogleAdNetwork`` (mixed in)."""

    async def _criteria(
        self,
        customer: Customer,
        credentials: Credentials,
        campaign: str,
        group: str,
        spec: AdSetSpec,
    ) -> list[dict[str, Any]]:
        targeting = spec.targeting
        locations = await self._constants(
            customer,
            credentials,
            "geo_target_constant",
            "country_code",
            [c.upper() for c in targeting.countries],
            "AND geo_target_constant.target_type = 'Country'",
        )
        languages = await self._constants(
            customer,
            credentials,
            "language_constant",
            "code",
            [lang.lower() for lang in targeting.languages],
            "",
        )
        if targeting.interests or spec.placements:
            log.info("google_ads: interests and placements are not targeted on search campaigns")
        return tree.campaign_criteria(campaign, locations, languages) + tree.audience_criteria(
            group, targeting
        )

    async def _constants(
        self,
        customer: Customer,
        credentials: Credentials,
        resource: str,
        key: str,
        values: builtins.list[str],
        extra: str,
    ) -> builtins.list[str]:
        """Resource names of Google's constants (countries, languages) by code; a code Google
        does not know is refused rather than silently widening the audience."""
        if not values:
            return []
        for value in values:
            if not value.isalpha() or len(value) != 2:
                raise InvalidValue(f"{value!r} is not a two-letter code", field="targeting")
        codes = ", ".join(gaql_string(v) for v in values)
        rows = await self._search(
            customer,
            credentials,
            f"SELECT {resource}.resource_name, {resource}.{key} FROM {resource} "  # noqa: S608 - GAQL of validated values
            f"WHERE {resource}.{key} IN ({codes}) {extra}".strip(),
        )
        camel = "".join(p.capitalize() if i else p for i, p in enumerate(resource.split("_")))
        key_camel = "".join(p.capitalize() if i else p for i, p in enumerate(key.split("_")))
        by_code = {
            str(row[camel].get(key_camel, "")).lower(): str(row[camel]["resourceName"])
            for row in rows
            if isinstance(row.get(camel), dict) and row[camel].get("resourceName")
        }
        missing = [v for v in values if v.lower() not in by_code]
        if missing:
            raise InvalidValue(f"Google Ads knows no {resource} {missing}", field="targeting")
        return [by_code[v.lower()] for v in values]
