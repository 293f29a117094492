"""The one place the content use cases ask for a compliance report (approval's gate)."""

from __future__ import annotations

from umt.domain.content.compliance import check_compliance
from umt.domain.content.compliance_report import ComplianceReport
from umt.domain.content.draft import Draft
from umt.ports.brand_repository import BrandSummary


def compliance_report(draft: Draft, brand: BrandSummary) -> ComplianceReport:
    """``draft`` checked against ``brand``'s voice guide and its channel's limits."""
    return check_compliance(draft, brand.voice)
