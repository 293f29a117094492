"""The audit log's context: reading the log (entries are written by the units of work)."""

from __future__ import annotations

from umt.application.audit import query_audit_log
from umt.application.context_module import ContextModule

MODULE = ContextModule(name="audit", handlers=(query_audit_log.query_audit_log,))
