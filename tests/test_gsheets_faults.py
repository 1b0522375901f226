"""Every way Google Sheets can fail ends in one clear message, exit 2, and an untouched site."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from deskbook.cli import main
from deskbook.sources.google.credentials import READ_SCOPES
from tests.sheets_helpers import (
    EMAIL,
    MAIN,
    pem,
    publish_minimal,
    service_account,
    sheets_handbook,
    spec_tabs,
)
from tests.sheets_server import Fault, SheetsServer


def check(config: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["check", "--config", str(config), "--lang", "en", *extra], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def one_line(text: str) -> str:
    return " ".join(text.split())


# Each case: what goes wrong on the server, and what the person is told.
FAULTS: dict[str, tuple[Callable[[SheetsServer], None], str]] = {
    "429 storm": (
        lambda s: s.api.inject("values.batchGet", Fault.error(429), times=None),
        "Google kept answering 429 Too Many Requests for",
    ),
    "5xx storm": (
        lambda s: s.api.inject("drive.get", Fault.error(503), times=None),
        "Google kept answering 503 Service Unavailable for",
    ),
    "timeout": (
        lambda s: s.api.inject("values.batchGet", Fault(hang=5), times=None),
        "Google did not answer within 0.4 s (",
    ),
    "truncated body": (
        lambda s: s.api.inject("values.batchGet", Fault(truncate=True), times=None),
        "Google's answer was cut off in transit",
    ),
    "non-JSON body": (
        lambda s: s.api.inject("values.batchGet", Fault(garbage=True)),
        "The answer from sheets.googleapis.com could not be read (JSONDecodeError)",
    ),
    "not shared": (
        lambda s: s.api.books[MAIN].shared_with.clear(),
        f"Spreadsheet {MAIN} is not shared with {EMAIL}. In Google Sheets click Share and add "
        f"{EMAIL} as a Viewer",
    ),
    "Sheets API not enabled": (
        lambda s: s.api.disabled.add("sheets"),
        "The Google Sheets API is not enabled in the Google Cloud project. Open https://"
        "console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=123456, "
        "click Enable",
    ),
    "Drive API not enabled": (
        lambda s: s.api.disabled.add("drive"),
        "The Google Drive API is not enabled in the Google Cloud project. Open https://console."
        "developers.google.com/apis/api/drive.googleapis.com/overview?project=123456, click Enable",
    ),
    "wrong key": (
        lambda s: s.api.books.pop(MAIN),
        f"Spreadsheet {MAIN} does not exist. Check [source] spreadsheet in deskbook.toml",
    ),
    "uploaded xlsx": (
        lambda s: setattr(
            s.api.books[MAIN],
            "mime",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "is not a Google Sheet but application/vnd.openxmlformats-officedocument.spreadsheetml."
        "sheet. Open it in Drive, choose File > Save as Google Sheets",
    ),
    "revoked key": (
        lambda s: s.api.revoked.add("key-1"),
        f"Google refused the key of {EMAIL} ([source.google] credentials = ",
    ),
}


@pytest.mark.parametrize("fault", list(FAULTS), ids=list(FAULTS))
def test_fault_is_explained_and_exits_2(server: SheetsServer, tmp_path: Path, fault: str) -> None:
    publish_minimal(server)
    config = sheets_handbook(
        tmp_path / "hb", server, google={"timeout": 0.4, "retry_limit": 0.8, "backoff": 0.05}
    )
    make, expected = FAULTS[fault]
    make(server)
    started = time.monotonic()
    code, out, err = check(config)
    elapsed = time.monotonic() - started
    assert code == 2, out + err
    assert expected in one_line(err), err
    assert len(err.strip().splitlines()) == 1, err  # one message, no traceback
    # Bounded: a read halved three times (a timeout each), then the retry limit (0.8 s) plus
    # at most one more request's timeout (0.4 s).
    assert elapsed < 3 * 0.4 + 0.8 + 0.4 + 1.0


def test_a_429_storm_is_retried_with_backoff_until_the_limit(
    server: SheetsServer, tmp_path: Path
) -> None:
    publish_minimal(server)
    config = sheets_handbook(tmp_path / "hb", server, google={"retry_limit": 1.0, "backoff": 0.1})
    server.api.inject("values.batchGet", Fault.error(429), times=None)
    started = time.monotonic()
    code, _, err = check(config)
    elapsed = time.monotonic() - started
    assert code == 2
    tries = server.api.counts["values.batchGet"]
    assert f"({tries} tries)" in err
    assert 3 <= tries <= 6  # 0.1, 0.2, 0.4 ... s apart: exponential, not a tight loop
    assert elapsed < 1.0 + 0.6


def test_transient_errors_are_retried_and_then_succeed(
    server: SheetsServer, tmp_path: Path
) -> None:
    publish_minimal(server)
    config = sheets_handbook(tmp_path / "hb", server)
    server.api.inject("drive.get", Fault.error(503), times=1)
    server.api.inject("values.batchGet", Fault.error(429), times=1)
    server.api.inject("values.batchGet", Fault(truncate=True), times=1)
    server.api.inject(
        "sheets.get",
        Fault(
            403,
            {
                "error": {
                    "code": 403,
                    "message": "User rate limit exceeded.",
                    "errors": [
                        {
                            "domain": "usageLimits",
                            "reason": "userRateLimitExceeded",
                            "message": "User rate limit exceeded.",
                        }
                    ],
                }
            },
        ),
        times=1,
    )
    code, out, err = check(config)
    assert code == 0, out + err
    assert server.api.counts["drive.get"] == 2
    assert server.api.counts["sheets.get"] == 2
    assert server.api.counts["values.batchGet"] == 3


def test_a_renamed_tab_is_named(server: SheetsServer, tmp_path: Path) -> None:
    publish_minimal(server)
    extra = '[source.sheets]\nfees = { title = "收費" }\n'
    config = sheets_handbook(tmp_path / "hb", server, extra=extra)
    assert check(config)[0] == 0
    server.api.reset_counts()
    server.api.rename_tab(MAIN, "收費", "收費2026")
    code, _, err = check(config)
    assert code == 2
    assert one_line(err) == (
        "Spreadsheet '翠湖花園客服台帳' has no tab named '收費' (set for fees in deskbook.toml). "
        "Its tabs: 員工、培訓場次、培訓簽到、年度培訓計劃、業主、報事報修、收費2026、"
        "催費記錄、通知通告、職責、規程確認. "
        "Rename the tab back, or fix [source.sheets] / [source.tabs]."
    )
    # Drive and the tabs' grids, which have no such tab: no values asked for.
    assert {k: v for k, v in server.api.counts.items() if k != "token"} == {
        "drive.get": 1,
        "sheets.get": 1,
    }


@pytest.mark.parametrize(
    ("write", "expected"),
    [
        (None, "Google key file not found ([source.google] credentials = "),
        ("{not json", "is not JSON. Use the .json key exactly as downloaded"),
        (
            json.dumps({"type": "service_account", "client_email": EMAIL}),
            "lacks: private_key, token_uri. It may have been cut short",
        ),
        (
            json.dumps(
                {
                    "type": "service_account",
                    "client_email": EMAIL,
                    "token_uri": "x",
                    "private_key": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                }
            ),
            "The private_key in the Google key file ([source.google] credentials = ",
        ),
        (json.dumps({"type": "external_account"}), "is of type 'external_account'"),
    ],
    ids=["missing", "not-json", "incomplete", "bad-key", "wrong-type"],
)
def test_broken_key_files_are_explained(
    server: SheetsServer, tmp_path: Path, write: str | None, expected: str
) -> None:
    publish_minimal(server)
    config = sheets_handbook(tmp_path / "hb", server)
    key = config.parent / "secrets" / "deskbook-sync.json"
    if write is None:
        key.unlink()
    else:
        key.write_text(write, "utf-8")
    code, _, err = check(config)
    assert code == 2
    assert expected in one_line(err)
    assert "AAAA" not in err
    assert server.api.counts["token"] == 0


def test_credentials_from_the_environment_and_adc(
    server: SheetsServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish_minimal(server)
    config = sheets_handbook(
        tmp_path / "hb", server, google={"credentials": None, "retry_limit": 0.3}
    )
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path / "gcloud"))
    monkeypatch.setenv("NO_GCE_CHECK", "True")
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    code, _, err = check(config)
    assert code == 2
    assert "No Google credentials found." in err and "service_account.json" in err

    key = tmp_path / "elsewhere.json"
    key.write_text(json.dumps(service_account(server)), "utf-8")
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key))
    assert check(config)[0] == 0

    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS")
    default = home / ".config" / "gspread" / "service_account.json"
    default.parent.mkdir(parents=True)
    default.write_text(key.read_text("utf-8"), "utf-8")
    assert check(config)[0] == 0
    default.unlink()

    # Application Default Credentials: the file gcloud leaves, here holding a service account.
    adc = tmp_path / "gcloud" / "application_default_credentials.json"
    adc.parent.mkdir()
    adc.write_text(key.read_text("utf-8"), "utf-8")
    assert check(config)[0] == 0
    assert server.api.tokens[server.api.issued[-1]].scopes == set(READ_SCOPES)

    # A person's `gcloud auth application-default login`: google-auth always signs those in
    # at Google itself, which is unreachable here (a dead proxy stands in for the firewall).
    adc.write_text(
        json.dumps(
            {
                "type": "authorized_user",
                "client_id": "cid.apps.googleusercontent.com",
                "client_secret": "csecret",
                "refresh_token": "1//refresh",
            }
        ),
        "utf-8",
    )
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    started = time.monotonic()
    code, _, err = check(config)
    assert code == 2
    assert "Cannot reach Google's sign-in server (" in err
    assert time.monotonic() - started < 5


def tree(folder: Path) -> dict[str, str]:
    root = folder.resolve()
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_faults_leave_the_published_site_and_no_secret_anywhere(
    server: SheetsServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    tabs = spec_tabs()
    tabs["業主"][1][2] = "138-12"  # one issue, so the data-quality page has a row
    server.api.add_book(MAIN, "翠湖花園客服台帳", tabs, {EMAIL})
    config = sheets_handbook(tmp_path / "hb", server, google={"timeout": 0.4, "retry_limit": 0.5})
    public = tmp_path / "public"
    args = ["publish", "--config", str(config), "--output", str(public), "--as-of", "2026-11-27"]
    outputs = []
    result = CliRunner().invoke(main, args)
    outputs.append(result.output)
    assert result.exit_code == 0, result.output
    release, before = public.resolve(), tree(public)

    for fault in (Fault.error(503), Fault(hang=5), Fault(truncate=True)):
        server.api.clear_faults()
        server.api.inject("drive.get", fault, times=None)
        result = CliRunner().invoke(main, [*args, "--force"])
        outputs.append(result.output)
        assert result.exit_code == 2, result.output
        assert public.resolve() == release and tree(public) == before
    server.api.clear_faults()
    server.api.revoked.add("key-1")
    result = CliRunner().invoke(main, [*args, "--force"])
    outputs.append(result.output)
    assert result.exit_code == 2 and "拒絕了" in result.output

    secrets = [*server.api.issued, *pem("key-1").splitlines()[1:-1]]
    assert server.api.issued  # tokens were handed out, and must show up nowhere
    places = {"output": "\n".join(outputs), "logs": caplog.text}
    for path in [*public.resolve().rglob("*"), *(config.parent / ".deskbook").rglob("*")]:
        if path.is_file():
            places[str(path)] = path.read_bytes().decode("utf-8", "replace")
    for where, content in places.items():
        for secret in secrets:
            assert secret not in content, f"a secret leaked into {where}"
