"""Google Sheets: requests and time per sync, deskbook's source against gspread's usual loop.

Both read the demo workbook (examples/demo.xlsx: 10 tabs, ~15,000 rows) from the loopback
Sheets API server the tests use (tests/sheets_server.py), with the real gspread client over
real HTTP. The baseline is what most gspread scripts do: open the spreadsheet, then for each
tab `sh.worksheet(title).get_all_records()`; a leaner variant lists the worksheets once.
Requests are counted by the server (the OAuth token exchange, once per run, apart).
Times are medians, reported as ratios to the baseline measured in the same run; `--latency`
adds a delay to every answer to stand in for the round trip to Google.

Usage: python bench/sheets.py [--repeat 3] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import gspread  # noqa: E402
from google.auth.transport.requests import AuthorizedSession  # noqa: E402
from google.oauth2 import service_account as sa  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from deskbook.config import load_config  # noqa: E402
from deskbook.model.records import TAB_KEYS  # noqa: E402
from deskbook.pipeline import open_source  # noqa: E402
from deskbook.sources.google.credentials import READ_SCOPES  # noqa: E402
from deskbook.sources.google.http import DeskbookHTTPClient  # noqa: E402
from tests.sheets_helpers import (  # noqa: E402
    FINANCE,
    FINANCE_TABS,
    MAIN,
    TRAINING,
    TRAINING_TABS,
    service_account,
    sheets_handbook,
)
from tests.sheets_server import SheetsServer  # noqa: E402

DEMO = ROOT / "examples" / "demo.xlsx"


def demo_tabs() -> dict[str, list[list[Any]]]:
    book = load_workbook(DEMO, read_only=True, data_only=True)
    try:
        return {
            ws.title: [
                ["" if v is None else v for v in row] for row in ws.iter_rows(values_only=True)
            ]
            for ws in book.worksheets
        }
    finally:
        book.close()


def seed(
    server: SheetsServer, tabs: dict[str, list[list[Any]]], layout: str
) -> dict[str, list[str]]:
    parts = {MAIN: list(tabs)}
    if layout == "three":
        parts = {
            MAIN: [t for t in tabs if t not in FINANCE_TABS + TRAINING_TABS],
            FINANCE: list(FINANCE_TABS),
            TRAINING: list(TRAINING_TABS),
        }
    for key, titles in parts.items():
        server.api.add_book(key, key[:12], {t: tabs[t] for t in titles}, {service_email()})
    return parts


def service_email() -> str:
    from tests.sheets_helpers import EMAIL

    return EMAIL


def counted(server: SheetsServer, action: Callable[[], object]) -> tuple[int, float]:
    server.api.reset_counts()
    started = time.perf_counter()
    action()
    elapsed = time.perf_counter() - started
    return server.api.api_requests(), elapsed


def median_run(
    server: SheetsServer, action: Callable[[], object], repeat: int, before: Callable[[], None]
) -> tuple[int, float]:
    requests, times = 0, []
    for _ in range(repeat):
        before()
        requests, elapsed = counted(server, action)
        times.append(elapsed)
    return requests, statistics.median(times)


def measure(
    layout: str, tabs: dict[str, list[list[Any]]], repeat: int, latency: float
) -> list[tuple[str, int, float]]:
    server = SheetsServer()
    try:
        parts = seed(server, tabs, layout)
        with tempfile.TemporaryDirectory(prefix="deskbook-bench-") as tmp:
            info = service_account(server)
            config = load_config(
                sheets_handbook(
                    Path(tmp) / "hb", server, layout=layout, key_file=info, google={"timeout": 30}
                )
            )
            server.api.latency = latency
            first_key = next(iter(parts))
            first_tab = parts[first_key][0]
            edits = iter(range(10**6))

            def edit() -> None:  # a clerk changes one cell in one spreadsheet
                server.api.set_cell(first_key, first_tab, "B2", f"edit {next(edits)}")

            def ours(refresh: bool = False) -> None:
                open_source(config, refresh).read(TAB_KEYS)

            cold = counted(server, lambda: ours())
            changed = median_run(server, ours, repeat, edit)
            unchanged = median_run(server, ours, repeat, lambda: None)
            forced = median_run(server, lambda: ours(True), repeat, lambda: None)

            creds = sa.Credentials.from_service_account_info(info, scopes=list(READ_SCOPES))

            def gspread_client() -> gspread.Client:
                session = AuthorizedSession(creds)
                client = gspread.Client(auth=None, session=session)
                client.http_client = DeskbookHTTPClient(None, session, api_root=server.root)
                return client

            def per_tab() -> None:
                client = gspread_client()
                for key, titles in parts.items():
                    sh = client.open_by_key(key)
                    for title in titles:
                        sh.worksheet(title).get_all_records()

            def listed_once() -> None:
                client = gspread_client()
                for key in parts:
                    for ws in client.open_by_key(key).worksheets():
                        ws.get_all_records()

            baseline = median_run(server, per_tab, repeat, lambda: None)
            lean = median_run(server, listed_once, repeat, lambda: None)
    finally:
        server.close()
    return [
        ("gspread: worksheet(title).get_all_records() per tab", *baseline),
        ("gspread: worksheets() once, get_all_records() per tab", *lean),
        ("deskbook, first sync (map not cached)", *cold),
        ("deskbook, a spreadsheet changed", *changed),
        ("deskbook, --force (read everything)", *forced),
        ("deskbook, nothing changed", *unchanged),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per answer")
    args = parser.parse_args(argv)
    tabs = demo_tabs()
    rows = sum(len(t) for t in tabs.values())
    print(f"Google Sheets source: demo workbook, {len(tabs)} tabs, {rows} rows, {dt.date.today()}")
    for latency in sorted({0.0, args.latency}):
        for layout in ("one", "three"):
            results = measure(layout, tabs, args.repeat, latency)
            base_time = results[0][2]
            sheets = 1 if layout == "one" else 3
            print(f"\n{sheets} spreadsheet(s), {latency * 1000:.0f} ms added per answer:")
            print(f"  {'':56} {'requests':>8} {'time':>9} {'ratio':>7}")
            for name, requests, seconds in results:
                print(
                    f"  {name:56} {requests:8d} {seconds * 1000:7.0f}ms {seconds / base_time:7.2f}"
                )


if __name__ == "__main__":
    main()
