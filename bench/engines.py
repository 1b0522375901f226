"""The two site engines side by side: MkDocs + Material against Zensical, in one run.

Builds the demo handbook and a scaled company workbook (examples/make_demo.py --scale N: N
estates of the demo's shape in one handbook; `--scale 20` is ~300k rows and 12,835 pages, over
an hour for both engines on two cores, so `make bench` runs 5) with `deskbook build --engine
mkdocs` and `--engine zensical`. Per build: wall time, CPU (user+sys of the build and its
children, as Zensical builds in a child) and the peak of the process tree's memory
(bench/memory.py); the MkDocs build of the same workload is the baseline each ratio is against.
Then the two demo builds are compared page by page (tests/engine_compare.py) and every
difference is listed.

Usage: python bench/engines.py [--scale 5] [--no-compare]   (docs/pages/speed.md: --scale 20)
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from memory import Sampler

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
AS_OF = "2026-11-27"
ENGINES = ("mkdocs", "zensical")


def _handbook(folder: Path, workbook: Path) -> Path:
    folder.mkdir(parents=True)
    for name in ("deskbook.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "site", folder / "site")
    (folder / "examples").mkdir()
    shutil.copy(workbook, folder / "examples" / "demo.xlsx")
    return folder / "deskbook.toml"


def _build(config: Path, engine: str, out: Path) -> dict[str, float]:
    deskbook = Path(sys.executable).parent / "deskbook"
    command = [str(deskbook), "build", "--engine", engine, "--config", str(config)]
    command += ["--as-of", AS_OF, "--output", str(out), "--force"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = Sampler(process.pid)
    sampler.start()
    _, err = process.communicate()
    wall = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in (0, 1):  # 1: the demo's deliberate data errors
        raise SystemExit(err.decode(errors="replace")[-2000:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    pages = sum(1 for _ in out.rglob("*.html"))
    return {"wall": wall, "cpu": cpu, "peak": sampler.total / 2**20, "pages": pages}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=5)
    parser.add_argument("--no-compare", action="store_true")
    args = parser.parse_args(argv)
    from tests.engine_compare import compare
    from tests.expected import sync_time_forms

    with tempfile.TemporaryDirectory(prefix="deskbook-engines-") as tmp:
        work = Path(tmp)
        scaled = work / f"scale{args.scale}.xlsx"
        generator = [sys.executable, str(ROOT / "examples" / "make_demo.py")]
        subprocess.run([*generator, str(scaled), "--scale", str(args.scale)], check=True)
        workloads = {"demo": ROOT / "examples" / "demo.xlsx", f"--scale {args.scale}": scaled}
        print("engine     workload     pages   wall s  ratio   cpu s  ratio  peak MB  ratio")
        for label, workbook in workloads.items():
            base: dict[str, float] | None = None
            for engine in ENGINES:
                slug = label.strip("-").replace(" ", "")
                config = _handbook(work / f"{slug}-{engine}", workbook)
                got = _build(config, engine, work / f"{slug}-{engine}-site")
                base = base or got
                print(
                    f"{engine:10} {label:11} {got['pages']:6.0f} {got['wall']:8.1f}"
                    f" {got['wall'] / base['wall']:5.2f}x {got['cpu']:7.1f}"
                    f" {got['cpu'] / base['cpu']:5.2f}x {got['peak']:8.0f}"
                    f" {got['peak'] / base['peak']:5.2f}x"
                )
        if not args.no_compare:
            left, right = work / "demo-mkdocs-site", work / "demo-zensical-site"
            # The two builds' sync times, a minute apart at most, are not a difference.
            forms = sync_time_forms(left) + sync_time_forms(right)
            differences = [d for d in compare(left, right) if not any(f in d.detail for f in forms)]
            print(f"\ndemo, page by page: {len(differences)} differences")
            for (part, _), count in Counter((d.part, 0) for d in differences).items():
                print(f"  {part}: {count}")
            for difference in differences[:200]:
                print(f"  {difference}")


if __name__ == "__main__":
    main(sys.argv[1:])
