"""Building ad sets and ads from command input: targeting from the brand's audiences, the
creative from an approved content version (its headline, body, link and media)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from umt.application.advertising import inputs
from umt.domain.advertising.errors import CampaignInvalid, CreativeNotApproved
from umt.domain.advertising.levels import BidStrategy
from umt.domain.advertising.targeting import AdTargeting
from umt.domain.advertising.tree import Ad, AdCreative, AdSet, CreativeMedia
from umt.domain.brand.brand import Brand
from umt.domain.content.piece import ContentStatus
from umt.domain.content.version import MediaKind
from umt.domain.shared.ids import AdId, AdSetId, AudienceId, ContentId, OrganizationId
from umt.domain.shared.values import Url
from umt.ports.id_generator import IdGenerator
from umt.ports.unit_of_work import UnitOfWork

# a piece whose current version was approved (scheduling or publishing keeps it approved)
APPROVED = frozenset({ContentStatus.APPROVED, ContentStatus.SCHEDULED, ContentStatus.PUBLISHED})


def ad_set_from(
    value: Mapping[str, Any], brand: Brand, ids: IdGenerator, field: str = "ad_set"
) -> AdSet:
    """An ad set (without ads) from ``{"name", "budget", "audience_ids", ...}``."""

    def build() -> AdSet:
        audience_ids = [
            AudienceId(inputs.as_uuid(a, "audience_ids")) for a in value.get("audience_ids", ())
        ]
        audiences = []
        for audience_id in audience_ids:
            found = brand.audiences.get(audience_id)
            if found is None or found.archived_at is not None:
                raise CampaignInvalid(
                    f"the brand has no audience {audience_id}", field="audience_ids"
                )
            audiences.append(found)
        targeting = AdTargeting.from_audiences(
            audiences,
            languages=inputs.strings(value.get("languages"), "languages"),
            genders=inputs.strings(value.get("genders"), "genders"),
            extra_countries=inputs.strings(value.get("countries"), "countries"),
        )
        bid = value.get("bid")
        return AdSet(
            id=AdSetId(ids.new_id()),
            name=value["name"],
            budget=inputs.budget(value["budget"]),
            targeting=targeting,
            bid_strategy=BidStrategy(value.get("bid_strategy", BidStrategy.LOWEST_COST.value)),
            bid=None if bid is None else inputs.money(bid, "bid"),
            placements=inputs.strings(value.get("placements"), "placements"),
            starts_at=inputs.moment(value.get("starts_at"), "starts_at"),
            ends_at=inputs.moment(value.get("ends_at"), "ends_at"),
        )

    return inputs.parsed(field, build)


async def ad_from(
    uow: UnitOfWork,
    organization_id: OrganizationId,
    brand: Brand,
    value: Mapping[str, Any],
    ids: IdGenerator,
    field: str = "ad",
) -> Ad:
    """An ad showing the current, approved version of ``value["content_id"]``."""
    content_id = ContentId(inputs.as_uuid(value.get("content_id"), f"{field}.content_id"))
    piece = await uow.content.get(organization_id, content_id)
    if piece is None or piece.brand_id != brand.id:
        raise CreativeNotApproved(
            f"the brand has no content {content_id}", field=f"{field}.content_id"
        )
    if piece.status not in APPROVED:
        raise CreativeNotApproved(
            f"content {content_id} is {piece.status.value}; an ad shows an approved version",
            field=f"{field}.content_id",
        )
    wanted = value.get("content_version_id")
    version = piece.current
    if wanted is not None and inputs.as_uuid(wanted, "content_version_id") != version.id:
        raise CreativeNotApproved(
            "only the piece's current (approved) version can be shown",
            field=f"{field}.content_version_id",
        )
    draft = version.draft

    def build() -> Ad:
        fields = draft.fields
        link = value.get("link") or (fields.links[0] if fields.links else brand_site(brand))
        if link is None:
            raise CampaignInvalid("an ad needs a link (none in the content)", field="link")
        return Ad(
            id=AdId(ids.new_id()),
            name=value.get("name") or draft.title or "Ad",
            creative=AdCreative(
                content_id=piece.id,
                content_version_id=version.id,
                headline=value.get("headline")
                or (fields.headlines[0] if fields.headlines else draft.title),
                body=fields.descriptions[0] if fields.descriptions else draft.body,
                link=Url(link),
                call_to_action=value.get("call_to_action") or fields.call_to_action or None,
                media=tuple(
                    CreativeMedia(url=m.url, kind=m.kind.value, alt_text=m.alt_text)
                    for m in piece.media
                    if m.kind in (MediaKind.IMAGE, MediaKind.VIDEO)
                )[:10],
            ),
        )

    return inputs.parsed(field, build)


def brand_site(brand: Brand) -> str | None:
    """The brand's website: an ad's link when neither the input nor the content names one."""
    return None if brand.website is None else brand.website.value
