"""A fake OpenAI-compatible chat completions server on loopback, for the generator's tests
and bench/generation.py.

``POST /v1/chat/completions`` checks the request the way the API documents it (a bearer key,
a model, system and user messages, ``response_format`` of type ``json_schema`` with a name, a
strict flag and an object schema) and answers with a chat completion whose message content is
JSON filling the requested schema, built deterministically from the request (its topic and
seed), with ``usage`` figures. What it cannot do by itself is scripted: ``latency`` before
every answer, and ``faults`` consumed one per request (429 with Retry-After, 500s, malformed
JSON content, replies missing fields, answers slower than the client's timeout). It counts
requests and the most it had in flight at once.

    fake = FakeOpenAi()
    with fake.serve() as base_url:   # http://127.0.0.1:<port>/v1
        ...
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from litestar import Litestar, Request, Response, get, post
from tests.support.loopback_server import serve_asgi

API_KEY = "sk-fake-KEY-9f3a1c"  # a marker leak tests look for
_TOPIC = re.compile(r" about: (.+)")
_WORDS = (
    "clear",
    "steady",
    "practical",
    "focused",
    "simple",
    "reliable",
    "honest",
    "useful",
)


@dataclass(frozen=True, slots=True)
class Fault:
    """What the next request gets instead of a good answer.

    ``status``: answer with this HTTP status and an OpenAI error body (``headers`` added, e.g.
    ``{"Retry-After": "2"}``); ``content``: a 200 whose message content is this text
    (malformed JSON, or JSON missing fields); ``delay``: wait this long first (longer than the
    client's timeout to make it time out).
    """

    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content: str | None = None
    delay: float = 0.0


def rate_limited(retry_after: str = "1", *, header: str = "Retry-After") -> Fault:
    return Fault(status=429, headers={header: retry_after})


SERVER_ERROR = Fault(status=500)
MALFORMED = Fault(content='{"title": "Half a reply", "body": ')
MISSING_FIELDS = Fault(content=json.dumps({"title": "No body here"}))


def timeout(seconds: float) -> Fault:
    return Fault(delay=seconds)


def _error(
    status: int, message: str, kind: str, headers: dict[str, str] | None = None
) -> Response[Any]:
    body = {"error": {"message": message, "type": kind, "param": None, "code": None}}
    return Response(body, status_code=status, headers=headers or {})


def _instance(schema: dict[str, Any], name: str, topic: str, pick: int) -> Any:
    """A value of ``schema`` (object, array, string, number, boolean) about ``topic``."""
    kind = schema.get("type")
    if kind == "object":
        return {
            key: _instance(sub, key, topic, pick + index)
            for index, (key, sub) in enumerate(schema.get("properties", {}).items())
        }
    if kind == "array":
        count = max(int(schema.get("minItems", 0)), 2)
        return [
            _instance(schema.get("items", {}), f"{name}{i + 1}", topic, pick + i)
            for i in range(count)
        ]
    if kind in {"integer", "number"}:
        return pick
    if kind == "boolean":
        return pick % 2 == 0
    word = _WORDS[pick % len(_WORDS)]
    if name == "body":
        return (
            f"A {word} look at {topic}. Here is what changes when teams stop waiting and start "
            f"acting on it.\n\nEvery point below is {word} and ready to use."
        )
    return f"{word} {name} on {topic}"


def _token_count(text: str) -> int:
    return max(1, len(text.split()))


@dataclass
class FakeOpenAi:
    api_key: str = API_KEY
    latency: float = 0.0  # seconds before every answer
    served_model: str | None = None  # the model the answers name (default: the one asked for)
    faults: deque[Fault] = field(default_factory=deque)
    requests: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    bodies: list[dict[str, Any]] = field(default_factory=list)

    def script(self, *faults: Fault) -> None:
        """Faults for the next requests, in order (a request after them is answered well)."""
        self.faults.extend(faults)

    @contextmanager
    def serve(self) -> Iterator[str]:
        """Run the server for the block; yields its base URL, ending in ``/v1``."""
        with serve_asgi(self.app()) as url:
            yield f"{url}/v1"

    def app(self) -> Litestar:
        @post("/v1/chat/completions")
        async def completions(request: Request[Any, Any, Any]) -> Response[Any]:
            self.requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            try:
                return await self._answer(request)
            finally:
                self.in_flight -= 1

        @get("/fake/stats")
        async def stats() -> dict[str, int]:
            """What the fake counted, for a client in another process (the benchmark)."""
            return {"requests": self.requests, "max_in_flight": self.max_in_flight}

        return Litestar([completions, stats])

    async def _answer(self, request: Request[Any, Any, Any]) -> Response[Any]:
        fault = self.faults.popleft() if self.faults else Fault()
        await asyncio.sleep(self.latency + fault.delay)
        if request.headers.get("authorization") != f"Bearer {self.api_key}":
            return _error(401, "Incorrect API key provided.", "invalid_request_error")
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _error(
                400, "We could not parse the JSON body of your request.", "invalid_request_error"
            )
        self.bodies.append(body)
        problem = _shape_problem(body)
        if problem:
            return _error(400, problem, "invalid_request_error")
        if fault.status is not None:
            kind = "rate_limit_error" if fault.status == 429 else "server_error"
            return _error(
                fault.status,
                f"Scripted fault {fault.status} for key {self.api_key}",
                kind,
                fault.headers,
            )
        schema = body["response_format"]["json_schema"]["schema"]
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        found = _TOPIC.search(user)
        topic = found.group(1).strip() if found else "the topic"
        digest = hashlib.sha256(json.dumps([body["messages"], body.get("seed")]).encode()).digest()
        content = (
            fault.content
            if fault.content is not None
            else json.dumps(_instance(schema, "root", topic, digest[0]))
        )
        prompt_tokens = sum(_token_count(m["content"]) for m in body["messages"])
        completion_tokens = _token_count(content)
        return Response(
            {
                "id": f"chatcmpl-{self.requests}",
                "object": "chat.completion",
                "created": 1_764_072_000,
                "model": self.served_model or body["model"],
                "system_fingerprint": "fp_fake",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content, "refusal": None},
                        "finish_reason": "stop",
                        "logprobs": None,
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
            },
            status_code=200,
        )


def _shape_problem(body: Any) -> str | None:
    """What is wrong with a chat completion request for structured output, if anything."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "you must provide a model parameter"
    chat = body.get("messages")
    if not isinstance(chat, list) or not chat:
        return "messages must be a non-empty array"
    for message in chat:
        if not isinstance(message, dict) or message.get("role") not in {
            "system",
            "user",
            "assistant",
            "developer",
        }:
            return "each message needs a valid role"
        if not isinstance(message.get("content"), str):
            return "each message needs string content"
    if [m["role"] for m in chat][-1] != "user":
        return "the last message must come from the user"
    fmt = body.get("response_format")
    if not isinstance(fmt, dict) or fmt.get("type") != "json_schema":
        return "response_format must be of type json_schema"
    spec = fmt.get("json_schema")
    if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
        return "response_format.json_schema needs a name"
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", spec["name"]):
        return "response_format.json_schema.name has invalid characters"
    schema = spec.get("schema")
    if not isinstance(schema, dict) or schema.get("type") != "object":
        return "response_format.json_schema.schema must be an object schema"
    if spec.get("strict") is True and (
        schema.get("additionalProperties") is not False
        or set(schema.get("required", [])) != set(schema.get("properties", {}))
    ):
        return "strict schemas need every property required and additionalProperties false"
    if "seed" in body and not isinstance(body["seed"], int):
        return "seed must be an integer"
    return None
