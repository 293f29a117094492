"""The ContentGenerator on an OpenAI-compatible chat completions API.

One adapter serves every server that speaks the chat completions protocol with structured
outputs: OpenAI (``https://api.openai.com/v1``), Azure OpenAI's v1 API
(``https://<resource>.openai.azure.com/openai/v1/``, the model being the deployment name),
Ollama (``http://localhost:11434/v1``), vLLM (``http://localhost:8000/v1``) and LM Studio
(``http://localhost:1234/v1``). See docs/generation.md.

What it adds around the SDK (whose own retries are off, ``max_retries=0``, so there is one
policy, this one):

- the versioned prompt and the strict JSON schema of the content type
  (``umt.ports.prompts``), parsed into a ``Draft``; a reply that is not the
  schema's JSON is asked for once more, then the call fails;
- retries (tenacity) of 408/409/429/5xx answers, timeouts and connection errors, with full
  jitter exponential backoff, or exactly the server's ``Retry-After``/``retry-after-ms`` when
  it sends one; bounded in attempts (``max_retries`` + 1) and in total time slept
  (``max_wait_seconds``: a Retry-After that would overrun it ends the call at once);
- a semaphore bounding the requests in flight to the server (``max_concurrency``);
- every failure as ``GeneratorUnavailable``, naming the status or the kind of error, never an
  SDK exception, the request's text or the key.

The circuit breaker is not here: ``adapters/resilience/content_generator.py`` wraps any
generator in one, wired by ``entrypoints/container/resilience.py``.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, cast

import httpx2
import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletion
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_any,
    wait_random_exponential,
)
from tenacity.stop import stop_base

from umt.ports.content_generator import (
    ContentGenerator,
    GeneratedDraft,
    GenerationRequest,
    GeneratorUnavailable,
    TokenUsage,
)
from umt.ports.prompts import (
    PROMPT_VERSION,
    MalformedOutput,
    messages,
    parse_output,
    response_format,
)

log = logging.getLogger("umt.generation")

ADAPTER = "openai"
NO_KEY = "not-needed"  # local servers (Ollama, vLLM, LM Studio) take any key; the SDK needs one
RETRYABLE_STATUSES = frozenset({408, 409, 429})
PARSE_ATTEMPTS = 2  # a reply that does not parse is asked for once more


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenAiConfig:
    """Where the server is and how patiently to talk to it."""

    base_url: str
    model: str
    api_key: str = field(default="", repr=False)
    timeout_seconds: float = 30.0  # per HTTP request
    max_concurrency: int = 8  # requests in flight to this server
    max_retries: int = 3  # retries after the first attempt of one completion
    max_wait_seconds: float = 60.0  # total sleep between the retries of one completion
    backoff_base_seconds: float = 0.5
    backoff_max_seconds: float = 20.0
    temperature: float = 0.8


def retry_after_seconds(exc: BaseException) -> float | None:
    """The delay an error response asks for: ``retry-after-ms`` or ``Retry-After`` (seconds)."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            delay = float(value) / divisor
        except ValueError:
            continue  # an HTTP date: rare from these APIs, treated as absent
        if math.isfinite(delay) and delay >= 0:
            return delay
    return None


def is_retryable(exc: BaseException) -> bool:
    """Worth another attempt: a timeout, a lost connection, 408/409/429 or a 5xx answer."""
    if isinstance(exc, openai.APIConnectionError):  # timeouts included
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in RETRYABLE_STATUSES or exc.status_code >= 500
    return False


def _describe(exc: BaseException) -> str:
    """What went wrong, without the server's text (it may quote the request) or the key."""
    if isinstance(exc, openai.APITimeoutError):
        return "timed out"
    if isinstance(exc, openai.APIConnectionError):
        return "could not be reached"
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status == 429:
            return "rate limited (HTTP 429)"
        if status >= 500:
            return f"server error (HTTP {status})"
        return f"refused the request (HTTP {status})"
    return type(exc).__name__


class _WaitBudget(stop_base):
    """Stop rather than sleep past the total wait allowed for one completion (tenacity
    computes the upcoming sleep before it asks the stop strategy)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __call__(self, retry_state: RetryCallState) -> bool:
        return retry_state.idle_for + retry_state.upcoming_sleep > self.seconds


class OpenAiContentGenerator(ContentGenerator):
    """One draft per call from a chat completion with structured output."""

    def __init__(
        self,
        config: OpenAiConfig,
        *,
        client: AsyncOpenAI | None = None,
        http_client: httpx2.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.config = config
        self._client = client or AsyncOpenAI(
            base_url=config.base_url,
            api_key=config.api_key or NO_KEY,
            timeout=config.timeout_seconds,
            max_retries=0,
            http_client=http_client,  # None: the SDK's own; given: an instrumented one
        )
        self._sleep = sleep
        self._clock = clock
        self._slots = asyncio.Semaphore(config.max_concurrency)
        self._backoff = wait_random_exponential(
            multiplier=config.backoff_base_seconds, max=config.backoff_max_seconds
        )

    @property
    def name(self) -> str:
        return f"{ADAPTER}:{self.config.model}"

    async def close(self) -> None:
        await self._client.close()

    async def generate(self, request: GenerationRequest) -> GeneratedDraft:
        started = self._clock()
        try:
            return await self._generate(request, started)
        except GeneratorUnavailable:
            raise
        except openai.OpenAIError as exc:
            retry_after = retry_after_seconds(exc)
            raise GeneratorUnavailable(
                f"{self.name} {_describe(exc)}",
                retry_after=max(1, math.ceil(retry_after)) if retry_after is not None else 5,
            ) from exc
        except Exception as exc:  # the port promises GeneratorUnavailable and nothing else
            log.exception("unexpected error from the generator", extra={"generator": self.name})
            raise GeneratorUnavailable(f"{self.name} failed: {type(exc).__name__}") from exc

    async def _generate(self, request: GenerationRequest, started: float) -> GeneratedDraft:
        input_tokens = output_tokens = 0
        for attempt in range(1, PARSE_ATTEMPTS + 1):
            completion = await self._complete(request)
            if completion.usage is not None:
                input_tokens += completion.usage.prompt_tokens
                output_tokens += completion.usage.completion_tokens
            content = completion.choices[0].message.content if completion.choices else None
            try:
                draft = parse_output(content, request)
            except MalformedOutput as exc:
                log.warning(
                    "the model's reply did not match the schema",
                    extra={"generator": self.name, "attempt": attempt, "reason": str(exc)},
                )
                if attempt == PARSE_ATTEMPTS:
                    raise GeneratorUnavailable(
                        f"{self.name} answered {PARSE_ATTEMPTS} times without the requested "
                        f"JSON ({exc})"
                    ) from exc
                continue
            return GeneratedDraft(
                draft=draft,
                adapter=ADAPTER,
                model=completion.model or self.config.model,
                prompt_version=PROMPT_VERSION,
                usage=TokenUsage(input_tokens=input_tokens, output_tokens=output_tokens),
                latency_ms=(self._clock() - started) * 1000,
                seed=request.seed,
            )
        raise AssertionError("unreachable")  # pragma: no cover

    async def _complete(self, request: GenerationRequest) -> ChatCompletion:
        config = self.config
        retrying = AsyncRetrying(
            stop=stop_any(
                stop_after_attempt(config.max_retries + 1), _WaitBudget(config.max_wait_seconds)
            ),
            wait=self._wait,
            retry=retry_if_exception(is_retryable),
            sleep=self._sleep,
            before_sleep=self._log_retry,
            reraise=True,
        )
        arguments: dict[str, Any] = {
            "model": config.model,
            "messages": messages(request),
            "response_format": response_format(request.content_type),
            "seed": request.seed,
            "temperature": config.temperature,
        }

        async def attempt() -> ChatCompletion:
            async with self._slots:
                completion = await self._client.chat.completions.create(**arguments)
            return cast("ChatCompletion", completion)

        return await retrying(attempt)

    def _wait(self, state: RetryCallState) -> float:
        """The server's Retry-After when it sent one, else jittered exponential backoff."""
        error = state.outcome.exception() if state.outcome else None
        asked = retry_after_seconds(error) if error is not None else None
        return asked if asked is not None else self._backoff(state)

    def _log_retry(self, state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        log.info(
            "retrying the completion",
            extra={
                "generator": self.name,
                "attempt": state.attempt_number,
                "error": _describe(error) if error is not None else None,
                "sleep_seconds": round(state.upcoming_sleep, 3),
            },
        )
