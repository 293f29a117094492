"""Identifiers. Ids are UUIDs generated outside the domain (see the IdGenerator port)."""

from __future__ import annotations

from typing import NewType
from uuid import UUID

OrganizationId = NewType("OrganizationId", UUID)
UserId = NewType("UserId", UUID)
BrandId = NewType("BrandId", UUID)
AudienceId = NewType("AudienceId", UUID)
CompetitorId = NewType("CompetitorId", UUID)
ProjectId = NewType("ProjectId", UUID)
ApiKeyId = NewType("ApiKeyId", UUID)
ContentId = NewType("ContentId", UUID)
ContentVersionId = NewType("ContentVersionId", UUID)
CommentId = NewType("CommentId", UUID)
TemplateId = NewType("TemplateId", UUID)
ExperimentId = NewType("ExperimentId", UUID)
GenerationId = NewType("GenerationId", UUID)
ChannelAccountId = NewType("ChannelAccountId", UUID)
PublicationId = NewType("PublicationId", UUID)
ScheduleId = NewType("ScheduleId", UUID)  # a recurring schedule that expands to publications
EvergreenRuleId = NewType("EvergreenRuleId", UUID)  # a brand's recycling of its winners
CampaignId = NewType("CampaignId", UUID)
AdSetId = NewType("AdSetId", UUID)
AdId = NewType("AdId", UUID)
AdRuleId = NewType("AdRuleId", UUID)
