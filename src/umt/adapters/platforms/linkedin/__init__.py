"""LinkedIn: members and organization pages, through 3-legged OAuth 2.0."""

from umt.adapters.platforms.linkedin.connector import LinkedInConnector, linkedin_error

__all__ = ["LinkedInConnector", "linkedin_error"]
