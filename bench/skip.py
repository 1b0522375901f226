"""An unchanged source skips the build: its time against a full `deskbook check`, same run.

Generates `examples/make_demo.py --scale N`, builds it once (xlsx, then the same tabs as a CSV
folder, then as a spreadsheet on the loopback Sheets API server the tests use), then times,
each in a child process as cron would start it:
  - baseline: `deskbook check` (read and validate every cell, store the snapshot);
  - `deskbook build` again with nothing changed: hashes the source files (Google Sheets: asks
    Drive for modifiedTime, one request) and the pages' inputs, finds last build's stamp and
    reads nothing (deskbook.state.stamps).
Process start and imports are inside both times: that is what a cron sync costs.

Usage: python bench/skip.py [--scale 5] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from deskbook.sources.xlsx import XlsxSource

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.sheets_helpers import EMAIL, MAIN, sheets_handbook  # noqa: E402
from tests.sheets_server import SheetsServer  # noqa: E402

AS_OF = "2026-11-27"


def _run(folder: Path, *args: str) -> float:
    command = [sys.executable, "-m", "deskbook", *args, "--config", "deskbook.toml"]
    start = time.perf_counter()
    done = subprocess.run([*command, "--as-of", AS_OF], cwd=folder, capture_output=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: the demo's deliberate data errors
        raise SystemExit(done.stderr.decode())
    return elapsed


def _as_csv(book: Path, folder: Path) -> None:
    folder.mkdir()
    for title, sheet in XlsxSource(book).read().sheets.items():
        with (folder / f"{title}.csv").open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            for row in sheet.rows:
                writer.writerow(["" if v is None else v for v in row.values])


def _cell(value: object) -> object:
    if value is None:
        return ""
    return value if isinstance(value, (str, int, float, dt.date)) else str(value)


def _sheets_handbook(book: Path, folder: Path, server: SheetsServer) -> None:
    tabs = {
        title: [[_cell(v) for v in row.values] for row in sheet.rows]
        for title, sheet in XlsxSource(book).read().sheets.items()
    }
    server.api.add_book(MAIN, "scaled demo", tabs, {EMAIL})
    sheets_handbook(folder, server, google={"timeout": 60})


def _times(folder: Path, kind: str, repeat: int) -> None:
    _run(folder, "build")
    check = statistics.median(_run(folder, "check") for _ in range(repeat))
    skip = statistics.median(_run(folder, "build") for _ in range(repeat))
    print(f"  {kind:8}  deskbook check (baseline)   {check:6.2f} s")
    print(
        f"  {kind:8}  build, nothing changed      {skip:6.2f} s   "
        f"{check / skip:5.1f}x faster than check"
    )


def _handbook(folder: Path, source: str, kind: str) -> None:
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "site", folder / "site")
    settings = (ROOT / "deskbook.toml").read_text("utf-8")
    settings = settings.replace('kind = "xlsx"', f'kind = "{kind}"')
    settings = settings.replace('path = "examples/demo.xlsx"', f'path = "{source}"')
    (folder / "deskbook.toml").write_text(settings, "utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="deskbook-skip-") as tmp:
        book = Path(tmp) / "demo.xlsx"
        generator = [sys.executable, str(ROOT / "examples" / "make_demo.py"), str(book)]
        subprocess.run([*generator, "--scale", str(args.scale)], check=True, capture_output=True)
        _as_csv(book, Path(tmp) / "tabs")
        print(f"unchanged source, scale x{args.scale} (medians of {args.repeat})")
        for kind, source in (("xlsx", str(book)), ("csv", str(Path(tmp) / "tabs"))):
            folder = Path(tmp) / kind
            folder.mkdir()
            _handbook(folder, source, kind)
            _times(folder, kind, args.repeat)
        server = SheetsServer()
        try:
            folder = Path(tmp) / "gsheets"
            _sheets_handbook(book, folder, server)
            _times(folder, "gsheets", args.repeat)
        finally:
            server.close()


if __name__ == "__main__":
    main()
