"""Google Sheets at scale, side by side with xlsx: one large spreadsheet, and a company's passes.

Part 1, for a company workbook (`examples/make_demo.py --scale N`: `--scale 20` is some 300k
rows, `--big` a spreadsheet of about 9M cells): `deskbook check` in a child process from the
xlsx file, then from the same data as one spreadsheet on the loopback Sheets API server the
tests use (tests/sheets_server.py, real gspread over real HTTP), with wall and CPU time, the
child's peak memory (proportional set size, sampled), the requests the server saw, the
largest answer it sent, and the state folder's size. The baseline for the largest answer is
the read deskbook made before reading in blocks: one `values:batchGet` of every tab whole,
sent in the same run.

Part 2, a company of `--estates` spreadsheets (one an estate) read by `--accounts` service
accounts of one project, under the real read quota on a clock `--speed` times faster than
the wall (quota minutes are what Google would take): the first pass (Drive asked in batches,
every estate read) against the quota's floor and the duration printed before it; then the
unchanged pass as deskbook makes it now (company/plan.py: Drive batches, then each estate's
unchanged check, which asks nothing) against the baseline of before, in the same run: each
estate's Drive `files.get` on its own, drawn from the Sheets read bucket.

Sizes are chosen to finish in minutes on a shared 2-core machine; wall times there are noisy.

Usage: python bench/sheets_scale.py [--scale 20] [--big 72] [--estates 300] [--accounts 1]
                                   [--books DIR] [--skip spreadsheets|company]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from memory import Sampler

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gspread.urls import SPREADSHEET_VALUES_BATCH_URL  # noqa: E402

from deskbook.company.config import Estate, estates, load_company  # noqa: E402
from deskbook.company.plan import plan_pass, spreadsheets  # noqa: E402
from deskbook.config import load_config  # noqa: E402
from deskbook.sources.google import drive  # noqa: E402
from deskbook.sources.google import quota as google_quota  # noqa: E402
from deskbook.sources.google.credentials import load_account  # noqa: E402
from deskbook.sources.google.http import DeskbookHTTPClient, connect  # noqa: E402
from deskbook.sources.google.refs import a1_sheet  # noqa: E402
from deskbook.sources.google.sheets import VALUE_PARAMS, GSheetsSource  # noqa: E402
from deskbook.sources.xlsx import XlsxSource  # noqa: E402
from deskbook.state.sheets_cache import SheetCache  # noqa: E402
from tests.sheets_helpers import EMAIL, MAIN, service_account, sheets_handbook  # noqa: E402
from tests.sheets_server import SheetsServer  # noqa: E402

AS_OF = "2026-11-27"
MB = 2**20


def child(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall and CPU seconds of one child process and its peak summed Pss in MB."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = Sampler(proc.pid)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0  # reaped here
    wall = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: the demo's deliberate errors
        assert proc.stderr is not None
        raise SystemExit(proc.stderr.read().decode())
    return wall, usage.ru_utime + usage.ru_stime, sampler.total / MB


def check(folder: Path) -> tuple[float, float, float]:
    command = [sys.executable, "-m", "deskbook", "check", "--config", "deskbook.toml"]
    return child([*command, "--as-of", AS_OF], folder)


def state_sizes(folder: Path) -> str:
    """The state file's MB, and the kept copy's of a Sheets read."""
    state = folder / ".deskbook"
    kept = sum(p.stat().st_size for p in (state / "sheets").glob("*")) / MB
    return f"{(state / 'deskbook.sqlite').stat().st_size / MB:7.1f} {kept:7.1f}"


def cell(value: object) -> object:
    if value is None:
        return ""
    return value if isinstance(value, (str, int, float, dt.date)) else str(value)


def xlsx_handbook(folder: Path, book: Path) -> None:
    folder.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "site", folder / "site")
    settings = (ROOT / "deskbook.toml").read_text("utf-8")
    settings = settings.replace('path = "examples/demo.xlsx"', f'path = "{book}"')
    (folder / "deskbook.toml").write_text(settings, "utf-8")


def whole_batch(server: SheetsServer, config: Path, titles: list[str]) -> tuple[int, float]:
    """Before: one batchGet of every tab whole. Its answer's bytes and seconds."""
    settings = load_config(config)
    account = load_account(settings.source.google, settings.root)
    client = connect(account, settings.source.google)
    params = {**VALUE_PARAMS, "ranges": [a1_sheet(t) for t in titles]}
    start = time.perf_counter()
    try:
        response = client.request("get", SPREADSHEET_VALUES_BATCH_URL % MAIN, params=params)
        return len(response.content), time.perf_counter() - start
    finally:
        client.session.close()


def spreadsheet_part(name: str, scale: int, tmp: Path, books: Path) -> list[str]:
    book = books / f"demo-x{scale}.xlsx"
    if not book.is_file():  # generating the 9M-cell one takes minutes: --books keeps it
        generator = [sys.executable, str(ROOT / "examples" / "make_demo.py"), str(book)]
        subprocess.run([*generator, "--scale", str(scale)], check=True, capture_output=True)
    lines = []
    xlsx = tmp / f"{name}-xlsx"
    xlsx_handbook(xlsx, book)
    wall, cpu, peak = check(xlsx)
    shown = f"{'-':>8} {'-':>9} {state_sizes(xlsx)}"
    lines.append(f"  {'xlsx':34} {wall:7.1f} {cpu:7.1f} {peak:7.0f} {shown}")
    sheets = {
        title: [[cell(v) for v in row.values] for row in sheet.rows]
        for title, sheet in XlsxSource(book).read().sheets.items()
    }
    server = SheetsServer()
    try:
        server.api.add_book(MAIN, name, sheets, {EMAIL})
        cells = server.api.books[MAIN].cells()
        rows = sum(len(t) for t in sheets.values())
        del sheets
        folder = tmp / f"{name}-sheets"
        sheets_handbook(folder, server, google={"timeout": 180, "retry_limit": 120})
        server.api.reset_counts()
        wall, cpu, peak = check(folder)
        requests, largest = server.api.api_requests(), server.api.largest / MB
        lines.append(
            f"  {'Sheets, blocks (first read)':34} {wall:7.1f} {cpu:7.1f} {peak:7.0f}"
            f" {requests:8d} {largest:8.1f}M {state_sizes(folder)}"
        )
        server.api.reset_counts()
        wall, cpu, peak = check(folder)
        lines.append(
            f"  {'Sheets, unchanged (kept rows)':34} {wall:7.1f} {cpu:7.1f} {peak:7.0f}"
            f" {server.api.api_requests():8d} {server.api.largest / MB:8.1f}M"
        )
        server.api.reset_counts()
        size, seconds = whole_batch(
            server, folder / "deskbook.toml", [s.title for s in server.api.books[MAIN].sheets]
        )
        lines.append(
            f"  {'before: one batchGet of every tab':34} {seconds:7.1f} {'':7} {'':7}"
            f" {1:8d} {size / MB:8.1f}M"
        )
    finally:
        server.close()
    header = (
        f"\n{name}: make_demo --scale {scale}, {rows:,} rows, {cells:,} cells in the grid\n"
        f"  {'':34} {'wall s':>7} {'CPU s':>7} {'peak MB':>7} {'requests':>8}"
        f" {'largest':>9} {'state MB':>7} {'kept MB':>7}"
    )
    return [header, *lines]


class BeforePacing(DeskbookHTTPClient):
    """The rule of before: every GET, Drive's too, took a token from the Sheets read bucket."""

    def request(self, method, endpoint, *args, **kwargs):  # type: ignore[no-untyped-def]
        if method.lower() == "get" and self.quota is not None:
            self.quota.take(self.account.email if self.account else None)
        return super().request(method, endpoint, *args, **kwargs)


def drive_check_of_before(estate: Estate) -> None:
    config = estate.config
    account = load_account(config.source.google, config.root)
    plain = connect(account, config.source.google)
    client = BeforePacing(
        None,
        plain.session,
        policy=plain.policy,
        api_root=plain.api_root,
        account=account,
        quota=plain.quota,
    )
    try:
        for key in spreadsheets(estate):
            url = f"https://www.googleapis.com/drive/v3/files/{key}"
            client.request("get", url, params={"fields": drive.FIELDS})
    finally:
        client.session.close()


def company(root: Path, server: SheetsServer, count: int, accounts: int) -> list[Estate]:
    from tests.sheets_helpers import spec_tabs

    tabs = spec_tabs()
    (root / "secrets").mkdir(parents=True)
    emails = [f"sync-{a}@deskbook-company.iam.gserviceaccount.com" for a in range(accounts)]
    for a, email in enumerate(emails):
        info = service_account(server, kid=f"bench-{a}", email=email)
        (root / "secrets" / f"key-{a}.json").write_text(json.dumps(info), "utf-8")
    lines = ["[company]", 'name = "Bench company"', "[shared.source.google]"]
    lines += [f'api_root = "{server.root}"', "timeout = 30", "retry_limit = 60"]
    for n in range(count):
        key = f"1Estate{n:04d}ServiceDeskLedger2026abcdefghij"
        server.api.add_book(key, f"Estate {n}", tabs, {emails[n % accounts]})
        lines += ["[[estate]]", f'code = "e{n:04d}"', f'name = "Estate {n}"', f'source = "{key}"']
        lines += ["[estate.overrides.source.google]"]
        lines += [f'credentials = "secrets/key-{n % accounts}.json"']
    (root / "deskbook.toml").write_text("\n".join(lines) + "\n", "utf-8")
    return estates(load_company(root / "deskbook.toml"))


def in_threads(chosen: list[Estate], work, threads: int) -> None:  # type: ignore[no-untyped-def]
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(work, chosen))


def company_part(count: int, accounts: int, speed: float, threads: int, tmp: Path) -> list[str]:
    server = SheetsServer()
    lines = [
        f"\ncompany: {count} estates on Sheets, {accounts} service account(s),"
        f" quota clock x{speed:g}, {threads} threads",
        f"  {'':44} {'wall s':>7} {'requests':>8} {'Sheets reads':>12} {'quota min':>9}",
    ]
    taken: list[float] = []
    lock = threading.Lock()

    class Counting(google_quota.Quota):
        def take(self, account: str | None) -> float:
            at = super().take(account)
            with lock:
                taken.append(at)
            return at

    def row(name: str, wall: float) -> str:
        span = (max(taken) - min(taken)) / 60 if len(taken) > 1 else 0.0
        return (
            f"  {name:44} {wall:7.1f} {server.api.api_requests():8d} {len(taken):12d} {span:9.2f}"
        )

    try:
        chosen = company(tmp / "company", server, count, accounts)
        limits = google_quota.Limits()
        clock = google_quota.accelerated(speed)
        for number, name in enumerate(("first", "unchanged", "before")):
            google_quota.use(Counting(tmp / "quota" / f"{number}.json", limits, clock))
            server.api.reset_counts()
            taken.clear()
            start = time.perf_counter()
            if name == "before":
                in_threads(chosen, drive_check_of_before, threads)
                wall = time.perf_counter() - start
                lines.append(row("unchanged pass, before (Drive one by one)", wall))
                continue
            planned = plan_pass(chosen, limits, force=False)
            # What Drive said, for every estate at once (one process here, not one each).
            drive.use({k: v for said in planned.versions.values() for k, v in said.items()})

            def one(estate: Estate) -> None:
                cache = SheetCache(tmp / "state" / estate.code / "deskbook.sqlite")
                source = GSheetsSource.open(estate.config, cache)
                last = {key: cache.values(key) for key in source.groups}
                now = source.known = source.versions()
                if any(
                    v is None or v.modified_time != now[k].modified_time for k, v in last.items()
                ):
                    source.read()

            in_threads(chosen, one, threads)
            wall = time.perf_counter() - start
            label = "first pass (every estate read)" if name == "first" else "unchanged pass, now"
            lines.append(row(label, wall))
            if name == "first":
                lines.append(
                    f"  {'':44} printed before it: {planned.reads} reads,"
                    f" {planned.minutes:.2f} quota min at the least"
                )
    finally:
        google_quota.use(None)
        drive.use({})
        server.close()
    return lines


def publish_part(count: int, accounts: int, jobs: int, tmp: Path) -> list[str]:
    """`deskbook publish --all` for real, in a child process: every estate's build, then the
    pass with nothing changed (the quota on the real clock)."""
    server = SheetsServer()
    root = tmp / "publish"
    lines = [
        f"\npublish --all: {count} estates on Sheets, {accounts} service accounts, --jobs {jobs}",
        f"  {'':34} {'wall s':>7} {'CPU s':>7} {'peak MB':>7} {'requests':>8}",
    ]
    try:
        company(root, server, count, accounts)
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(ROOT / "site", root / "site")
        settings = (root / "deskbook.toml").read_text("utf-8")
        settings = settings.replace(
            "[shared.source.google]", '[shared.site]\nmkdocs = "mkdocs.yml"\n[shared.source.google]'
        )
        (root / "deskbook.toml").write_text(settings, "utf-8")
        command = [
            sys.executable,
            "-m",
            "deskbook",
            "publish",
            "--all",
            "--config",
            "deskbook.toml",
        ]
        command += ["--as-of", AS_OF, "--jobs", str(jobs), "--quiet"]
        for name in ("first pass", "unchanged pass"):
            server.api.reset_counts()
            wall, cpu, peak = child(command, root)
            lines.append(
                f"  {name:34} {wall:7.1f} {cpu:7.1f} {peak:7.0f} {server.api.api_requests():8d}"
            )
    finally:
        server.close()
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=20)
    parser.add_argument("--big", type=int, default=70, help="scale of the ~9M-cell one")
    parser.add_argument("--estates", type=int, default=300)
    parser.add_argument("--accounts", type=int, default=1)
    parser.add_argument("--speed", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--skip", choices=("spreadsheets", "company"))
    parser.add_argument("--publish", type=int, default=0, help="estates of a real publish --all")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--books", type=Path, help="a folder to keep the generated workbooks in")
    args = parser.parse_args(argv)
    print(f"Sheets at scale, {dt.date.today()}")
    with tempfile.TemporaryDirectory(prefix="deskbook-sheets-scale-") as tmp:
        folder = Path(tmp)
        if args.skip != "spreadsheets":
            for name, scale in (("scale", args.scale), ("big", args.big)):
                books = args.books or folder
                books.mkdir(parents=True, exist_ok=True)
                print("\n".join(spreadsheet_part(name, scale, folder, books)), flush=True)
        if args.skip != "company":
            parts = company_part(args.estates, args.accounts, args.speed, args.threads, folder)
            print("\n".join(parts), flush=True)
        if args.publish:
            # Six accounts of one project: the project's 300 reads a minute binds, not 60.
            parts = publish_part(args.publish, 6, args.jobs, folder)
            print("\n".join(parts), flush=True)


if __name__ == "__main__":
    main()
