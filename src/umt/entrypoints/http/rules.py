"""Each route's authorization rule, declared as data in its handler's ``opt``.

Exactly one of three rules per route:

- ``{"permission": "<resource:action>"}`` — the caller's role must grant this
  :class:`~umt.domain.identity.permissions.Permission` (the use case checks it; the rule says so
  where the route is declared, and the allow/deny test matrix is generated from it);
- ``{"self_service": True}`` — the route acts on the caller's own account: any signed-in role;
- ``{"public": True}`` — no access token at all.

A route whose work is chosen by its body may add ``"task_permission": True``: it needs the
route's permission *and* the one of the task it is asked to run (jobs).
"""

from __future__ import annotations

from typing import Any

from umt.application.use_case import permission_of
from umt.domain.identity.permissions import Permission

PUBLIC: dict[str, Any] = {"public": True}
SELF_SERVICE: dict[str, Any] = {"self_service": True}
RULE_KEYS = ("permission", "self_service", "public")
QUALIFIER_KEYS = ("task_permission",)


def requires(permission: Permission, **qualifiers: Any) -> dict[str, Any]:
    """The rule of a permission-checked route: ``opt=requires(Permission.BRAND_READ)``."""
    return {"permission": permission.value, **qualifiers}


def requires_for(command: type, **qualifiers: Any) -> dict[str, Any]:
    """The rule of a route that runs ``command``: the permission its use case declares,
    ``opt=requires_for(CreateProject)``."""
    return requires(permission_of(command), **qualifiers)
