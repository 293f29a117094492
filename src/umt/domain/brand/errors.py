"""Named business-rule violations of the brand context."""

from __future__ import annotations

from umt.domain.shared.errors import Conflict, IllegalTransition, InvalidValue


class BrandIsArchived(Conflict):
    code = "brand_archived"


class BrandHasProjects(Conflict):
    code = "brand_has_projects"


class DuplicateSlug(Conflict):
    code = "duplicate_slug"


class DuplicateAudience(Conflict):
    code = "duplicate_audience"


class DuplicateCompetitor(Conflict):
    code = "duplicate_competitor"


class VoiceGuideContradiction(InvalidValue):
    code = "voice_guide_contradiction"


class AgeRangeInvalid(InvalidValue):
    code = "age_range_invalid"


class ProjectDatesInvalid(InvalidValue):
    code = "project_dates_invalid"


class IllegalProjectTransition(IllegalTransition):
    code = "illegal_project_transition"


class ProjectIsArchived(Conflict):
    code = "project_archived"


class AssigneeNotMember(InvalidValue):
    code = "assignee_not_member"
