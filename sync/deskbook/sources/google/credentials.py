"""Sign in to Google: a service-account key file, or Application Default Credentials.

Where the key comes from, in order: [source.google] credentials in deskbook.toml, the
GOOGLE_APPLICATION_CREDENTIALS variable, gspread's default file, then ADC (gcloud's
application-default login, or the machine's own account on Google Cloud). Read-only scopes
unless a command writes to the sheet. No message ever quotes the key file's contents.
"""

from __future__ import annotations

import json
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import google.auth
from google.auth.credentials import Credentials
from google.auth.exceptions import DefaultCredentialsError, MalformedError
from google.oauth2 import credentials as user_credentials
from google.oauth2 import service_account

from deskbook.config.google import GoogleSettings
from deskbook.errors import SourceError

# Drive only ever answers "when was it last modified?", so its metadata scope is enough.
READ_SCOPES = (
    "https://www.googleapis.com/auth/spreadsheets.readonly",
    "https://www.googleapis.com/auth/drive.metadata.readonly",
)
WRITE_SCOPES = (
    "https://www.googleapis.com/auth/spreadsheets",
    "https://www.googleapis.com/auth/drive.metadata.readonly",
)
_SERVICE_ACCOUNT_FIELDS = ("client_email", "private_key", "token_uri")
_USER_FIELDS = ("client_id", "client_secret", "refresh_token")


@dataclass(frozen=True)
class Account:
    """Signed-in credentials, and what a person needs to know about them."""

    credentials: Credentials
    email: str | None  # the address to share spreadsheets with; None for a person's login
    origin: str  # where the credentials came from, for messages


def gspread_default_file() -> Path:
    """gspread's own default: ~/.config/gspread/service_account.json (%APPDATA% on Windows)."""
    from gspread.auth import get_config_dir

    return get_config_dir() / "service_account.json"


def load_account(settings: GoogleSettings, root: Path, write: bool = False) -> Account:
    scopes = list(WRITE_SCOPES if write else READ_SCOPES)
    if settings.credentials is not None:
        path = (
            settings.credentials
            if settings.credentials.is_absolute()
            else root / settings.credentials
        )
        return _from_file(path, f"[source.google] credentials = {path}", scopes)
    env = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
    if env:
        return _from_file(Path(env), f"GOOGLE_APPLICATION_CREDENTIALS={env}", scopes)
    default = gspread_default_file()
    if default.is_file():
        return _from_file(default, str(default), scopes)
    try:
        with warnings.catch_warnings():
            # "end user credentials without a quota project": not our users' concern.
            warnings.simplefilter("ignore")
            found, _ = google.auth.default(scopes=scopes)
    except DefaultCredentialsError:
        raise SourceError("google-no-credentials", default=str(default)) from None
    email = getattr(found, "service_account_email", None)
    return Account(
        found, email if email and "@" in email else None, "Application Default Credentials"
    )


def _from_file(path: Path, origin: str, scopes: list[str]) -> Account:
    if not path.is_file():
        raise SourceError("google-credentials-missing", origin=origin)
    try:
        info = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise SourceError("google-credentials-not-json", origin=origin) from None
    if not isinstance(info, dict):
        raise SourceError("google-credentials-not-json", origin=origin)
    kind = info.get("type")
    if kind == "service_account":
        return _service_account(info, origin, scopes)
    if kind == "authorized_user":
        _require(info, _USER_FIELDS, origin)
        found = user_credentials.Credentials.from_authorized_user_info(info, scopes=scopes)
        return Account(found, None, origin)
    raise SourceError("google-credentials-type", origin=origin, type=str(kind))


def _service_account(info: dict[str, Any], origin: str, scopes: list[str]) -> Account:
    _require(info, _SERVICE_ACCOUNT_FIELDS, origin)
    try:
        found = service_account.Credentials.from_service_account_info(info, scopes=scopes)
    except (ValueError, MalformedError, TypeError):
        # The library's own text may quote the key; ours says only which field is bad.
        raise SourceError("google-credentials-bad-key", origin=origin) from None
    return Account(found, str(info["client_email"]), origin)


def _require(info: dict[str, Any], fields: tuple[str, ...], origin: str) -> None:
    missing = [f for f in fields if not isinstance(info.get(f), str) or not info[f].strip()]
    if missing:
        raise SourceError("google-credentials-incomplete", origin=origin, fields=", ".join(missing))
