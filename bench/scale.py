"""A company's workbook at scale: reading, validation and `deskbook check`, with baselines.

Generates `examples/make_demo.py --scale N` (N estates of the demo's shape: ids unique,
references valid) and measures, in the same run:
  - reading: the complete openpyxl cell parser (baseline) against the calamine reader;
  - validation: rows per second, against `frictionless validate` of the fees tab exported to
    CSV (install it with `pip install frictionless`; without it that line says so);
  - `deskbook check` end to end in a child process, with its peak memory.

Usage: python bench/scale.py [--scale 5]
The target-size run (a ~1.6M-row company): python bench/scale.py --scale 110
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from deskbook.schema.validate import validate
from deskbook.sources.xlsx import XlsxSource
from deskbook.sources.xlsx_full import FullXlsxSource

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-27"
ZONE = ZoneInfo("Asia/Shanghai")


def _timed(work):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def _frictionless(book: Path, folder: Path) -> tuple[float, int] | None:
    exe = Path(sys.executable).with_name("frictionless")
    if not exe.exists() and shutil.which("frictionless") is None:
        return None
    fees = XlsxSource(book).read().sheets["收費"]
    path = folder / "fees.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        for row in fees.rows:
            writer.writerow(["" if v is None else v for v in row.values])
    command = [str(exe if exe.exists() else "frictionless"), "validate", str(path)]
    seconds, _ = _timed(lambda: subprocess.run(command, capture_output=True, check=False))
    return seconds, len(fees.rows) - 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="deskbook-scale-") as tmp:
        folder = Path(tmp)
        book = folder / "examples" / "demo.xlsx"
        book.parent.mkdir()
        generator = [sys.executable, str(ROOT / "examples" / "make_demo.py"), str(book)]
        subprocess.run(
            [*generator, "--scale", str(args.scale)],
            check=True,
            capture_output=True,
        )
        for name in ("deskbook.toml", "mkdocs.yml"):
            shutil.copy(ROOT / name, folder / name)
        shutil.copytree(ROOT / "site", folder / "site")

        full, _ = _timed(lambda: FullXlsxSource(book).read())
        fast, workbook = _timed(lambda: XlsxSource(book).read())
        rows = sum(len(s.rows) for s in workbook.sheets.values())
        synced = dt.datetime(2026, 11, 27, 9, tzinfo=ZONE)
        checked, _ = _timed(
            lambda: validate(workbook, ZONE, synced, as_of=dt.date.fromisoformat(AS_OF))
        )
        compared = _frictionless(book, folder)

        check = [sys.executable, "-m", "deskbook", "check", "--config", "deskbook.toml"]
        command, _ = _timed(
            lambda: subprocess.run(
                [*check, "--as-of", AS_OF], cwd=folder, capture_output=True, check=False
            )
        )
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    print(f"scale x{args.scale}: {rows} rows")
    print(f"  read, openpyxl cell parser (baseline)  {full:7.2f} s")
    print(f"  read, calamine + XML scan              {fast:7.2f} s   {full / fast:5.1f}x faster")
    speed = rows / checked
    print(f"  validate                               {checked:7.2f} s   {speed:8.0f} rows/s")
    if compared is None:
        print("  frictionless: not installed (pip install frictionless) - comparison skipped")
    else:
        seconds, fee_rows = compared
        print(
            f"  frictionless validate, fees tab as CSV {seconds:7.2f} s   "
            f"{fee_rows / seconds:8.0f} rows/s (process start included)"
        )
    print(f"  deskbook check (child process)         {command:7.2f} s   peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
