"""Per-channel rendering for the publishing use cases: a content version as one account's post.

Not a context module of its own (no ``module.py``): the publishing context calls
``render_publication`` when a publication is scheduled (refusing it with the violations listed)
and ``outgoing_post`` when it is sent.
"""

from umt.application.publishing_rendering.render_publication import (
    outgoing_post,
    render_publication,
)

__all__ = ["outgoing_post", "render_publication"]
