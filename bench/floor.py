"""The build floor: `deskbook build` against a bare `mkdocs build` of the same pages.

Baseline: plain MkDocs (Material, search, the same Markdown extensions and nav) building the
staged folder `deskbook build --stage-only` writes (deskbook.site.stage): generated pages
rendered from the page specs, hand-written pages with their markers filled, front matter kept.
The tables, lists and paragraphs a template writes as HTML are written there as the Markdown
they stand for: the same content, the plain way.
Measured: `deskbook build` of the same workbook (read, validate, views, render, the MkDocs
build, the banner and the search-index rewrite). The target is at most 1.3x the floor.
`deskbook check` of the same workbook is timed too, so the site's own share shows apart from
reading and validating.

The pages are staged once (also the warm-up) before the timed builds.

Usage: python bench/floor.py [--scale 1] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from deskbook.cli import main as cli
from deskbook.render.held_html import BLOCK, as_markdown

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-27"


def _handbook(folder: Path, scale: int) -> Path:
    for name in ("deskbook.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "site", folder / "site")
    book = folder / "examples" / "demo.xlsx"
    book.parent.mkdir()
    if scale == 1:
        shutil.copy(ROOT / "examples" / "demo.xlsx", book)
    else:
        generator = [sys.executable, str(ROOT / "examples" / "make_demo.py"), str(book)]
        subprocess.run([*generator, "--scale", str(scale)], check=True, capture_output=True)
    return folder / "deskbook.toml"


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds: on a shared machine the CPU ratio is the steadier of the two."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def _build(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    if result.exit_code not in (0, 1):  # 1: the demo's deliberate data errors
        raise SystemExit(result.output)


def _staged(config: str, folder: Path) -> Path:
    """The staged site, its held HTML written as the Markdown it stands for; its mkdocs.yml."""
    staged = folder / "staged"
    _build(["build", "--config", config, "--as-of", AS_OF, "--force", "--stage-only", str(staged)])
    for page in (staged / "docs").rglob("*.md"):
        text = page.read_text("utf-8")
        page.write_text(BLOCK.sub(lambda block: as_markdown(block[0]), text), "utf-8")
    return staged / "mkdocs.yml"


def _bare(config: Path, out: Path) -> None:
    mkdocs_build(load_config(str(config), site_dir=str(out)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="deskbook-floor-") as tmp:
        folder = Path(tmp)
        config = str(_handbook(folder, args.scale))
        out = folder / "public"
        build = ["build", "--config", config, "--as-of", AS_OF, "--force", "--output", str(out)]
        bare = _staged(config, folder)
        bare_out = folder / "bare"
        floor = min(_timed(lambda: _bare(bare, bare_out)) for _ in range(args.repeat))
        measured = min(_timed(lambda: _build(build)) for _ in range(args.repeat))
        check = ["check", "--config", config, "--as-of", AS_OF, "--force"]
        data = min(_timed(lambda: _build(check)) for _ in range(args.repeat))
        ours = sum(1 for _ in out.rglob("*.html"))
        theirs = sum(1 for _ in bare_out.rglob("*.html"))
    print(f"build floor, scale x{args.scale}, as of {AS_OF} (best of {args.repeat})")
    print(
        f"  bare mkdocs build, same pages (baseline)  {floor[0]:6.2f} s wall"
        f" {floor[1]:6.2f} s CPU   {theirs} pages"
    )
    print(
        f"  deskbook build --force                     {measured[0]:6.2f} s wall"
        f" {measured[1]:6.2f} s CPU   {ours} pages"
    )
    print(
        f"  ratio {measured[0] / floor[0]:4.2f}x wall, {measured[1] / floor[1]:4.2f}x CPU"
        " (target <= 1.3x)"
    )
    print(
        f"  deskbook check --force (read + validate)   {data[0]:6.2f} s wall {data[1]:6.2f} s CPU"
    )
    site = (measured[0] - data[0], measured[1] - data[1])
    print(
        f"  without read + validate: ratio {site[0] / floor[0]:4.2f}x wall,"
        f" {site[1] / floor[1]:4.2f}x CPU (what the site part adds on top of MkDocs)"
    )


if __name__ == "__main__":
    main()
