"""Request ids: taken from X-Request-ID when sane, else generated; on every response (routing
errors included, see problems.py) and bound to every log line of the request (edge.py)."""

from __future__ import annotations

import random
import re
from typing import Any

from litestar.types import Scope

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
HEADER = b"x-request-id"
# Request ids correlate log lines; they need uniqueness, not unpredictability, so the fast
# Mersenne Twister serves (uuid4 reads os.urandom on every request).
_random_bits = random.Random().getrandbits  # noqa: S311  # see above


def ensure_request_id(scope: Scope) -> str:
    """The request's id, fixed on first use: the client's if sane, else a new one."""
    state: dict[str, Any] = scope.setdefault("state", {})
    request_id = state.get("request_id")
    if request_id is None:
        incoming = ""
        for name, value in scope.get("headers", ()):
            if name == HEADER:
                incoming = value.decode("latin-1")
                break
        request_id = incoming if _SAFE_ID.match(incoming) else f"{_random_bits(128):032x}"
        state["request_id"] = request_id
    return str(request_id)
