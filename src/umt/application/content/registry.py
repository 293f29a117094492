"""The content use cases, each command and query type to its handler (joined into HANDLERS)."""

from __future__ import annotations

from umt.application.bus import Handler
from umt.application.content import comments
from umt.application.content.approve_content import ApproveContent, approve_content
from umt.application.content.archive_content import ArchiveContent, archive_content
from umt.application.content.content_queries import (
    GetContent,
    ListContent,
    get_content,
    list_content,
)
from umt.application.content.create_content import CreateContent, create_content
from umt.application.content.create_template import CreateTemplate, create_template
from umt.application.content.mark_published import MarkPublished, mark_published
from umt.application.content.mark_scheduled import MarkScheduled, mark_scheduled
from umt.application.content.request_changes import RequestChanges, request_changes
from umt.application.content.revise_content import ReviseContent, revise_content
from umt.application.content.submit_for_review import SubmitForReview, submit_for_review
from umt.application.content.template_queries import (
    GetTemplate,
    ListBuiltinTemplates,
    ListTemplates,
    RenderTemplate,
    get_template,
    list_builtin_templates,
    list_templates,
    render_template,
)
from umt.application.content.update_template import (
    DeleteTemplate,
    UpdateTemplate,
    delete_template,
    update_template,
)
from umt.application.content.version_queries import (
    DiffVersions,
    GetVersion,
    ListVersions,
    diff_versions,
    get_version,
    list_versions,
)

CONTENT_HANDLERS: dict[type, Handler] = {
    CreateContent: create_content,
    ReviseContent: revise_content,
    GetContent: get_content,
    ListContent: list_content,
    ListVersions: list_versions,
    GetVersion: get_version,
    DiffVersions: diff_versions,
    SubmitForReview: submit_for_review,
    ApproveContent: approve_content,
    RequestChanges: request_changes,
    ArchiveContent: archive_content,
    MarkScheduled: mark_scheduled,
    MarkPublished: mark_published,
    comments.AddComment: comments.add_comment,
    comments.ResolveComment: comments.resolve_comment,
    comments.ReopenComment: comments.reopen_comment,
    comments.ListComments: comments.list_comments,
    CreateTemplate: create_template,
    UpdateTemplate: update_template,
    DeleteTemplate: delete_template,
    GetTemplate: get_template,
    ListTemplates: list_templates,
    ListBuiltinTemplates: list_builtin_templates,
    RenderTemplate: render_template,
}
