"""The payload of a task that runs a use case: who acts, the command's fields, and the job.

```json
{"actor": {"user_id": "...", "organization_id": "...", "role": "editor"},
 "input": {"name": "Acme"},
 "job_id": "..."}
```

The broker is inside the trust boundary: the actor was authenticated where the task was
created (the HTTP service, the library), and its permissions follow from its role here, so a
task can never claim more than its role allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from umt.application.agents.errors import InvalidTaskPayload
from umt.application.principal import Principal
from umt.domain.identity.permissions import Permission, Role
from umt.domain.shared.ids import ApiKeyId, BrandId, OrganizationId, UserId


class Actor(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    user_id: UUID
    organization_id: UUID
    role: Role
    # An API key acts with its effective scopes (those its creator still holds), never with a
    # role's permissions: both travel, and so does the creator's brand scope.
    api_key_id: UUID | None = None
    scopes: frozenset[Permission] | None = None
    # the member's brand scope travels with the task: an agent reaches no more brands
    brand_ids: frozenset[UUID] | None = None

    def principal(self) -> Principal:
        scope = None if self.brand_ids is None else frozenset(BrandId(b) for b in self.brand_ids)
        if self.api_key_id is not None:
            return Principal(
                user_id=UserId(self.user_id),
                organization_id=OrganizationId(self.organization_id),
                role=self.role,
                permissions=self.scopes or frozenset(),
                api_key_id=ApiKeyId(self.api_key_id),
                brand_scope=scope,
            )
        return Principal.for_member(
            UserId(self.user_id), OrganizationId(self.organization_id), self.role, scope
        )

    @classmethod
    def of(cls, principal: Principal) -> Actor:
        if principal.api_key_id is not None:
            return cls(
                user_id=principal.user_id,
                organization_id=principal.organization_id,
                role=principal.role,
                api_key_id=principal.api_key_id,
                scopes=principal.permissions,
                brand_ids=principal.brand_scope,
            )
        return cls(
            user_id=principal.user_id,
            organization_id=principal.organization_id,
            role=principal.role,
            brand_ids=principal.brand_scope,
        )


@dataclass(frozen=True, slots=True)
class DecodedTask:
    command: Any
    principal: Principal | None
    job_id: UUID | None


@cache
def _payload_model(command_type: type) -> type[BaseModel]:
    """The whole payload of a task running ``command_type``, validated in one pass (actor,
    input as the command itself, job id): one validation call per task, not two."""
    return create_model(
        f"{command_type.__name__}Payload",
        __config__=ConfigDict(extra="forbid", frozen=True),
        actor=(Actor | None, None),
        input=(command_type, ...),
        job_id=(UUID | None, None),
    )


def _errors(exc: ValidationError) -> list[dict[str, Any]]:
    return [
        {"loc": ["payload", *map(str, e["loc"])], "msg": e["msg"], "type": e["type"]}
        for e in exc.errors(include_url=False, include_context=False, include_input=False)
    ]


def decode(payload: dict[str, Any], command_type: type, *, anonymous: bool) -> DecodedTask:
    """The command and principal of a task; InvalidTaskPayload names every problem."""
    if "input" not in payload:  # a command whose fields all have defaults
        payload = {**payload, "input": {}}
    try:
        decoded: Any = _payload_model(command_type).model_validate(payload)
    except ValidationError as exc:
        raise InvalidTaskPayload(
            "the task payload is invalid", details={"errors": _errors(exc)}
        ) from None
    except (TypeError, ValueError) as exc:  # a command's own __post_init__ checks
        raise InvalidTaskPayload(f"the task input is invalid: {exc}") from None
    actor: Actor | None = decoded.actor
    if actor is None and not anonymous:
        raise InvalidTaskPayload("this task needs payload.actor (who acts)")
    principal = actor.principal() if actor is not None else None
    return DecodedTask(command=decoded.input, principal=principal, job_id=decoded.job_id)


def encode(
    command_input: dict[str, Any], principal: Principal | None, *, job_id: UUID | None = None
) -> dict[str, Any]:
    """The payload for a task: the inverse of ``decode``."""
    payload: dict[str, Any] = {"input": command_input}
    if principal is not None:
        payload["actor"] = Actor.of(principal).model_dump(mode="json", exclude_none=True)
    if job_id is not None:
        payload["job_id"] = str(job_id)
    return payload


def decode_job_id(payload: dict[str, Any]) -> UUID | None:
    """The job a task reports to, if its payload names a valid one."""
    raw = payload.get("job_id")
    try:
        return UUID(str(raw)) if raw is not None else None
    except ValueError:
        return None
