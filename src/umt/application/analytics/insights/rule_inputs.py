"""An alert rule's definition as a caller gives it (JSON-ready values) to the aggregate's
fields: the scope's channel and subject kind checked, the threshold an exact decimal."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from umt.domain.analytics.insights.alert_rule import AlertRuleInvalid
from umt.domain.analytics.insights.insight import Scope
from umt.domain.brand.channels import Channel
from umt.domain.shared.metrics import SubjectKind

FIELDS = frozenset({"name", "measure", "scope", "comparison", "threshold", "window_days",
                    "enabled"})  # fmt: skip


def rule_fields(definition: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(definition) - FIELDS
    if unknown:
        raise AlertRuleInvalid(f"unknown fields: {sorted(unknown)}", field=sorted(unknown)[0])
    fields = dict(definition)
    if "scope" in fields:
        fields["scope"] = _scope(fields["scope"])
    if "threshold" in fields:
        fields["threshold"] = _decimal(fields["threshold"])
    for name, kind in (("name", str), ("measure", str), ("comparison", str)):
        if name in fields and not isinstance(fields[name], kind):
            raise AlertRuleInvalid(f"{name} is text", field=name)
    if "window_days" in fields and (
        isinstance(fields["window_days"], bool) or not isinstance(fields["window_days"], int)
    ):
        raise AlertRuleInvalid("window_days is a whole number", field="window_days")
    if "enabled" in fields and not isinstance(fields["enabled"], bool):
        raise AlertRuleInvalid("enabled is true or false", field="enabled")
    return fields


def _scope(value: Any) -> Scope:
    if value is None:
        return Scope()
    if not isinstance(value, Mapping) or set(value) - {"channel", "subject_kind", "subject_id"}:
        raise AlertRuleInvalid(
            "scope names a channel, or a subject_kind and subject_id", field="scope"
        )
    channel = value.get("channel")
    kind = value.get("subject_kind")
    subject = value.get("subject_id")
    if channel is not None and (kind is not None or subject is not None):
        raise AlertRuleInvalid("a scope is a channel or a subject, not both", field="scope")
    try:
        return Scope(
            channel=None if channel is None else Channel(channel).value,
            subject_kind=None if kind is None else SubjectKind(kind).value,
            subject_id=None if subject is None else UUID(str(subject)),
        )
    except ValueError as exc:
        raise AlertRuleInvalid(f"invalid scope: {exc}", field="scope") from None


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise AlertRuleInvalid("threshold is a number", field="threshold")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise AlertRuleInvalid("threshold is a number", field="threshold") from None
