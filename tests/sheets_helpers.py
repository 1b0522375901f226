"""Set-up for tests that read Google Sheets from the loopback server: keys, spreadsheets, config."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.conftest import load_spec, make_handbook
from tests.sheets_server import SheetsServer

EMAIL = "deskbook-sync@cuihu-office.iam.gserviceaccount.com"
MAIN = "1CuiHuGardenServiceDeskLedger2026abcdefghijk"
FINANCE = "1CuiHuFinanceFeesAndRemindersXYZ0123456789ab"
TRAINING = "1CuiHuTrainingRecordsAndPlans_zyx987654321-"
FINANCE_TABS = ("收費", "催費記錄")
TRAINING_TABS = ("培訓場次", "培訓簽到", "年度培訓計劃")


@functools.cache
def private_key(kid: str) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem(kid: str) -> str:
    return (
        private_key(kid)
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )


def service_account(server: SheetsServer, kid: str = "key-1", email: str = EMAIL) -> dict[str, Any]:
    """A service-account key file's contents, its public half known to the server."""
    server.api.register_key(kid, email, private_key(kid).public_key())
    return {
        "type": "service_account",
        "project_id": "cuihu-office",
        "private_key_id": kid,
        "private_key": pem(kid),
        "client_email": email,
        "client_id": "104857600000000000001",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": server.token_uri,
    }


def spec_tabs(spec: dict[str, dict[str, Any]] | None = None) -> dict[str, list[list[Any]]]:
    spec = spec if spec is not None else load_spec()
    return {title: [sheet["header"], *sheet["rows"]] for title, sheet in spec.items()}


def publish_minimal(
    server: SheetsServer,
    layout: str = "one",
    shared: bool = True,
    spec: dict[str, dict[str, Any]] | None = None,
) -> dict[str, list[str]]:
    """The minimal workbook (or `spec`) as spreadsheets: all in one, or split over three."""
    tabs = spec_tabs(spec)
    parts: dict[str, list[str]] = {MAIN: list(tabs)}
    if layout == "three":
        parts = {
            MAIN: [t for t in tabs if t not in FINANCE_TABS + TRAINING_TABS],
            FINANCE: list(FINANCE_TABS),
            TRAINING: list(TRAINING_TABS),
        }
    names = {MAIN: "翠湖花園客服台帳", FINANCE: "翠湖花園收費", TRAINING: "翠湖花園培訓記錄"}
    for key, titles in parts.items():
        server.api.add_book(
            key, names[key], {t: tabs[t] for t in titles}, {EMAIL} if shared else set()
        )
    return parts


def sheets_handbook(
    folder: Path,
    server: SheetsServer,
    layout: str = "one",
    key_file: dict[str, Any] | None = None,
    google: dict[str, Any] | None = None,
    extra: str = "",
) -> Path:
    """A handbook whose [source] is the loopback Sheets server, with a real key file."""
    config = make_handbook(folder, Path("unused.xlsx"))
    key_path = folder / "secrets" / "deskbook-sync.json"
    key_path.parent.mkdir(parents=True, exist_ok=True)
    key_path.write_text(json.dumps(key_file or service_account(server)), "utf-8")
    settings = {
        "credentials": "secrets/deskbook-sync.json",
        "api_root": server.root,
        "timeout": 2,
        "retry_limit": 1.5,
        "backoff": 0.05,
        **(google or {}),
    }
    lines = [
        "[source]",
        'kind = "gsheets"',
        f'spreadsheet = "https://docs.google.com/spreadsheets/d/{MAIN}/edit#gid=0"',
    ]
    if layout == "three":
        lines.append("[source.sheets]")
        lines += [
            f'fees = {{ spreadsheet = "{FINANCE}" }}',
            f'fee_reminders = {{ spreadsheet = "{FINANCE}" }}',
        ]
        lines += [
            f'{tab} = {{ spreadsheet = "{TRAINING}" }}'
            for tab in ("training_sessions", "training_attendance", "training_plan")
        ]
    lines.append("[source.google]")
    lines += [f"{k} = {json.dumps(v)}" for k, v in settings.items() if v is not None]
    text = config.read_text("utf-8").split("[source]")[0] + "\n".join(lines) + "\n" + extra
    config.write_text(text, "utf-8")
    return config
