"""LinkedIn: members and organization pages, through 3-legged OAuth 2.0."""

from umt.adapters.platforms.linkedin.connector import LinkedInConnector
from umt.adapters.platforms.linkedin.errors import ApiVersionRetired, linkedin_error

__all__ = ["ApiVersionRetired", "LinkedInConnector", "linkedin_error"]
