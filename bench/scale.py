"""A company's workbook at scale: reading, validation and `deskbook check`, with baselines.

Generates `examples/make_demo.py --scale N` (N estates of the demo's shape: ids unique,
references valid) and measures, in the same run:
  - reading: the complete openpyxl cell parser (baseline) against the calamine reader;
  - validation: rows per second (CPU time) of all tabs and of the fees tab alone, against
    `frictionless validate` of the fees tab exported to CSV, in this process (install it with
    `pip install frictionless`; without it that line says so);
  - `deskbook check` end to end in a child process, with its peak memory.

Usage: python bench/scale.py [--scale 5] [--teams T]
The target-size runs: python bench/scale.py --scale 110 (1.64M rows, 4,400 staff) and
--scale 110 --teams 50 (1.45M rows, the size limit's 2,000 staff)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from memory import Sampler

from deskbook.schema.validate import validate
from deskbook.sources import RawWorkbook
from deskbook.sources.xlsx import XlsxSource
from deskbook.sources.xlsx_full import FullXlsxSource

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-27"
ZONE = ZoneInfo("Asia/Shanghai")


def _timed(work):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def _cpu(work):  # type: ignore[no-untyped-def]
    """CPU seconds of `work` in this process (the machine is shared: wall time is noisy)."""
    start = time.process_time()
    result = work()
    return time.process_time() - start, result


def _child(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall and CPU seconds of one child process (and any it forks), and the peak of their
    summed proportional memory in MB: its own, not the generator's."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sampler = Sampler(child.pid)
    sampler.start()
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped here: Popen must not wait for it again
    wall = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    return wall, usage.ru_utime + usage.ru_stime, sampler.total / 2**20


def _fees_csv(workbook: RawWorkbook, folder: Path) -> tuple[Path, int]:
    """The fees tab as a CSV file, as a clerk would export it; returns it with its data rows."""
    fees = workbook.sheets["收費"]
    path = folder / "fees.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        width = max(len(row.values) for row in fees.rows)
        for row in fees.rows:
            cells = ["" if v is None else v for v in row.values]
            writer.writerow(cells + [""] * (width - len(cells)))  # a blank tail stays a cell
    return path, len(fees.rows) - 1


def _frictionless(path: Path, rows: int) -> float | None:
    """CPU seconds of frictionless validating the CSV in this process (types inferred from a
    sample, then every row checked against them); None when it is not installed. The path is
    relative to a base folder: frictionless refuses an absolute one as unsafe."""
    try:
        from frictionless import validate as frictionless_validate
    except ImportError:
        return None
    seconds, report = _cpu(
        # Every row checked: by default it stops at its thousandth error.
        lambda: frictionless_validate(path.name, basepath=str(path.parent), limit_errors=rows * 99)
    )
    read = report.tasks[0].stats.get("rows") if report.tasks else None
    if read != rows:  # it stopped early: its time would not be for the whole tab
        raise SystemExit(f"frictionless read {read} of {rows} rows: {report.flatten(['note'])[:3]}")
    return float(seconds)


def _read_whole(book: Path) -> RawWorkbook:
    """Every sheet read now: the reader itself reads each only when validation asks for it."""
    lazy = XlsxSource(book).read()
    return RawWorkbook({title: lazy.sheets[title] for title in lazy.sheets}, lazy.description)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=5)
    parser.add_argument("--teams", type=int, help="staff teams (make_demo.py --teams)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="deskbook-scale-") as tmp:
        folder = Path(tmp)
        book = folder / "examples" / "demo.xlsx"
        book.parent.mkdir()
        generator = [sys.executable, str(ROOT / "examples" / "make_demo.py"), str(book)]
        teams = [] if args.teams is None else ["--teams", str(args.teams)]
        subprocess.run(
            [*generator, "--scale", str(args.scale), *teams],
            check=True,
            capture_output=True,
        )
        for name in ("deskbook.toml", "mkdocs.yml"):
            shutil.copy(ROOT / name, folder / name)
        shutil.copytree(ROOT / "site", folder / "site")

        # First, while this process holds nothing: the reads below keep whole workbooks in
        # memory, and a check run beside several GB of them ran a quarter slower.
        check = [sys.executable, "-m", "deskbook", "check", "--config", "deskbook.toml"]
        command, check_cpu, peak = _child([*check, "--as-of", AS_OF], folder)
        full, _ = _timed(lambda: FullXlsxSource(book).read())
        fast, workbook = _timed(lambda: _read_whole(book))
        rows = sum(len(s.rows) for s in workbook.sheets.values())
        synced = dt.datetime(2026, 11, 27, 9, tzinfo=ZONE)
        as_of = dt.date.fromisoformat(AS_OF)
        checked, _ = _cpu(lambda: validate(workbook, ZONE, synced, as_of=as_of))
        fees = RawWorkbook({"收費": workbook.sheets["收費"]}, "fees")
        fees_checked, _ = _cpu(lambda: validate(fees, ZONE, synced, as_of=as_of))
        fees_csv, fee_rows = _fees_csv(workbook, folder)
        compared = _frictionless(fees_csv, fee_rows)

    print(f"scale x{args.scale}: {rows} rows")
    print(f"  read, openpyxl cell parser (baseline)  {full:7.2f} s")
    print(f"  read, calamine + XML scan              {fast:7.2f} s   {full / fast:5.1f}x faster")
    print(
        f"  validate, all tabs (CPU)               {checked:7.2f} s   {rows / checked:8.0f} rows/s"
    )
    fees_speed = fee_rows / fees_checked
    print(
        f"  validate, fees tab alone (CPU)         {fees_checked:7.2f} s   {fees_speed:8.0f} rows/s"
    )
    if compared is None:
        print("  frictionless: not installed (pip install frictionless) - comparison skipped")
    else:
        print(
            f"  frictionless validate, fees as CSV     {compared:7.2f} s   "
            f"{fee_rows / compared:8.0f} rows/s   deskbook {fees_speed * compared / fee_rows:.1f}x"
        )
    print(
        f"  deskbook check (child process)         {command:7.2f} s   "
        f"CPU {check_cpu:.2f} s   peak {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
