"""Turn an error answer from the Sheets or Drive API into a message that says what to do."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from gspread.exceptions import APIError

from deskbook.errors import SourceError
from deskbook.sources.google.credentials import READ_SCOPES, WRITE_SCOPES, Account

_ACTIVATION = re.compile(r"https://console\.(?:developers|cloud)\.google\.com/apis/\S+?(?=[\s,]|$)")
_API_NAMES = {
    "sheets.googleapis.com": "Google Sheets API",
    "drive.googleapis.com": "Google Drive API",
}


def status(err: APIError) -> int:
    return err.response.status_code


def message(err: APIError) -> str:
    if err.code == -1:  # gspread's marker for an error body that was not JSON
        kind = err.response.headers.get("Content-Type", "?").split(";")[0]
        return f"({kind}, {len(err.response.content)} bytes)"
    return " ".join(str(err.error.get("message", "")).split())[:300]


def _details(err: APIError) -> list[Mapping[str, Any]]:
    details = err.error.get("details") or []
    return [d for d in details if isinstance(d, Mapping)]


def _reasons(err: APIError) -> set[str]:
    found = {str(e.get("reason")) for e in err.error.get("errors") or [] if isinstance(e, Mapping)}
    found |= {str(d.get("reason")) for d in _details(err)}
    return found


def _disabled_api(err: APIError, api: str) -> SourceError:
    service = api
    url = ""
    for detail in _details(err):
        meta = detail.get("metadata")
        if isinstance(meta, Mapping):
            service = str(meta.get("service") or service)
            url = str(meta.get("activationUrl") or url)
        for link in detail.get("links") or []:
            if isinstance(link, Mapping) and not url:
                url = str(link.get("url") or "")
    if not url:
        found = _ACTIVATION.search(str(err.error.get("message", "")))
        url = (
            found.group(0) if found else f"https://console.cloud.google.com/apis/library/{service}"
        )
    return SourceError("google-api-disabled", api=_API_NAMES.get(service, service), url=url)


def api_failure(err: APIError, api: str, key: str, account: Account) -> SourceError:
    """`api` is the service called: sheets.googleapis.com or drive.googleapis.com."""
    code = status(err)
    reasons = _reasons(err)
    text = message(err)
    if code == 403 and (
        reasons & {"SERVICE_DISABLED", "accessNotConfigured"} or "has not been used" in text
    ):
        return _disabled_api(err, api)
    if code == 403 and (
        "ACCESS_TOKEN_SCOPE_INSUFFICIENT" in reasons or "insufficient authentication scopes" in text
    ):
        return SourceError("google-scopes", scopes=",".join(WRITE_SCOPES + READ_SCOPES[:1]))
    if code == 403:
        return not_shared(key, account)
    if code == 404:
        return SourceError("google-not-found", spreadsheet=key)
    if code == 401:
        return SourceError("google-unauthenticated", origin=account.origin)
    return SourceError("google-api-error", status=code, message=text)


def not_shared(key: str, account: Account) -> SourceError:
    if account.email:
        return SourceError("google-not-shared", spreadsheet=key, email=account.email)
    return SourceError("google-not-shared-user", spreadsheet=key, origin=account.origin)


def unparsable_range(err: APIError) -> bool:
    return status(err) == 400 and "Unable to parse range" in str(err.error.get("message", ""))
