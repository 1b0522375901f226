"""gspread's HTTP client with the retry policy a scheduled job needs.

gspread 6.2.1's BackOffHTTPClient retries a persistent 429 forever and only 429/408/5xx; this
one retries 429, 5xx, Drive's 403 rate limits, timeouts and dropped or cut-off connections with
exponential backoff and jitter, and stops once `limit` seconds have passed since the request's
first failure ended, so a sync under a quota storm ends in bounded time with a clear message.
The budget is each request's own: a long read cut near its end still gets its tries, and one
block of a large read that fails does not use up the next block's. A read that may be asked
for in smaller parts (`shrinkable`) is not repeated whole after a 503 or a time-out: the
caller is told (`Overloaded`) and asks for half. Only Sheets requests draw on the Sheets read
quota; Drive has its own, far larger one.
Writes are retried only on 429 (the request was refused, so repeating it cannot apply it
twice); everything else is handed back as gspread's own APIError.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

import requests
from google.auth.credentials import Credentials
from google.auth.exceptions import RefreshError, TransportError
from google.auth.transport.requests import AuthorizedSession
from gspread.exceptions import APIError
from gspread.http_client import FileType, HTTPClient, ParamsType

from deskbook.config.google import GoogleSettings
from deskbook.errors import SourceError
from deskbook.sources.google import quota
from deskbook.sources.google.credentials import Account
from deskbook.sources.google.quota import Quota

log = logging.getLogger(__name__)

GOOGLE_HOSTS = ("https://sheets.googleapis.com", "https://www.googleapis.com")
_RETRY_STATUS = {408, 429, 500, 502, 503, 504}
_RATE_REASONS = {"rateLimitExceeded", "userRateLimitExceeded"}
_MAX_WAIT = 32.0
SHEETS_HOST = GOOGLE_HOSTS[0]
# What Google answers when a request is too large or too complex for it: smaller may pass.
_OVERLOAD_STATUS = {503, 504}
_OVERLOAD_KINDS = {"timeout"}


class Overloaded(Exception):
    """A shrinkable read failed the way a too-large one does: ask for less."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


@dataclass(frozen=True)
class RetryPolicy:
    timeout: float = 30.0  # seconds to wait for one answer
    limit: float = 60.0  # seconds of retrying one request
    backoff: float = 1.0  # the first wait; then doubled each time, up to 32 s


@dataclass(frozen=True)
class _Failure:
    kind: str  # status | timeout | connection | truncated | signin
    status: int | None = None
    retry_after: float | None = None
    host: str = ""
    reason: str = ""


class DeskbookHTTPClient(HTTPClient):
    """Sends every request gspread builds, rerouted to `api_root` when one is configured."""

    def __init__(
        self,
        auth: Credentials | None,
        session: requests.Session | None = None,
        *,
        policy: RetryPolicy | None = None,
        api_root: str | None = None,
        account: Account | None = None,
        quota: Quota | None = None,
    ) -> None:
        super().__init__(auth, session)  # type: ignore[arg-type]
        self.quota = quota  # a company run's shared read quota (sources/google/quota.py)
        self.policy = policy or RetryPolicy()
        self.api_root = api_root
        self.account = account
        self.sent = 0  # requests put on the wire, retries included

    def route(self, endpoint: str) -> str:
        if self.api_root:
            for host in GOOGLE_HOSTS:
                if endpoint.startswith(host + "/"):
                    return self.api_root + endpoint[len(host) :]
        return endpoint

    def request(
        self,
        method: str,
        endpoint: str,
        params: ParamsType | None = None,
        data: bytes | None = None,
        json: Mapping[str, Any] | None = None,
        files: FileType = None,
        headers: MutableMapping[str, str] | None = None,
        *,
        shrinkable: bool = False,
        read: bool | None = None,
    ) -> requests.Response:
        """`read`: retried as a read whatever the method (a Drive batch of gets is a POST)."""
        url = self.route(endpoint)
        reading = method.lower() == "get" if read is None else read
        paced = reading and self.quota is not None and endpoint.startswith(SHEETS_HOST)
        tries = 0
        failing_since: float | None = None
        while True:
            tries += 1
            if paced and self.quota is not None:
                self.quota.take(self.account.email if self.account else None)
            self.sent += 1
            try:
                response = self.session.request(
                    method=method,
                    url=url,
                    json=json,
                    params=params,
                    data=data,
                    files=files,
                    headers=headers,
                    timeout=self.policy.timeout,
                )
            except RefreshError as exc:
                if _refused(exc):
                    raise _key_rejected(self.account, exc) from None
                failure = _Failure("signin")
            except TransportError:
                failure = _Failure("signin")
            except requests.Timeout:
                failure = _Failure("timeout")
            except requests.ConnectionError as exc:
                failure = _Failure("connection", host=_host(url), reason=_reason(exc))
            except (
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ):
                failure = _Failure("truncated")
            else:
                if response.ok:
                    return response
                if not _transient(response) or (not reading and response.status_code != 429):
                    raise APIError(response)
                failure = _Failure(
                    "status",
                    response.status_code,
                    _retry_after(response.headers.get("Retry-After")),
                )
            if not reading and failure.kind != "status":
                raise _gave_up(failure, tries, self.policy, 0.0)
            if shrinkable and (
                failure.kind in _OVERLOAD_KINDS or failure.status in _OVERLOAD_STATUS
            ):
                raise Overloaded(_what(failure))
            if failing_since is None:
                failing_since = time.monotonic()
            self._pause(failure, tries, failing_since)

    def _pause(self, failure: _Failure, tries: int, failing_since: float) -> None:
        """Wait before the next try, or give up: no try starts `limit` s after the request's
        first failure ended, so a request ends within `limit` + one `timeout` of it."""
        elapsed = time.monotonic() - failing_since
        wait = min(self.policy.backoff * 2 ** (tries - 1), _MAX_WAIT) * random.uniform(0.5, 1.0)
        if failure.retry_after is not None:
            wait = max(wait, failure.retry_after)
        if elapsed + wait > self.policy.limit:
            raise _gave_up(failure, tries, self.policy, elapsed)
        log.info("Google answered %s; try %d again in %.1f s", _what(failure), tries + 1, wait)
        time.sleep(wait)


def connect(account: Account, settings: GoogleSettings) -> DeskbookHTTPClient:
    session = AuthorizedSession(account.credentials, refresh_timeout=settings.timeout)
    policy = RetryPolicy(settings.timeout, settings.retry_limit, settings.backoff)
    return DeskbookHTTPClient(
        None,
        session,
        policy=policy,
        api_root=settings.api_root,
        account=account,
        quota=quota.current(),
    )


def _transient(response: requests.Response) -> bool:
    if response.status_code in _RETRY_STATUS:
        return True
    if response.status_code != HTTPStatus.FORBIDDEN:
        return False
    try:
        errors = response.json()["error"].get("errors") or []
    except (ValueError, KeyError, TypeError, AttributeError):
        return False
    return any(isinstance(e, dict) and e.get("reason") in _RATE_REASONS for e in errors)


def _retry_after(value: str | None) -> float | None:
    try:
        return max(float(value), 0.0) if value else None
    except ValueError:
        return None  # an HTTP date: Google does not send those, so backoff alone will do


def _host(url: str) -> str:
    return urlsplit(url).netloc


def _reason(exc: Exception) -> str:
    # The innermost cause names the problem (refused, DNS, reset) without the URL or headers.
    cause: BaseException = exc
    while cause.__cause__ is not None or cause.__context__ is not None:
        cause = cause.__cause__ or cause.__context__  # type: ignore[assignment]
    return type(cause).__name__


def _what(failure: _Failure) -> str:
    if failure.kind == "status" and failure.status is not None:
        return f"{failure.status} {HTTPStatus(failure.status).phrase}"
    return failure.kind


def _gave_up(failure: _Failure, tries: int, policy: RetryPolicy, elapsed: float) -> SourceError:
    seconds = f"{elapsed:.1f}"
    if failure.kind == "status":
        return SourceError("google-busy", status=_what(failure), tries=tries, seconds=seconds)
    if failure.kind == "timeout":
        return SourceError("google-timeout", timeout=f"{policy.timeout:g}", tries=tries)
    if failure.kind == "connection":
        return SourceError(
            "google-unreachable", host=failure.host, reason=failure.reason, tries=tries
        )
    if failure.kind == "truncated":
        return SourceError("google-truncated", tries=tries)
    return SourceError("google-signin-unreachable", tries=tries)


# What the token server answers (RFC 6749 5.2) when the key itself is refused. Anything else
# (a proxy's 502 page, a gateway that timed out, an error the sign-in server had) says
# nothing about the key, which it may have accepted a moment before.
_KEY_REFUSED = frozenset({"invalid_grant", "invalid_client", "unauthorized_client"})


def _refused(exc: RefreshError) -> bool:
    said = str(exc.args[0]) if exc.args else ""
    return said.split(":", 1)[0].strip() in _KEY_REFUSED


def _key_rejected(account: Account | None, exc: RefreshError) -> SourceError:
    # RefreshError's first argument is what the token server said, e.g.
    # "invalid_grant: Invalid JWT Signature."; it never holds the key or the token.
    reason = str(exc.args[0]) if exc.args else type(exc).__name__
    return SourceError(
        "google-key-rejected",
        origin=account.origin if account else "-",
        email=(account.email if account and account.email else "-"),
        reason=reason[:200].rstrip("."),
    )
