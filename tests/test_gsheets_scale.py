"""Google Sheets at scale: reads in blocks Google can answer, one consistent snapshot, the 10M
cell ceiling; through the real gspread client over real HTTP to the loopback server."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import gspread
import pytest
from google.auth.transport.requests import AuthorizedSession
from google.oauth2 import service_account as sa

from deskbook.config import load_config
from deskbook.model.records import TAB_KEYS
from deskbook.pipeline import open_source
from deskbook.sources import RawWorkbook
from deskbook.sources.google.credentials import WRITE_SCOPES
from deskbook.sources.google.http import DeskbookHTTPClient
from tests.conftest import run_cli as run
from tests.sheets_helpers import EMAIL, MAIN, service_account, sheets_handbook, spec_tabs
from tests.sheets_server import CELL_LIMIT, Fault, SheetsServer
from tests.webhook_receiver import Receiver

ROOT = Path(__file__).resolve().parent.parent
FEES = "收費"
ROWS = 60_000  # some 10 MB of JSON in one answer: three blocks or more


def big_fees(rows: int = ROWS) -> dict[str, list[list[Any]]]:
    tabs = spec_tabs()
    header = tabs[FEES][0]
    width = len(header)
    body = [
        [f"{i % 40 + 1}-{i % 7 + 1}-{i % 900 + 101:04d}", i * 1.5]
        + [f"第{c}欄 {i}" for c in range(2, width)]
        for i in range(rows)
    ]
    tabs[FEES] = [header, *body]
    return tabs


def read(config: Path) -> RawWorkbook:
    return open_source(load_config(config)).read(TAB_KEYS)


def values_log(server: SheetsServer) -> list[list[str]]:
    return [q["ranges"] for kind, _, q in server.api.log if kind == "values.batchGet"]


def as_grid(book: RawWorkbook, tab: str) -> list[list[Any]]:
    return [list(r.values) for r in book.sheets[tab].rows]


def expected_grid(server: SheetsServer, title: str) -> list[list[Any]]:
    rows = []
    for row in server.api.grid(MAIN, title):
        while row and row[-1] == "":
            row.pop()
        rows.append(row)
    return rows


def test_a_large_tab_is_read_in_blocks_of_its_used_columns(
    server: SheetsServer, tmp_path: Path
) -> None:
    server.api.add_book(MAIN, "大屋苑", big_fees(), {EMAIL})
    fees = server.api.books[MAIN].sheet(FEES)
    assert fees is not None
    used = fees.cols
    fees.cols = 26  # typed into a new tab: 26 columns, most of them empty
    config = sheets_handbook(tmp_path / "hb", server, google={"timeout": 30})

    book = read(config)

    assert as_grid(book, "fees") == expected_grid(server, FEES)
    batches = values_log(server)
    assert len(batches) >= 3
    # Every answer about 4 MB at most, and the later blocks ask for the used columns only.
    assert 0 < server.api.largest <= 4_400_000
    blocks = [r for ranges in batches for r in ranges if r.startswith(f"'{FEES}'")]
    assert blocks[0] == f"'{FEES}'!A1:Z6410"  # the first: 4 MB at 24 bytes a cell of the grid
    later = blocks[1:]
    letter = chr(ord("A") + used - 1)
    assert len(later) >= 2
    assert all(r.rsplit(":", 1)[1].rstrip("0123456789") == letter for r in later)
    # The rows asked for follow one another, the last block open-ended.
    starts = [int(r.split("!A")[1].split(":")[0]) for r in later]
    assert starts == sorted(starts)
    assert later[-1].endswith(f":{letter}")
    # Many answers: Drive asked again at the end, and it had not changed.
    assert server.api.counts["drive.get"] == 2


@pytest.mark.parametrize("fault", [Fault.error(503), Fault(hang=5)], ids=["503", "timeout"])
def test_a_read_google_cannot_answer_is_asked_for_in_halves(
    server: SheetsServer, tmp_path: Path, fault: Fault
) -> None:
    server.api.add_book(MAIN, "大屋苑", big_fees(), {EMAIL})
    # Google gives up on an answer above 1.5 MB: blocks of 4 MB fail, halves of them pass.
    server.api.answer_limit = (1_500_000, fault)
    config = sheets_handbook(tmp_path / "hb", server, google={"timeout": 1, "retry_limit": 5})

    book = read(config)

    assert as_grid(book, "fees") == expected_grid(server, FEES)
    assert server.api.largest <= 1_500_000


def test_a_read_no_size_helps_gives_up_after_its_halvings(
    server: SheetsServer, tmp_path: Path
) -> None:
    server.api.add_book(MAIN, "大屋苑", big_fees(2000), {EMAIL})
    server.api.answer_limit = (10, Fault.error(503))
    config = sheets_handbook(tmp_path / "hb", server)
    code, _, err = run("check", "--config", str(config), "--lang", "en")
    assert code == 2
    assert "Google kept answering 503 Service Unavailable" in err
    tries = server.api.counts["values.batchGet"]
    assert 3 + 2 <= tries <= 3 + 8  # three halvings, then the retries of one request


def test_a_spreadsheet_edited_during_the_read_is_read_again(
    server: SheetsServer, tmp_path: Path
) -> None:
    server.api.add_book(MAIN, "大屋苑", big_fees(), {EMAIL})
    config = sheets_handbook(tmp_path / "hb", server, google={"timeout": 30})
    edits = iter(["第一次", "第二次"])

    def clerk() -> None:  # types into the first row while the second block is read
        if len(values_log(server)) == 2 and (text := next(edits, None)) is not None:
            server.api.set_cell(MAIN, FEES, "B2", text)

    server.api.during["values.batchGet"] = clerk
    book = read(config)
    # The first read saw row 2 before the edit and later blocks after it: it was read again,
    # and what is handed on is one version, the one Drive named at the end.
    assert as_grid(book, "fees")[1][1] == "第一次"
    assert as_grid(book, "fees") == expected_grid(server, FEES)
    assert server.api.counts["drive.get"] == 3  # before; after, moved; after the second read


def test_a_spreadsheet_edited_throughout_is_not_validated(
    server: SheetsServer, tmp_path: Path
) -> None:
    server.api.add_book(MAIN, "大屋苑", big_fees(), {EMAIL})
    config = sheets_handbook(tmp_path / "hb", server, google={"timeout": 30})
    count = iter(range(10**6))
    server.api.during["values.batchGet"] = lambda: server.api.set_cell(
        MAIN, FEES, "B2", f"edit {next(count)}"
    )
    code, _, err = run("check", "--config", str(config), "--lang", "en")
    assert code == 2
    assert "was edited while deskbook read it, 3 times in a row" in err


def test_the_server_refuses_a_spreadsheet_over_ten_million_cells(server: SheetsServer) -> None:
    server.api.add_book(MAIN, "大屋苑", {"業主": [["單元"]]}, {EMAIL})
    info = service_account(server)
    creds = sa.Credentials.from_service_account_info(info, scopes=list(WRITE_SCOPES))
    session = AuthorizedSession(creds)
    client = gspread.Client(auth=None, session=session)
    client.http_client = DeskbookHTTPClient(None, session, api_root=server.root)
    sheet = client.open_by_key(MAIN)
    sheet.add_worksheet("收費", rows=300_000, cols=26)  # 7.8M cells: allowed
    with pytest.raises(gspread.exceptions.APIError) as caught:
        sheet.add_worksheet("催費記錄", rows=100_000, cols=26)
    assert caught.value.response.status_code == 400
    assert f"above the limit of {CELL_LIMIT} cells" in json.dumps(
        caught.value.response.json(), ensure_ascii=False
    )
    assert server.api.books[MAIN].cells() == 1 + 300_000 * 26


def test_check_reports_each_spreadsheet_against_googles_limit(
    server: SheetsServer, tmp_path: Path
) -> None:
    server.api.add_book(MAIN, "大屋苑", spec_tabs(), {EMAIL})
    config = sheets_handbook(tmp_path / "hb", server)
    code, out, _ = run("check", "--config", str(config), "--lang", "en", "--as-of", "2026-11-27")
    assert code == 0, out
    cells = server.api.books[MAIN].cells()
    assert f"Spreadsheet '大屋苑': {cells:,} cells, 0% of Google's limit of 10,000,000." in out
    assert "spreadsheet-near-limit" not in out

    # The fee tab typed into a tab of 26 columns and 320,000 rows: 8.3M cells, mostly empty.
    fees = server.api.books[MAIN].sheet(FEES)
    assert fees is not None
    fees.rows, fees.cols = 320_000, 26
    server.api.touch(server.api.books[MAIN])
    server.api.reset_counts()
    code, out, _ = run(
        "check", "--config", str(config), "--lang", "en", "--as-of", "2026-11-27", "--json"
    )
    assert code == 0, out
    report = json.loads(out)
    cells = server.api.books[MAIN].cells()
    assert report["spreadsheets"] == [{"name": "大屋苑", "cells": cells, "limit": CELL_LIMIT}]
    (warning,) = [i for i in report["issues"] if i["code"] == "spreadsheet-near-limit"]
    assert warning["severity"] == "warning"
    assert warning["message"].startswith(
        f"Spreadsheet '大屋苑' holds {cells:,} cells, 83% of the 10,000,000 Google allows"
    )
    # The empty rows below the data cost a few requests, not one per 4 MB of grid.
    assert server.api.counts["values.batchGet"] <= 6


def test_the_digest_repeats_the_ceiling(server: SheetsServer, tmp_path: Path) -> None:
    server.api.add_book(MAIN, "大屋苑", spec_tabs(), {EMAIL})
    fees = server.api.books[MAIN].sheet(FEES)
    assert fees is not None
    fees.rows, fees.cols = 360_000, 26  # 9.4M cells
    receiver = Receiver()
    try:
        extra = '[[publish]]\noutput = "../www/handbook"\n'
        extra += f'[notify]\nurls = ["{receiver.url}"]\ndigest_at = "00:00"\n'
        config = sheets_handbook(tmp_path / "hb", server, extra=extra)
        code, out, err = run("publish", "--config", str(config), "--as-of", "2026-11-27")
        assert code == 0, out + err
        (digest,) = [m for m in receiver.received if "今日待辦" in m["title"]]
    finally:
        receiver.close()
    cells = server.api.books[MAIN].cells()
    assert (
        f"試算表「大屋苑」已用 {cells:,} 格，達 Google 每個試算表上限 10,000,000 格的 94%"
        in (digest["message"])
    )


def test_the_rows_are_kept_compressed_beside_the_state_file(
    server: SheetsServer, tmp_path: Path
) -> None:
    server.api.add_book(MAIN, "大屋苑", big_fees(5000), {EMAIL})
    config = sheets_handbook(tmp_path / "hb", server)
    assert not read(config).unchanged
    state = config.parent / ".deskbook"
    copy = state / "sheets" / f"{MAIN}.jsonl.gz"
    assert copy.is_file()
    assert "第2欄 4321".encode() not in (state / "deskbook.sqlite").read_bytes()
    server.api.reset_counts()

    book = read(config)  # unchanged: Drive only, the rows from the copy
    assert book.unchanged
    assert as_grid(book, "fees") == expected_grid(server, FEES)
    assert {k: v for k, v in server.api.counts.items() if k != "token"} == {"drive.get": 1}

    copy.write_bytes(copy.read_bytes()[:1000])  # cut short (a full disk, a crash)
    server.api.reset_counts()
    book = read(config)
    assert as_grid(book, "fees") == expected_grid(server, FEES)
    assert server.api.counts["values.batchGet"] >= 1  # read again, not a half copy


def sheets_company(root: Path, server: SheetsServer, count: int, accounts: int) -> Path:
    """A company of `count` estates, each its own spreadsheet, read by `accounts` accounts."""
    root.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "site", root / "site")
    (root / "secrets").mkdir()
    emails = [f"sync-{a}@cuihu-group.iam.gserviceaccount.com" for a in range(accounts)]
    for a, email in enumerate(emails):
        info = service_account(server, kid=f"company-{a}", email=email)
        (root / "secrets" / f"key-{a}.json").write_text(json.dumps(info), "utf-8")
    lines = [
        "[company]",
        'name = "測試物業集團"',
        "[shared.site]",
        'mkdocs = "mkdocs.yml"',
        "[shared.source.google]",
        f'api_root = "{server.root}"',
        "timeout = 5",
    ]
    for n in range(count):
        key = f"1Estate{n:04d}ServiceDeskLedger2026abcdefghij"
        server.api.add_book(key, f"屋苑 {n}", spec_tabs(), {emails[n % accounts]})
        lines += ["[[estate]]", f'code = "e{n}"', f'name = "屋苑 {n}"', f'source = "{key}"']
        lines += [
            "[estate.overrides.source.google]",
            f'credentials = "secrets/key-{n % accounts}.json"',
        ]
    (root / "deskbook.toml").write_text("\n".join(lines) + "\n", "utf-8")
    return root / "deskbook.toml"


def test_a_company_asks_drive_once_per_account_and_skips_unchanged_estates(
    server: SheetsServer, tmp_path: Path
) -> None:
    config = sheets_company(tmp_path / "co", server, count=3, accounts=2)
    args = ["publish", "--all", "--config", str(config), "--as-of", "2026-11-27", "--jobs", "1"]
    args += ["--lang", "en"]

    code, out, err = run(*args)
    assert code == 0, out + err
    assert out.splitlines()[0] == (
        "Google Sheets: 3 of 3 spreadsheets changed since they were last read; reading them"
        " takes at least 6 requests (2 service accounts), about 0.1 min at Google's read quota."
    )
    # One Drive batch per account, then each estate's grids and values: no Drive check of its
    # own, and no Drive request drawn from the Sheets read quota.
    assert server.api.counts["drive.batch"] == 2 and server.api.counts["drive.batched"] == 3
    assert server.api.counts["drive.get"] == 0
    assert server.api.counts["values.batchGet"] == 3

    server.api.reset_counts()
    code, out, err = run(*args)
    assert code == 0, out + err
    assert out.splitlines()[0].startswith("Google Sheets: 0 of 3 spreadsheets changed")
    assert [line for line in out.splitlines() if line.startswith("e")] == [
        "e0: unchanged",
        "e1: unchanged",
        "e2: unchanged",
    ]
    # The whole unchanged pass: two requests, one per account.
    assert {k: v for k, v in server.api.counts.items() if k != "token"} == {
        "drive.batch": 2,
        "drive.batched": 3,
    }

    server.api.set_cell("1Estate0001ServiceDeskLedger2026abcdefghij", FEES, "G2", "R0001-A")
    server.api.reset_counts()
    code, out, err = run(*args)
    assert out.splitlines()[0].startswith("Google Sheets: 1 of 3 spreadsheets changed")
    assert server.api.counts["values.batchGet"] == 1


def test_a_company_whose_drive_batch_fails_checks_each_estate_itself(
    server: SheetsServer, tmp_path: Path
) -> None:
    config = sheets_company(tmp_path / "co", server, count=2, accounts=1)
    body = {"error": {"code": 400, "message": "Batch requests are disabled here."}}
    server.api.inject("drive.batch", Fault(400, body), times=None)
    args = ["publish", "--all", "--config", str(config), "--as-of", "2026-11-27", "--jobs", "1"]
    code, out, err = run(*args, "--lang", "en")
    assert code == 0, out + err
    assert "Google Sheets: 2 of 2 spreadsheets changed" in out
    assert server.api.counts["drive.batch"] == 1
    assert server.api.counts["drive.get"] == 2  # each estate asked Drive itself
