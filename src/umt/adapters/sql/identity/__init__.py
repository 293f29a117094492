"""SQL adapters of the identity context: users, organizations, memberships, tokens,
invitations and API keys."""
