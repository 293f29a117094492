"""Named business-rule violations of the content context."""

from __future__ import annotations

from umt.domain.shared.errors import Conflict, IllegalTransition, InvalidValue, NotFound


class IllegalContentTransition(IllegalTransition):
    """The status workflow does not allow this step from the piece's current status."""

    code = "illegal_content_transition"


class ContentIsLocked(Conflict):
    """A scheduled, published or archived piece takes no new versions."""

    code = "content_locked"


class ComplianceViolationsRemain(Conflict):
    """Approval was refused: the current version still has error-level violations.

    ``violations`` holds (location, message) of each, for the problem's field errors."""

    code = "compliance_violations_remain"

    def __init__(self, message: str, *, violations: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.violations = violations


class ContentTypeMismatch(InvalidValue):
    """A revision must keep the piece's content type."""

    code = "content_type_mismatch"


class VersionNotFound(NotFound):
    code = "version_not_found"


class CommentNotFound(NotFound):
    code = "comment_not_found"


class AnchorOutOfRange(InvalidValue):
    """A comment's anchor names a field the version lacks, or a range outside its text."""

    code = "anchor_out_of_range"


class IllegalCommentTransition(IllegalTransition):
    """Resolving a resolved thread, reopening an open one, or resolving a reply."""

    code = "illegal_comment_transition"


class TemplateVariableMissing(InvalidValue):
    """Rendering a template without a value for one of its required variables."""

    code = "template_variable_missing"


class TemplateRenderFailed(InvalidValue):
    """A template could not be rendered: bad syntax, an undefined name, a sandbox violation."""

    code = "template_render_failed"


class TemplateTooExpensive(InvalidValue):
    """A template needed more time, memory or nesting than rendering one may take: too large a
    number, string or list, macros calling themselves too deep, or a loop that runs too long."""

    code = "template_too_expensive"


class DuplicateTemplateName(Conflict):
    code = "duplicate_template_name"
