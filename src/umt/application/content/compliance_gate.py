"""The one place the content use cases ask for a compliance report (approval's gate)."""

from __future__ import annotations

from umt.domain.brand.brand import Brand
from umt.domain.content.compliance import check_compliance
from umt.domain.content.compliance_report import ComplianceReport
from umt.domain.content.draft import Draft


def compliance_report(draft: Draft, brand: Brand) -> ComplianceReport:
    """``draft`` checked against ``brand``'s voice guide and its channel's limits."""
    return check_compliance(draft, brand.voice)
