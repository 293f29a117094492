"""The identity context: accounts, sessions, tokens, API keys, members and invitations."""

from __future__ import annotations

from umt.application.context_module import ContextModule
from umt.application.identity import (
    accept_invitation,
    authenticate_api_key,
    change_member,
    check_session,
    create_api_key,
    create_user,
    get_me,
    invite_member,
    issue_token,
    list_api_keys,
    list_invitations,
    list_members,
    logout,
    refresh_access_token,
    register,
    remove_member,
    revoke_api_key,
    revoke_invitation,
    sessions,
    transfer_ownership,
)

MODULE = ContextModule(
    name="identity",
    handlers=(
        get_me.get_me,
        register.register,
        issue_token.issue_token,
        refresh_access_token.refresh_access_token,
        logout.logout,
        check_session.check_session,
        sessions.list_sessions,
        sessions.revoke_all_sessions,
        create_user.create_user,
        create_api_key.create_api_key,
        list_api_keys.list_api_keys,
        revoke_api_key.revoke_api_key,
        authenticate_api_key.authenticate_api_key,
        list_members.list_members,
        change_member.change_member,
        remove_member.remove_member,
        transfer_ownership.transfer_ownership,
        invite_member.invite_member,
        list_invitations.list_invitations,
        revoke_invitation.revoke_invitation,
        accept_invitation.accept_invitation,
    ),
)
