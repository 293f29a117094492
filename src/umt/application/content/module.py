"""The content context: the content library (pieces, versions, review, comments), templates
and on-brand generation."""

from __future__ import annotations

from umt.application.content import (
    approve_content,
    archive_content,
    comments,
    content_queries,
    create_content,
    create_template,
    mark_published,
    mark_scheduled,
    request_changes,
    revise_content,
    submit_for_review,
    template_queries,
    update_template,
    version_queries,
)
from umt.application.content.generation import (
    channel_limits,
    check_compliance,
    generate_content,
    generate_variants,
    usage_queries,
)
from umt.application.context_module import ContextModule

MODULE = ContextModule(
    name="content",
    handlers=(
        create_content.create_content,
        revise_content.revise_content,
        content_queries.get_content,
        content_queries.list_content,
        version_queries.list_versions,
        version_queries.get_version,
        version_queries.diff_versions,
        submit_for_review.submit_for_review,
        approve_content.approve_content,
        request_changes.request_changes,
        mark_scheduled.mark_scheduled,
        mark_published.mark_published,
        archive_content.archive_content,
        comments.add_comment,
        comments.resolve_comment,
        comments.reopen_comment,
        comments.list_comments,
        create_template.create_template,
        update_template.update_template,
        update_template.delete_template,
        template_queries.get_template,
        template_queries.list_templates,
        template_queries.list_builtin_templates,
        template_queries.render_template,
        # generation
        generate_content.generate_content,
        generate_variants.generate_variants,
        check_compliance.check_compliance,
        channel_limits.get_channel_limits,
        usage_queries.get_generation_usage,
        usage_queries.get_generation_budget,
        usage_queries.set_generation_budget,
        usage_queries.check_generation_budget,
    ),
)
