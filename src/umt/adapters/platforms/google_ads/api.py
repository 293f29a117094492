"""The Google Ads API over REST: ``googleAds:mutate``, ``googleAds:searchStream`` and
``customers:listAccessibleCustomers``, with the headers every call needs.

- Headers: ``Authorization: Bearer``, ``developer-token`` (the app's), ``login-customer-id``
  (the manager account acted through: the target's ``login_customer_id`` detail, else the
  connector's option).
- ``POST /v{N}/customers/{cid}/googleAds:mutate`` with ``{"mutateOperations": [...]}``: atomic,
  temporary resource names (negative ids) link the objects created in one request; the answer's
  ``mutateOperationResponses`` give the real resource names in the same order. A write goes
  through ``PlatformHttp`` with ``write=True``: a lost answer is ``OutcomeUnknown``.
- ``POST /v{N}/customers/{cid}/googleAds:searchStream`` with ``{"query": GAQL}``: a JSON array of
  batches ``[{"results": [...], "fieldMask", "requestId"}, ...]``; an error after the stream
  started arrives as an element with ``error``.
- Errors: a google.rpc.Status with a ``GoogleAdsFailure`` (``umt.adapters.platforms.google.
  errors``): ``UNAUTHENTICATED`` → TokenExpired, ``RESOURCE_EXHAUSTED``/429 → RateLimited with
  the ``retryDelay``; a duplicate name (``DUPLICATE_CAMPAIGN_NAME``, ``DUPLICATE_ADGROUP_NAME``,
  ``DUPLICATE_NAME``) → ``DuplicateName`` so the adapter reconciles; any other refusal →
  PlatformRejected with the Ads error's own message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from umt.adapters.platforms.connector_support import bearer
from umt.adapters.platforms.google.errors import APP_SETUP, classify_google, error_codes
from umt.adapters.platforms.http import PlatformHttp, json_or_empty, short_text
from umt.domain.integration.errors import PlatformError, PlatformRejected
from umt.domain.shared.errors import InvalidValue

PLATFORM = "google_ads"
DUPLICATE_CODES = frozenset({"DUPLICATE_CAMPAIGN_NAME", "DUPLICATE_ADGROUP_NAME", "DUPLICATE_NAME"})
RESOURCE = re.compile(r"^customers/[0-9]{10}/[A-Za-z]+/[0-9]+(~[0-9]+)?$")


class DuplicateName(PlatformRejected):
    """A create refused because an object of that name exists: likely ours, from an attempt
    whose answer was lost. The adapter finds it by reference instead of failing."""

    code = "platform_duplicate_name"


def ads_messages(error: dict[str, Any]) -> list[str]:
    return [
        str(ads_error["message"])
        for detail in error.get("details") or ()
        if isinstance(detail, dict)
        for ads_error in detail.get("errors") or ()
        if isinstance(ads_error, dict) and ads_error.get("message")
    ]


def classify_google_ads(response: httpx.Response, body: dict[str, Any]) -> PlatformError | None:
    """Google's Status mapping, with the Ads failure's precise message on a refusal and the
    duplicate names set apart."""
    typed = classify_google(PLATFORM, response, body)
    error = body.get("error")
    if not isinstance(typed, PlatformRejected) or not isinstance(error, dict):
        return typed
    if error_codes(error) & APP_SETUP:
        return typed  # the app's own setup: the message names the codes
    messages = ads_messages(error)
    text = f"{PLATFORM}: {short_text('; '.join(messages))}" if messages else typed.message
    if error_codes(error) & DUPLICATE_CODES:
        return DuplicateName(text, platform=PLATFORM, status=typed.status)
    if type(typed) is PlatformRejected:
        return PlatformRejected(text, platform=PLATFORM, status=typed.status)
    return typed


def customer_digits(raw: str) -> str:
    digits = raw.replace("-", "").strip().removeprefix("customers/")
    if not digits.isdigit() or len(digits) != 10:
        raise InvalidValue("a Google Ads customer id has ten digits", field="external_id")
    return digits


def resource_name(raw: str, *, field: str = "remote_id") -> str:
    """A resource name umt sends back into GAQL or a mutate: validated, so a value can never
    break out of a query string."""
    if not RESOURCE.fullmatch(raw):
        raise InvalidValue(f"{raw!r} is not a Google Ads resource name", field=field)
    return raw


@dataclass(frozen=True, slots=True)
class GoogleAdsApi:
    http: PlatformHttp
    base: str  # https://googleads.googleapis.com/v{N}
    developer_token: str
    login_customer_id: str | None

    def headers(self, access_token: str, login: str | None = None) -> dict[str, str]:
        if not self.developer_token:
            raise PlatformRejected(
                "google_ads needs a developer token: set the developer_token option",
                platform=PLATFORM,
            )
        headers = {**bearer(access_token), "developer-token": self.developer_token}
        manager = login or self.login_customer_id
        if manager:
            headers["login-customer-id"] = customer_digits(manager)
        return headers

    async def accessible_customers(self, access_token: str) -> list[str]:
        response = await self.http.send(
            "GET",
            f"{self.base}/customers:listAccessibleCustomers",
            headers=self.headers(access_token),
        )
        names = json_or_empty(response).get("resourceNames") or ()
        return [customer_digits(str(n)) for n in names if isinstance(n, str)]

    async def mutate(
        self,
        customer: str,
        access_token: str,
        operations: Sequence[Mapping[str, Any]],
        *,
        login: str | None = None,
    ) -> list[dict[str, Any]]:
        """One atomic ``googleAds:mutate``; the responses in the order of ``operations``."""
        response = await self.http.send(
            "POST",
            f"{self.base}/customers/{customer_digits(customer)}/googleAds:mutate",
            headers=self.headers(access_token, login),
            json={"mutateOperations": list(operations), "partialFailure": False},
            write=True,
        )
        results = json_or_empty(response).get("mutateOperationResponses")
        return [r for r in results if isinstance(r, dict)] if isinstance(results, list) else []

    async def search(
        self, customer: str, access_token: str, query: str, *, login: str | None = None
    ) -> list[dict[str, Any]]:
        """Every row of a GAQL query, through ``searchStream``."""
        response = await self.http.send(
            "POST",
            f"{self.base}/customers/{customer_digits(customer)}/googleAds:searchStream",
            headers=self.headers(access_token, login),
            json={"query": query},
        )
        try:
            batches = response.json()
        except ValueError:
            raise PlatformRejected(
                f"{PLATFORM}: searchStream answered something other than JSON", platform=PLATFORM
            ) from None
        if isinstance(batches, dict):
            batches = [batches]
        rows: list[dict[str, Any]] = []
        for batch in batches if isinstance(batches, list) else ():
            if not isinstance(batch, dict):
                continue
            if isinstance(batch.get("error"), dict):
                raise _stream_error(response, batch)
            rows.extend(r for r in batch.get("results") or () if isinstance(r, dict))
        return rows


def _stream_error(response: httpx.Response, batch: dict[str, Any]) -> PlatformError:
    return classify_google_ads(response, batch) or PlatformRejected(
        f"{PLATFORM}: the search stream failed", platform=PLATFORM
    )


def result_names(responses: Sequence[dict[str, Any]], key: str) -> list[str]:
    """The resource names of one kind of result (``campaignResult``, ``adGroupResult`` ...)."""
    return [
        str(r[key]["resourceName"])
        for r in responses
        if isinstance(r.get(key), dict) and r[key].get("resourceName")
    ]


def gaql_string(value: str) -> str:
    """A GAQL string literal; values are validated before, quotes are escaped anyway."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def like_literal(value: str) -> str:
    """``value`` for a GAQL LIKE pattern: ``[``, ``]``, ``%`` and ``_`` matched literally by
    wrapping each in brackets, as the GAQL grammar documents."""
    return "".join(f"[{c}]" if c in "[]%_" else c for c in value)
