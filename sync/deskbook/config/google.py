"""The Google Sheets part of deskbook.toml: which spreadsheet feeds which tab, how to sign in."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from deskbook.strict import Strict, invalid

# A key as it appears in a sheet's address: docs.google.com/spreadsheets/d/<key>/edit
_KEY = re.compile(r"[A-Za-z0-9_-]{20,}")
_KEY_IN_URL = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")
_LOOPBACK_NAMES = {"localhost"}


def spreadsheet_key(value: str) -> str:
    """A spreadsheet key from a key or any docs.google.com address of the spreadsheet."""
    text = value.strip()
    if _KEY.fullmatch(text):
        return text
    match = _KEY_IN_URL.search(text)
    if match and _KEY.fullmatch(match.group(1)):
        return match.group(1)
    raise invalid("not-spreadsheet-key", value=value)


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class SheetTab(Strict):
    """Where one tab lives when it is not in [source] spreadsheet under its usual name."""

    spreadsheet: str | None = None
    title: str | None = None

    @field_validator("spreadsheet")
    @classmethod
    def _key(cls, value: str | None) -> str | None:
        return None if value is None else spreadsheet_key(value)

    @field_validator("title")
    @classmethod
    def _title(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise invalid("blank-tab-title")
        return value


class GoogleSettings(Strict):
    """How to reach Google: the key file, and how long to wait and retry."""

    # A service-account key (or `gcloud auth application-default login` file). When absent:
    # GOOGLE_APPLICATION_CREDENTIALS, then gspread's ~/.config/gspread/service_account.json,
    # then Application Default Credentials.
    credentials: Path | None = None
    timeout: float = Field(default=30.0, gt=0, le=600)
    # Seconds one request (one block of a large read) keeps retrying 429, 5xx, timeouts and
    # dropped connections, counted from the end of its first failure.
    retry_limit: float = Field(default=60.0, ge=0, le=3600)
    # The first wait between tries; each later wait doubles (with jitter), up to 32 s.
    backoff: float = Field(default=1.0, gt=0, le=60)
    # Another address for the Sheets and Drive APIs (an API gateway, or a test server).
    api_root: str | None = None

    @field_validator("api_root")
    @classmethod
    def _root(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        host = parts.hostname or ""
        if parts.scheme == "https" and host:
            return value.rstrip("/")
        if parts.scheme == "http" and _is_loopback(host):
            return value.rstrip("/")
        raise invalid("plain-http", value=value)


def check_gsheets(
    spreadsheet: str | None, sheets: dict[str, SheetTab], all_tabs: list[str]
) -> None:
    """kind = "gsheets" needs a spreadsheet for every tab, by default or one by one."""
    if spreadsheet is not None:
        return
    unplaced = [t for t in all_tabs if sheets.get(t) is None or sheets[t].spreadsheet is None]
    if unplaced:
        raise invalid("gsheets-needs-spreadsheet", tabs=", ".join(unplaced))
