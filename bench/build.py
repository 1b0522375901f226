"""The demo handbook's full build, against reading and validating the same workbook.

Baseline: `deskbook check` (read the xlsx, validate every cell, store the snapshot). Measured:
`deskbook build` (the same, plus views, rendering and the MkDocs build). The ratio says what
the site costs on top of the data; pages, peak memory and search-index size are printed too.

Usage: python bench/build.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from deskbook.cli import main as cli

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-27"


def _handbook(folder: Path) -> Path:
    for name in ("deskbook.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "site", folder / "site")
    shutil.copytree(ROOT / "examples", folder / "examples")
    return folder / "deskbook.toml"


def _timed(args: list[str]) -> float:
    start = time.perf_counter()
    result = CliRunner().invoke(cli, args)
    elapsed = time.perf_counter() - start
    if result.exit_code not in (0, 1):  # 1: the demo's deliberate data errors
        raise SystemExit(result.output)
    return elapsed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="deskbook-bench-") as tmp:
        config = str(_handbook(Path(tmp)))
        out = Path(tmp) / "public"
        check = ["check", "--config", config, "--as-of", AS_OF]
        build = ["build", "--config", config, "--as-of", AS_OF, "--output", str(out)]
        _timed(build)  # warm: jieba's dictionary cache, imports
        baseline = min(_timed(check) for _ in range(args.repeat))
        measured = min(_timed(build) for _ in range(args.repeat))
        pages = sum(1 for _ in out.rglob("*.html"))
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        index = (out / "search" / "search_index.json").stat().st_size
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("demo build: examples/demo.xlsx, as of", AS_OF)
    print(f"  baseline (check: read + validate + store)  {baseline:6.2f} s")
    print(
        f"  build (+ views, render, mkdocs)             {measured:6.2f} s"
        f"   ratio {measured / baseline:5.1f}x baseline"
    )
    print(
        f"  {pages} pages, {size / 1e6:.1f} MB, search index {index / 1e3:.0f} kB,"
        f" peak memory {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
