"""The sandbox platform: a simulated social network, email service and ad network in process.

The embedded default platform, so publishing, experiments and analytics run entirely offline.
``SandboxNetwork`` is the simulated platform (accounts, OAuth with PKCE, posts, campaigns, ads
and a seeded engagement model); ``SandboxConnector`` is its PlatformConnector. See
docs/sandbox.md.
"""
