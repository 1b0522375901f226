"""Google Sheets as the source, through the real gspread client over real HTTP to 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import gspread
import pytest
from bs4 import BeautifulSoup
from google.auth.transport.requests import AuthorizedSession
from google.oauth2 import service_account as sa

from deskbook.config import load_config
from deskbook.pipeline import open_source
from deskbook.schema.validate import validate
from deskbook.sources.google.credentials import READ_SCOPES, WRITE_SCOPES
from deskbook.sources.google.http import DeskbookHTTPClient
from deskbook.sources.google.refs import a1_sheet
from deskbook.sources.xlsx import XlsxSource
from deskbook.state.snapshots import content_hash
from tests.conftest import load_spec, write_workbook
from tests.conftest import run_cli as run
from tests.sheets_helpers import (
    EMAIL,
    FINANCE,
    MAIN,
    TRAINING,
    publish_minimal,
    service_account,
    sheets_handbook,
    spec_tabs,
)
from tests.sheets_server import SheetsServer

ZONE = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=ZONE)
SOPS = ["CS-SOP-01", "CS-SOP-04"]


def check(config: Path, *extra: str) -> tuple[int, str, str]:
    return run("check", "--config", str(config), "--as-of", "2026-11-27", "--lang", "en", *extra)


def sent(server: SheetsServer) -> dict[str, int]:
    """API requests since the last reset, by endpoint (the token exchange counted apart)."""
    counts = {k: v for k, v in server.api.counts.items() if k != "token"}
    server.api.reset_counts()
    return counts


def test_one_spreadsheet_keeps_to_the_request_budget(server: SheetsServer, tmp_path: Path) -> None:
    publish_minimal(server)
    config = sheets_handbook(tmp_path / "hb", server)

    # A read: Drive's version, the tabs' grids, and a small office's tabs in one batchGet
    # (one answer is one version: Drive is not asked again after it).
    read = {"drive.get": 1, "sheets.get": 1, "values.batchGet": 1}
    code, out, _ = check(config)
    assert code == 0, out
    assert sent(server) == read

    code, out, _ = check(config)
    assert code == 0
    assert "have not changed since the last sync" in out
    assert sent(server) == {"drive.get": 1}  # unchanged: Drive only, no values request

    server.api.set_cell(MAIN, "收費", "G2", "R0001-A")  # a clerk edits a cell
    code, out, _ = check(config)
    assert code == 0 and "have not changed" not in out
    assert sent(server) == read

    code, out, _ = check(config, "--force")
    assert "have not changed" not in out
    assert sent(server) == read


def test_values_are_asked_for_unformatted_in_one_batch(
    server: SheetsServer, tmp_path: Path
) -> None:
    publish_minimal(server)
    config = sheets_handbook(tmp_path / "hb", server)
    check(config)
    batches = [q for kind, _, q in server.api.log if kind == "values.batchGet"]
    assert len(batches) == 1
    query = batches[0]
    assert query["valueRenderOption"] == ["UNFORMATTED_VALUE"]
    assert query["dateTimeRenderOption"] == ["SERIAL_NUMBER"]
    assert query["ranges"] == [a1_sheet(title) for title in load_spec()]  # the tabs' order
    drive = next(q for kind, _, q in server.api.log if kind == "drive.get")
    assert drive["fields"] == ["name,mimeType,modifiedTime,version"]
    # Read-only scopes unless a command writes.
    assert server.api.tokens[server.api.issued[-1]].scopes == set(READ_SCOPES)


def test_three_spreadsheets_keep_to_the_budget(server: SheetsServer, tmp_path: Path) -> None:
    publish_minimal(server, "three")
    config = sheets_handbook(tmp_path / "hb", server, layout="three")

    code, out, _ = check(config)
    assert code == 0, out
    assert sent(server) == {"drive.get": 3, "sheets.get": 3, "values.batchGet": 3}
    assert server.api.counts["token"] == 0  # (reset above) one token per run, not per request

    check(config)
    assert sent(server) == {"drive.get": 3}

    server.api.set_cell(FINANCE, "收費", "G3", "R0002")
    code, out, _ = check(config)
    assert code == 0, out
    # Only the one that changed is read.
    assert sent(server) == {"drive.get": 3, "sheets.get": 1, "values.batchGet": 1}


def test_a_new_tab_costs_one_metadata_request(server: SheetsServer, tmp_path: Path) -> None:
    tabs = spec_tabs()
    duties = tabs.pop("職責")
    server.api.add_book(MAIN, "翠湖花園客服台帳", tabs, {EMAIL})
    config = sheets_handbook(tmp_path / "hb", server)
    code, out, _ = run("check", "--config", str(config), "--json")
    assert code == 1
    assert [i["code"] for i in json.loads(out)["issues"]] == ["missing-tab"]
    sent(server)

    check(config)  # unchanged: the map is current, the tab is simply not there
    assert sent(server) == {"drive.get": 1}

    server.api.add_tab(MAIN, "職責", duties)
    code, out, _ = check(config)
    assert code == 0, out
    assert sent(server) == {"drive.get": 1, "sheets.get": 1, "values.batchGet": 1}


def test_sheets_and_xlsx_give_identical_snapshots(server: SheetsServer, tmp_path: Path) -> None:
    spec = load_spec()
    fee = spec["收費"]["rows"][0]
    # A billing month Excel or Sheets turned into a date (a serial number from the API), and an
    # amount a formula computed (a float a hair off the cent).
    fee[1] = dt.date(2026, 10, 1)
    fee[3] = fee[4] = 250.60000000000002
    publish_minimal(server, "three", spec=spec)
    config = load_config(sheets_handbook(tmp_path / "hb", server, layout="three"))
    from_sheets = validate(open_source(config).read(), ZONE, NOW, None, SOPS)
    book = XlsxSource(write_workbook(tmp_path / "b.xlsx", spec)).read()
    from_xlsx = validate(book, ZONE, NOW, None, SOPS)
    assert from_sheets.issues == [] and from_xlsx.issues == []
    assert content_hash(from_sheets) == content_hash(from_xlsx)
    # Every tab remembers where it lives, for the data-quality links.
    owners = from_sheets.tabs["owners"].link
    assert owners is not None and owners.startswith(
        f"https://docs.google.com/spreadsheets/d/{MAIN}/edit#gid="
    )
    assert from_sheets.tabs["fees"].link.startswith(
        f"https://docs.google.com/spreadsheets/d/{FINANCE}/"
    )
    assert from_sheets.tabs["training_plan"].link.startswith(
        f"https://docs.google.com/spreadsheets/d/{TRAINING}/"
    )


def test_real_response_shapes_and_titles_that_need_quoting(
    server: SheetsServer, tmp_path: Path
) -> None:
    tabs = spec_tabs()
    staff = tabs.pop("員工")
    staff.insert(2, [])  # a blank row between two people: comes back as []
    staff[1][7] = True  # a checkbox: a real boolean
    fees = tabs.pop("收費")
    fees[2][6] = "007"  # typed as text: numericise would make it 7
    tabs.pop("年度培訓計劃")
    owners = tabs.pop("業主")
    # The first sheet has something in cell D3, which an unquoted range "D3" would read.
    decoy = [["x"] * 4 for _ in range(4)]
    server.api.add_book(
        MAIN,
        "台帳",
        {
            "封面": decoy,
            "D3": staff,
            "業主 O'Neil": owners,
            "收費": fees,
            "年度培訓計劃": [],
            **tabs,
        },
        {EMAIL},
    )
    extra = '[source.sheets]\nstaff = { title = "D3" }\nowners = { title = "業主 O\'Neil" }\n'
    config = load_config(sheets_handbook(tmp_path / "hb", server, extra=extra))
    workbook = open_source(config).read()
    dataset = validate(workbook, ZONE, NOW, workbook.tabs, SOPS)

    assert [(i.code, i.cell) for i in dataset.issues] == [("empty-tab", "年度培訓計劃")]
    people = dataset.records("staff")
    assert [(r.row, r.staff_id) for r in people] == [(2, "S001"), (4, "S002"), (5, "S003")]
    assert people[0].culture_training is True and people[0].hire_date == dt.date(2019, 3, 1)
    assert dataset.tabs["staff"].sheet == "D3"
    assert dataset.tabs["owners"].sheet == "業主 O'Neil"
    assert dataset.records("owners")[1].area_m2 == Decimal("120.25")
    assert [r.receipt_no for r in dataset.records("fees")] == ["R0001", "007"]
    assert dataset.records("fees")[0].amount_due == Decimal("250.60")
    ticket = dataset.records("tickets")[0]
    assert ticket.received_at == dt.datetime(2026, 11, 20, 9, 15, tzinfo=ZONE)
    ranges = next(q for kind, _, q in server.api.log if kind == "values.batchGet")["ranges"]
    assert "'D3'" in ranges and "'業主 O''Neil'" in ranges


def test_gspread_writes_reach_the_next_sync(server: SheetsServer, tmp_path: Path) -> None:
    """A clerk's edit made with gspread itself (values.update) is read by the next sync."""
    publish_minimal(server)
    info = service_account(server)
    config = sheets_handbook(tmp_path / "hb", server, key_file=info)
    assert check(config)[0] == 0
    sent(server)

    creds = sa.Credentials.from_service_account_info(info, scopes=list(WRITE_SCOPES))
    session = AuthorizedSession(creds)
    client = gspread.Client(auth=None, session=session)
    client.http_client = DeskbookHTTPClient(None, session, api_root=server.root)
    client.open_by_key(MAIN).worksheet("業主").update([["138-12"]], "C2")
    sent(server)

    code, out, _ = check(config)
    assert code == 1
    assert out.splitlines()[0].startswith("業主!C2 invalid-phone:")
    assert sent(server) == {"drive.get": 1, "sheets.get": 1, "values.batchGet": 1}


def test_data_quality_links_to_the_cell_and_unchanged_skips_the_build(
    server: SheetsServer, tmp_path: Path
) -> None:
    tabs = spec_tabs()
    tabs["業主"][1][2] = "138-12"
    server.api.add_book(MAIN, "翠湖花園客服台帳", tabs, {EMAIL})
    config = sheets_handbook(tmp_path / "hb", server)
    site = tmp_path / "public"
    args = ["build", "--config", str(config), "--as-of", "2026-11-27", "--output", str(site)]
    code, out, err = run(*args, "--lang", "en")
    assert code == 0, out + err
    html = BeautifulSoup((site / "data-quality" / "index.html").read_text("utf-8"), "html.parser")
    gid = server.api.books[MAIN].sheet("業主").gid
    links = [a["href"] for a in html.find_all("a") if "docs.google.com" in a.get("href", "")]
    assert f"https://docs.google.com/spreadsheets/d/{MAIN}/edit#gid={gid}&range=C2" in links
    sent(server)

    page = site / "data-quality" / "index.html"
    before = page.stat().st_mtime_ns
    code, out, _ = run(*args, "--lang", "en")
    assert code == 0
    assert "the site was not rebuilt" in out
    assert page.stat().st_mtime_ns == before
    assert sent(server) == {"drive.get": 1}

    code, out, _ = run(*args, "--lang", "en", "--as-of", "2026-11-28")  # a new day rebuilds
    assert code == 0 and "not rebuilt" not in out
    code, out, _ = run(*args, "--lang", "en", "--force")
    assert code == 0 and "not rebuilt" not in out
    assert page.stat().st_mtime_ns != before
    assert sent(server) == {"drive.get": 2, "sheets.get": 1, "values.batchGet": 1}
    assert urlsplit(server.root).hostname == "127.0.0.1"


def test_an_unchanged_spreadsheet_skips_the_build_on_drive_alone(
    server: SheetsServer, tmp_path: Path
) -> None:
    publish_minimal(server)
    config = sheets_handbook(tmp_path / "hb", server)
    site = tmp_path / "public"
    args = ["build", "--config", str(config), "--as-of", "2026-11-27", "--output", str(site)]
    args += ["--lang", "en"]
    assert run(*args)[0] == 0
    sent(server)
    # The values cache gone: a skip that read it would have to fetch the values again.
    state = config.parent / ".deskbook" / "deskbook.sqlite"
    with sqlite3.connect(state) as db:
        db.execute("DELETE FROM gsheets_values")
    code, out, _ = run(*args)
    assert code == 0 and "not rebuilt" in out
    assert sent(server) == {"drive.get": 1}

    server.api.set_cell(MAIN, "收費", "G2", "R0001-A")  # an edit moves modifiedTime
    code, out, _ = run(*args)
    assert code == 0 and "not rebuilt" not in out
    # Drive asked once a run
    assert sent(server) == {"drive.get": 1, "sheets.get": 1, "values.batchGet": 1}


def test_a_publish_signs_in_once(server: SheetsServer, tmp_path: Path) -> None:
    """The Drive check that tells an unchanged spreadsheet and the read that follows it share
    one sign-in: a token each would be two sign-ins a publish."""
    publish_minimal(server)
    config = sheets_handbook(tmp_path / "hb", server)
    site = tmp_path / "site"
    args = ["publish", "--config", str(config), "--as-of", "2026-11-27", "--output", str(site)]
    server.api.reset_counts()
    code, out, err = run(*args, "--lang", "en")
    assert code == 0, out + err
    assert server.api.counts["token"] == 1
    assert server.api.counts["drive.get"] == 1 and server.api.counts["values.batchGet"] == 1


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            'kind = "gsheets"\nspreadsheet = "my ledger"',
            "source.spreadsheet: 'my ledger' is not a spreadsheet key or address",
        ),
        (
            'kind = "gsheets"',
            'kind = "gsheets" needs [source] spreadsheet = "<address or key>"',
        ),
        (
            f'kind = "gsheets"\nspreadsheet = "{MAIN}"\n[source.google]\n'
            'api_root = "http://sheets.example.com"',
            "source.google.api_root: 'http://sheets.example.com': use an https:// "
            "address (plain http only to this machine)",
        ),
        (
            f'kind = "gsheets"\nspreadsheet = "{MAIN}"\n[source.sheets]\nfess = {{ title = "x" }}',
            "source.sheets: unknown tab keys: fess (known: staff, ",
        ),
    ],
    ids=["bad-key", "no-spreadsheet", "plain-http", "unknown-tab"],
)
def test_bad_settings_say_what_to_fix(tmp_path: Path, source: str, expected: str) -> None:
    config = tmp_path / "deskbook.toml"
    config.write_text(f"[source]\n{source}\n", "utf-8")
    code, _, err = run("check", "--config", str(config), "--lang", "en")
    assert code == 2
    assert expected in err
