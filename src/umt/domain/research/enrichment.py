"""A brand enrichment: what the brand's website suggests for its fields, each suggestion
accepted or rejected by a person, field by field. Nothing here writes the brand: accepting
goes through the brand's own update (its version check included)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from umt.domain.research.crawl import CrawlFailure
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import Conflict, InvalidValue

# the brand fields a website can suggest; palette, fonts and logo_url are parts of ``styling``
SUGGESTIBLE = ("name", "description", "palette", "fonts", "logo_url")


class Decision(StrEnum):
    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class SuggestionDecided(Conflict):
    """The suggestion was accepted or rejected already."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Suggestion:
    """One suggested brand field: its value (JSON-shaped, as the brand update takes it), where
    on the site it was found, and what the user decided."""

    field: str
    value: Any
    found_in: str
    decision: Decision = Decision.SUGGESTED
    decided_by: UUID | None = None
    decided_at: datetime | None = None


@dataclass(slots=True, kw_only=True)
class BrandEnrichment(AggregateRoot):
    """One read of the brand's website (task ``brand.enrich``). ``findings`` holds what is no
    brand field but informs one: the theme colour, the social profiles linked, the
    structured data (JSON-LD, microdata, OpenGraph) and the stylesheets read."""

    id: UUID
    organization_id: UUID
    brand_id: UUID
    url: str
    requested_by: UUID
    created_at: datetime
    suggestions: tuple[Suggestion, ...] = ()
    findings: dict[str, Any] = field(default_factory=dict)
    failures: tuple[CrawlFailure, ...] = ()
    reviewed_at: datetime | None = None

    def pending(self, names: Sequence[str]) -> list[Suggestion]:
        """The suggestions ``names`` asks for, each still undecided (else an error naming it)."""
        if not names:
            raise InvalidValue("name at least one suggested field", field="fields")
        by_field = {s.field: s for s in self.suggestions}
        chosen: list[Suggestion] = []
        for name in dict.fromkeys(names):
            found = by_field.get(name)
            if found is None:
                raise InvalidValue(f"no suggestion for {name!r} in this enrichment", field="fields")
            if found.decision is not Decision.SUGGESTED:
                raise SuggestionDecided(f"the suggestion for {name!r} was {found.decision} already")
            chosen.append(found)
        return chosen

    def decide(self, names: Sequence[str], decision: Decision, *, by: UUID, now: datetime) -> None:
        """Accept or reject the named suggestions (each undecided, see ``pending``)."""
        chosen = {s.field for s in self.pending(names)}
        self.suggestions = tuple(
            replace(s, decision=decision, decided_by=by, decided_at=now) if s.field in chosen else s
            for s in self.suggestions
        )
        self.reviewed_at = now
