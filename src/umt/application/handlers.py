"""The registry: each command and query type to its one handler."""

from __future__ import annotations

from umt.application.audit.query_audit_log import QueryAuditLog, query_audit_log
from umt.application.brand import audiences, competitors
from umt.application.brand.archive_brand import (
    ArchiveBrand,
    RestoreBrand,
    archive_brand,
    restore_brand,
)
from umt.application.brand.assign_project import AssignProject, assign_project
from umt.application.brand.brand_queries import GetBrand, ListBrands, get_brand, list_brands
from umt.application.brand.change_project_status import ChangeProjectStatus, change_project_status
from umt.application.brand.create_brand import CreateBrand, create_brand
from umt.application.brand.create_project import CreateProject, create_project
from umt.application.brand.delete_brand import DeleteBrand, delete_brand
from umt.application.brand.delete_project import DeleteProject, delete_project
from umt.application.brand.project_queries import (
    GetProject,
    ListProjects,
    get_project,
    list_projects,
)
from umt.application.brand.update_brand import UpdateBrand, update_brand
from umt.application.brand.update_project import UpdateProject, update_project
from umt.application.bus import Handler
from umt.application.content.generation import usage_queries as generation_usage
from umt.application.content.generation.check_compliance import CheckCompliance, check_compliance
from umt.application.content.generation.generate_content import GenerateContent, generate_content
from umt.application.content.generation.generate_variants import (
    GenerateVariants,
    generate_variants,
)
from umt.application.content.registry import CONTENT_HANDLERS
from umt.application.experiments.analyze_experiment import AnalyzeExperiment, analyze_experiment
from umt.application.experiments.create_experiment import CreateExperiment, create_experiment
from umt.application.experiments.experiment_queries import (
    GetExperiment,
    ListExperiments,
    get_experiment,
    list_experiments,
)
from umt.application.experiments.get_assignment import GetAssignment, get_assignment
from umt.application.experiments.lifecycle import (
    ConcludeExperiment,
    StartExperiment,
    StopExperiment,
    conclude_experiment,
    start_experiment,
    stop_experiment,
)
from umt.application.experiments.record_events import (
    RecordExperimentEvents,
    record_experiment_events,
)
from umt.application.experiments.update_experiment import UpdateExperiment, update_experiment
from umt.application.identity.accept_invitation import AcceptInvitation, accept_invitation
from umt.application.identity.authenticate_api_key import AuthenticateApiKey, authenticate_api_key
from umt.application.identity.change_member import ChangeMember, change_member
from umt.application.identity.check_session import CheckSession, check_session
from umt.application.identity.create_api_key import CreateApiKey, create_api_key
from umt.application.identity.create_user import CreateUser, create_user
from umt.application.identity.get_me import GetMe, get_me
from umt.application.identity.invite_member import InviteMember, invite_member
from umt.application.identity.issue_token import IssueToken, issue_token
from umt.application.identity.list_api_keys import ListApiKeys, list_api_keys
from umt.application.identity.list_invitations import ListInvitations, list_invitations
from umt.application.identity.list_members import ListMembers, list_members
from umt.application.identity.logout import Logout, logout
from umt.application.identity.refresh_access_token import RefreshAccessToken, refresh_access_token
from umt.application.identity.register import Register, register
from umt.application.identity.remove_member import RemoveMember, remove_member
from umt.application.identity.revoke_api_key import RevokeApiKey, revoke_api_key
from umt.application.identity.revoke_invitation import RevokeInvitation, revoke_invitation
from umt.application.identity.sessions import (
    ListSessions,
    RevokeAllSessions,
    list_sessions,
    revoke_all_sessions,
)
from umt.application.identity.transfer_ownership import TransferOwnership, transfer_ownership
from umt.application.integration.authorize import (
    CompleteAuthorization,
    StartAuthorization,
    complete_authorization,
    start_authorization,
)
from umt.application.integration.connect_form import ConnectWithForm, connect_with_form
from umt.application.integration.disconnect import DisconnectIntegration, disconnect_integration
from umt.application.integration.maintenance import (
    CheckIntegrationHealth,
    RefreshIntegrationTokens,
    check_integration_health,
    refresh_integration_tokens,
)
from umt.application.integration.queries import (
    GetIntegration,
    ListIntegrations,
    ListPlatforms,
    get_integration,
    list_integrations,
    list_platforms,
)
from umt.application.webhooks.create_subscription import (
    CreateWebhookSubscription,
    create_webhook_subscription,
)
from umt.application.webhooks.delete_subscription import (
    DeleteWebhookSubscription,
    delete_webhook_subscription,
)
from umt.application.webhooks.delivery_queries import (
    GetWebhookDelivery,
    ListWebhookDeliveries,
    get_webhook_delivery,
    list_webhook_deliveries,
)
from umt.application.webhooks.fan_out import FanOutEvent, fan_out_event
from umt.application.webhooks.receive_webhook import (
    AnswerWebhookChallenge,
    ReceiveWebhook,
    answer_webhook_challenge,
    receive_webhook,
)
from umt.application.webhooks.replay_delivery import ReplayWebhookDelivery, replay_webhook_delivery
from umt.application.webhooks.rotate_secret import RotateWebhookSecret, rotate_webhook_secret
from umt.application.webhooks.subscription_queries import (
    GetWebhookSubscription,
    ListWebhookSubscriptions,
    get_webhook_subscription,
    list_webhook_subscriptions,
)
from umt.application.webhooks.update_subscription import (
    UpdateWebhookSubscription,
    update_webhook_subscription,
)

HANDLERS: dict[type, Handler] = {
    Register: register,
    IssueToken: issue_token,
    RefreshAccessToken: refresh_access_token,
    Logout: logout,
    CheckSession: check_session,
    ListSessions: list_sessions,
    RevokeAllSessions: revoke_all_sessions,
    GetMe: get_me,
    CreateUser: create_user,
    CreateBrand: create_brand,
    UpdateBrand: update_brand,
    ArchiveBrand: archive_brand,
    RestoreBrand: restore_brand,
    DeleteBrand: delete_brand,
    GetBrand: get_brand,
    ListBrands: list_brands,
    audiences.AddAudience: audiences.add_audience,
    audiences.UpdateAudience: audiences.update_audience,
    audiences.ArchiveAudience: audiences.archive_audience,
    audiences.RemoveAudience: audiences.remove_audience,
    audiences.GetAudience: audiences.get_audience,
    audiences.ListAudiences: audiences.list_audiences,
    competitors.AddCompetitor: competitors.add_competitor,
    competitors.UpdateCompetitor: competitors.update_competitor,
    competitors.ArchiveCompetitor: competitors.archive_competitor,
    competitors.RemoveCompetitor: competitors.remove_competitor,
    competitors.GetCompetitor: competitors.get_competitor,
    competitors.ListCompetitors: competitors.list_competitors,
    CreateProject: create_project,
    UpdateProject: update_project,
    AssignProject: assign_project,
    ChangeProjectStatus: change_project_status,
    DeleteProject: delete_project,
    GetProject: get_project,
    ListProjects: list_projects,
    # API keys and the audit log
    CreateApiKey: create_api_key,
    ListApiKeys: list_api_keys,
    RevokeApiKey: revoke_api_key,
    AuthenticateApiKey: authenticate_api_key,
    QueryAuditLog: query_audit_log,
    # members and invitations
    ListMembers: list_members,
    ChangeMember: change_member,
    RemoveMember: remove_member,
    TransferOwnership: transfer_ownership,
    InviteMember: invite_member,
    ListInvitations: list_invitations,
    RevokeInvitation: revoke_invitation,
    AcceptInvitation: accept_invitation,
    # webhooks
    ReceiveWebhook: receive_webhook,
    AnswerWebhookChallenge: answer_webhook_challenge,
    CreateWebhookSubscription: create_webhook_subscription,
    GetWebhookSubscription: get_webhook_subscription,
    ListWebhookSubscriptions: list_webhook_subscriptions,
    UpdateWebhookSubscription: update_webhook_subscription,
    DeleteWebhookSubscription: delete_webhook_subscription,
    RotateWebhookSecret: rotate_webhook_secret,
    ListWebhookDeliveries: list_webhook_deliveries,
    GetWebhookDelivery: get_webhook_delivery,
    ReplayWebhookDelivery: replay_webhook_delivery,
    FanOutEvent: fan_out_event,
    # the integration context
    StartAuthorization: start_authorization,
    CompleteAuthorization: complete_authorization,
    ConnectWithForm: connect_with_form,
    GetIntegration: get_integration,
    ListIntegrations: list_integrations,
    ListPlatforms: list_platforms,
    DisconnectIntegration: disconnect_integration,
    RefreshIntegrationTokens: refresh_integration_tokens,
    CheckIntegrationHealth: check_integration_health,
    # generation
    GenerateVariants: generate_variants,
    GenerateContent: generate_content,
    CheckCompliance: check_compliance,
    generation_usage.GetGenerationUsage: generation_usage.get_generation_usage,
    generation_usage.GetGenerationBudget: generation_usage.get_generation_budget,
    generation_usage.SetGenerationBudget: generation_usage.set_generation_budget,
    generation_usage.CheckGenerationBudget: generation_usage.check_generation_budget,
    # the content library
    **CONTENT_HANDLERS,
    # experiments
    CreateExperiment: create_experiment,
    UpdateExperiment: update_experiment,
    StartExperiment: start_experiment,
    StopExperiment: stop_experiment,
    ConcludeExperiment: conclude_experiment,
    GetExperiment: get_experiment,
    ListExperiments: list_experiments,
    GetAssignment: get_assignment,
    RecordExperimentEvents: record_experiment_events,
    AnalyzeExperiment: analyze_experiment,
}
