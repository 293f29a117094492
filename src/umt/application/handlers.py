"""The registry: each command and query type to its one handler."""

from __future__ import annotations

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
from umt.application.identity.create_user import CreateUser, create_user
from umt.application.identity.get_me import GetMe, get_me
from umt.application.identity.issue_token import IssueToken, issue_token
from umt.application.identity.logout import Logout, logout
from umt.application.identity.refresh_access_token import RefreshAccessToken, refresh_access_token
from umt.application.identity.register import Register, register
from umt.application.identity.sessions import (
    ListSessions,
    RevokeAllSessions,
    list_sessions,
    revoke_all_sessions,
)
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

HANDLERS: dict[type, Handler] = {
    Register: register,
    IssueToken: issue_token,
    RefreshAccessToken: refresh_access_token,
    Logout: logout,
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
}
