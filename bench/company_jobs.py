"""Wall time, CPU and peak memory of `deskbook publish --all` on the demo company, per --jobs.

Each run publishes a freshly written demo company (examples/make_company.py: six estates of
80 to 1,500 units, one damaged) from scratch. A sampler reads /proc every 0.1 s for the whole
process tree of the run: the peak of the tree's summed proportional memory, Pss (what the
machine must hold at once) and the peak of any one process (one estate's publish, with --jobs
above 1 a worker process). CPU is user+sys of the run and its children (getrusage), which a shared
machine disturbs less than wall time. The same run's --jobs 1 figures are the baseline: the
claim is that the peak at --jobs N stays under N times the peak of one estate.

Usage: python bench/company_jobs.py [--jobs 1,2]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from memory import Sampler

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-27"


def publish(jobs: int, work: Path) -> dict[str, float]:
    folder = work / f"jobs-{jobs}"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "sync"), "NO_MKDOCS_2_WARNING": "1"}
    script = ROOT / "examples" / "make_company.py"
    subprocess.run([sys.executable, str(script), str(folder)], check=True, env=env)
    deskbook = Path(sys.executable).parent / "deskbook"
    command = [str(deskbook), "publish", "--all", "--jobs", str(jobs)]
    command += ["--config", str(folder / "deskbook.toml"), "--as-of", AS_OF]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    sampler = Sampler(process.pid)
    sampler.start()
    code = process.wait()
    wall = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"code": code, "wall": wall, "cpu": cpu, "total": sampler.total, "one": sampler.one}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to run")
    args = parser.parse_args(argv)
    mb = 1024 * 1024
    with tempfile.TemporaryDirectory() as tmp:
        runs = {int(j): publish(int(j), Path(tmp)) for j in args.jobs.split(",")}
    base = runs[min(runs)]
    print("demo company publish --all (6 estates, one damaged: exit 2 expected)")
    for jobs, r in runs.items():
        print(
            f"  --jobs {jobs}: exit {r['code']:.0f}, wall {r['wall']:.1f} s "
            f"({r['wall'] / base['wall']:.2f}x), cpu {r['cpu']:.1f} s "
            f"({r['cpu'] / base['cpu']:.2f}x), peak tree {r['total'] / mb:.0f} MB, "
            f"largest process {r['one'] / mb:.0f} MB; "
            f"tree / (jobs x one estate at --jobs 1) = {r['total'] / (jobs * base['one']):.2f}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
