"""The five agents of umt and the tasks each serves so far.

Agents gain their tasks with their bounded contexts; until then an agent answers a task it
does not serve with the typed ``task_not_implemented`` error, never with a fake success.
"""

from __future__ import annotations

from umt.application.agents.definition import AgentDefinition, TaskRoute
from umt.application.brand import audiences, competitors
from umt.application.brand.archive_brand import ArchiveBrand, RestoreBrand
from umt.application.brand.assign_project import AssignProject
from umt.application.brand.brand_queries import GetBrand, ListBrands
from umt.application.brand.change_project_status import ChangeProjectStatus
from umt.application.brand.create_brand import CreateBrand
from umt.application.brand.create_project import CreateProject
from umt.application.brand.delete_brand import DeleteBrand
from umt.application.brand.delete_project import DeleteProject
from umt.application.brand.project_queries import GetProject, ListProjects
from umt.application.brand.update_brand import UpdateBrand
from umt.application.brand.update_project import UpdateProject
from umt.application.content import comments
from umt.application.content.approve_content import ApproveContent
from umt.application.content.archive_content import ArchiveContent
from umt.application.content.content_queries import GetContent, ListContent
from umt.application.content.create_content import CreateContent
from umt.application.content.create_template import CreateTemplate
from umt.application.content.generation.check_compliance import CheckCompliance
from umt.application.content.generation.generate_content import GenerateContent
from umt.application.content.generation.generate_variants import GenerateVariants
from umt.application.content.generation.results import generation_document, report_document
from umt.application.content.mark_published import MarkPublished
from umt.application.content.mark_scheduled import MarkScheduled
from umt.application.content.request_changes import RequestChanges
from umt.application.content.revise_content import ReviseContent
from umt.application.content.submit_for_review import SubmitForReview
from umt.application.content.template_queries import (
    GetTemplate,
    ListBuiltinTemplates,
    ListTemplates,
    RenderTemplate,
)
from umt.application.content.update_template import DeleteTemplate, UpdateTemplate
from umt.application.content.version_queries import DiffVersions, GetVersion, ListVersions
from umt.application.experiments.analyze_experiment import AnalyzeExperiment
from umt.application.experiments.create_experiment import CreateExperiment
from umt.application.experiments.experiment_queries import GetExperiment, ListExperiments
from umt.application.experiments.lifecycle import StartExperiment, StopExperiment
from umt.application.experiments.record_events import RecordExperimentEvents
from umt.application.identity.get_me import GetMe
from umt.application.integration.maintenance import (
    CheckIntegrationHealth,
    RefreshIntegrationTokens,
)
from umt.application.integration.queries import GetIntegration, ListIntegrations
from umt.application.webhooks.fan_out import FAN_OUT_PATTERNS, on_domain_event
from umt.domain.identity.permissions import Permission

AUTH_INTEGRATION = AgentDefinition(
    name="auth-integration",
    description="Users, organizations, roles, tokens; platform connections and credentials.",
    tasks={
        "identity.get_me": TaskRoute(GetMe),
        # submitted by the integration scheduler (no actor: the input names the organization)
        # or by a member (integrations:manage, acting in their own organization only)
        "integration.refresh_tokens": TaskRoute(
            RefreshIntegrationTokens, Permission.INTEGRATIONS_MANAGE, anonymous=True
        ),
        "integration.check_health": TaskRoute(
            CheckIntegrationHealth, Permission.INTEGRATIONS_MANAGE, anonymous=True
        ),
        "integration.get": TaskRoute(GetIntegration, Permission.INTEGRATIONS_READ),
        "integration.list": TaskRoute(ListIntegrations, Permission.INTEGRATIONS_READ),
    },
    # outbound webhooks: each organization event becomes deliveries to its subscriptions
    subscriptions=dict.fromkeys(FAN_OUT_PATTERNS, on_domain_event),
)

BRAND_PROJECT = AgentDefinition(
    name="brand-project",
    description="Brands, voice and styling, audiences, competitors, projects.",
    tasks={
        "brand.create": TaskRoute(CreateBrand, Permission.BRAND_CREATE),
        "brand.update": TaskRoute(UpdateBrand, Permission.BRAND_UPDATE),
        "brand.archive": TaskRoute(ArchiveBrand, Permission.BRAND_ARCHIVE),
        "brand.restore": TaskRoute(RestoreBrand, Permission.BRAND_ARCHIVE),
        "brand.delete": TaskRoute(DeleteBrand, Permission.BRAND_DELETE),
        "brand.get": TaskRoute(GetBrand, Permission.BRAND_READ),
        "brand.list": TaskRoute(ListBrands, Permission.BRAND_READ),
        "audience.add": TaskRoute(audiences.AddAudience, Permission.BRAND_UPDATE),
        "audience.update": TaskRoute(audiences.UpdateAudience, Permission.BRAND_UPDATE),
        "audience.archive": TaskRoute(audiences.ArchiveAudience, Permission.BRAND_UPDATE),
        "audience.remove": TaskRoute(audiences.RemoveAudience, Permission.BRAND_UPDATE),
        "audience.get": TaskRoute(audiences.GetAudience, Permission.BRAND_READ),
        "audience.list": TaskRoute(audiences.ListAudiences, Permission.BRAND_READ),
        "competitor.add": TaskRoute(competitors.AddCompetitor, Permission.BRAND_UPDATE),
        "competitor.update": TaskRoute(competitors.UpdateCompetitor, Permission.BRAND_UPDATE),
        "competitor.archive": TaskRoute(competitors.ArchiveCompetitor, Permission.BRAND_UPDATE),
        "competitor.remove": TaskRoute(competitors.RemoveCompetitor, Permission.BRAND_UPDATE),
        "competitor.get": TaskRoute(competitors.GetCompetitor, Permission.BRAND_READ),
        "competitor.list": TaskRoute(competitors.ListCompetitors, Permission.BRAND_READ),
        "project.create": TaskRoute(CreateProject, Permission.PROJECT_CREATE),
        "project.update": TaskRoute(UpdateProject, Permission.PROJECT_UPDATE),
        "project.assign": TaskRoute(AssignProject, Permission.PROJECT_UPDATE),
        "project.change_status": TaskRoute(ChangeProjectStatus, Permission.PROJECT_UPDATE),
        "project.delete": TaskRoute(DeleteProject, Permission.PROJECT_DELETE),
        "project.get": TaskRoute(GetProject, Permission.PROJECT_READ),
        "project.list": TaskRoute(ListProjects, Permission.PROJECT_READ),
    },
)

CONTENT_STRATEGY = AgentDefinition(
    name="content-strategy",
    description="Performance analysis, competitor research, recommendations, calendars.",
)

# the content library: what the content-creation agent stores and reviews
CONTENT_LIBRARY_TASKS = {
    "content.create": TaskRoute(CreateContent, Permission.CONTENT_WRITE),
    "content.revise": TaskRoute(ReviseContent, Permission.CONTENT_WRITE),
    "content.get": TaskRoute(GetContent, Permission.CONTENT_READ),
    "content.list": TaskRoute(ListContent, Permission.CONTENT_READ),
    "content.list_versions": TaskRoute(ListVersions, Permission.CONTENT_READ),
    "content.get_version": TaskRoute(GetVersion, Permission.CONTENT_READ),
    "content.diff": TaskRoute(DiffVersions, Permission.CONTENT_READ),
    "content.submit": TaskRoute(SubmitForReview, Permission.CONTENT_WRITE),
    "content.approve": TaskRoute(ApproveContent, Permission.CONTENT_APPROVE),
    "content.request_changes": TaskRoute(RequestChanges, Permission.CONTENT_APPROVE),
    "content.mark_scheduled": TaskRoute(MarkScheduled, Permission.CONTENT_APPROVE),
    "content.mark_published": TaskRoute(MarkPublished, Permission.CONTENT_APPROVE),
    "content.archive": TaskRoute(ArchiveContent, Permission.CONTENT_WRITE),
    "content.comment": TaskRoute(comments.AddComment, Permission.CONTENT_WRITE),
    "content.resolve_comment": TaskRoute(comments.ResolveComment, Permission.CONTENT_WRITE),
    "content.reopen_comment": TaskRoute(comments.ReopenComment, Permission.CONTENT_WRITE),
    "content.list_comments": TaskRoute(comments.ListComments, Permission.CONTENT_READ),
    "template.create": TaskRoute(CreateTemplate, Permission.TEMPLATES_MANAGE),
    "template.update": TaskRoute(UpdateTemplate, Permission.TEMPLATES_MANAGE),
    "template.delete": TaskRoute(DeleteTemplate, Permission.TEMPLATES_MANAGE),
    "template.get": TaskRoute(GetTemplate, Permission.CONTENT_READ),
    "template.list": TaskRoute(ListTemplates, Permission.CONTENT_READ),
    "template.list_builtin": TaskRoute(ListBuiltinTemplates, Permission.CONTENT_READ),
    "template.render": TaskRoute(RenderTemplate, Permission.CONTENT_READ),
}

CONTENT_CREATION = AgentDefinition(
    name="content-creation",
    description="On-brand generation, variants, brand-voice compliance, A/B/n experiments.",
    tasks={
        **CONTENT_LIBRARY_TASKS,
        "content.generate_content": TaskRoute(
            GenerateContent, Permission.CONTENT_GENERATE, present=generation_document
        ),
        "content.generate_variants": TaskRoute(
            GenerateVariants, Permission.CONTENT_GENERATE, present=generation_document
        ),
        "content.check_compliance": TaskRoute(
            CheckCompliance, Permission.CONTENT_READ, present=report_document
        ),
        # experiments: started and concluded experiments publish
        # experiment.started / experiment.concluded through the outbox
        "experiment.create": TaskRoute(CreateExperiment, Permission.EXPERIMENTS_MANAGE),
        "experiment.get": TaskRoute(GetExperiment, Permission.EXPERIMENTS_READ),
        "experiment.list": TaskRoute(ListExperiments, Permission.EXPERIMENTS_READ),
        "experiment.start": TaskRoute(StartExperiment, Permission.EXPERIMENTS_MANAGE),
        "experiment.stop": TaskRoute(StopExperiment, Permission.EXPERIMENTS_MANAGE),
        "experiment.record_events": TaskRoute(
            RecordExperimentEvents, Permission.EXPERIMENTS_MANAGE
        ),
        "experiment.analyze": TaskRoute(AnalyzeExperiment, Permission.EXPERIMENTS_MANAGE),
    },
)

CONTENT_AD_MANAGEMENT = AgentDefinition(
    name="content-ad-management",
    description="Scheduling and publishing, ad campaigns, budgets, metric sync.",
)

AGENTS: dict[str, AgentDefinition] = {
    agent.name: agent
    for agent in (
        AUTH_INTEGRATION,
        BRAND_PROJECT,
        CONTENT_STRATEGY,
        CONTENT_CREATION,
        CONTENT_AD_MANAGEMENT,
    )
}


def agent_for_task(task_type: str) -> AgentDefinition | None:
    """The agent that serves ``task_type``, if any does."""
    return next((a for a in AGENTS.values() if task_type in a.tasks), None)
